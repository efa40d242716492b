// Embedded PostgreSQL (PGlite, compiled to WebAssembly) configured like our `pg` connections.
import type Module from 'node:module';
import { runInThisContext } from 'node:vm';
import type * as PGliteModule from '@electric-sql/pglite';
import { pgliteParsers, pgliteSerializers } from './typeParsers';

export type PGlite = PGliteModule.PGlite;

// PGlite's Emscripten glue calls import(), which jest's module sandbox cannot run unless Node was
// started with --experimental-vm-modules (electric-sql/pglite#224). Loading it through the main
// context's module system sidesteps the sandbox; outside jest this is exactly `require`. Values it
// returns may then come from the main realm (e.g. Date), hence the duck-typed serializers.
function loadPGlite(): typeof PGliteModule {
  const mainModule = (runInThisContext('process') as NodeJS.Process).mainModule;
  const load = mainModule ? (mainModule.constructor as typeof Module).createRequire(__filename) : require;
  return load('@electric-sql/pglite') as typeof PGliteModule;
}

export interface PGliteOptions {
  /** Directory of a persistent database; in memory when null/undefined. */
  dataDir?: string | null;
  /**
   * Start from this data directory image (a `dumpDataDir()` tarball) instead of running initdb, which
   * takes seconds. Tests keep an image of a fresh cluster for that.
   */
  image?: Blob;
}

export function openPGlite(options: PGliteOptions = {}): PGlite {
  const { PGlite } = loadPGlite();
  return new PGlite({
    dataDir: options.dataDir ?? undefined,
    loadDataDir: options.image,
    parsers: pgliteParsers,
    serializers: pgliteSerializers,
  });
}

// A data directory image of a freshly initialised PGlite cluster, made once per machine and PGlite
// version (.data/cache), so each test database skips initdb (seconds) and loads the image (a fraction).
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { openPGlite } from '../../src/db/pglite';

function imageFile(): string {
  // The package's exports map hides its package.json; it sits one level above the entry point.
  const manifest = path.resolve(path.dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string };
  return path.join(loadConfig().dataDir, 'cache', `pglite-${version}-initdb.tar.gz`);
}

let cached: Promise<Blob> | undefined;

async function readOrMake(file: string): Promise<Blob> {
  if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
  const pglite = openPGlite();
  try {
    await pglite.waitReady; // dumpDataDir before initdb has finished never settles
    const image = await pglite.dumpDataDir('gzip');
    const bytes = Buffer.from(await image.arrayBuffer());
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Parallel jest workers may race here: each writes its own temp file, the rename is atomic.
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, bytes);
    fs.renameSync(temp, file);
    return new Blob([bytes]);
  } finally {
    await pglite.close();
  }
}

/** The image of a fresh cluster (pass as `pgliteImage` to createKnex). */
export function freshPgliteImage(): Promise<Blob> {
  cached ??= readOrMake(imageFile());
  return cached;
}

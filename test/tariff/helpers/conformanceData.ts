// Locates the shared OCPI conformance data (../shared/conformance/ocpi-tariffs beside the checkout).
// A user's clone does not have it: suites that need it are skipped with a note, never failed, and the
// data is never copied into this repository (its licences differ from ours).
import { existsSync, readFileSync } from 'fs';
import path from 'path';

export const CONFORMANCE_DIR = path.resolve(__dirname, '../../../../shared/conformance/ocpi-tariffs');
export const conformanceAvailable = existsSync(path.join(CONFORMANCE_DIR, 'INDEX.json'));

export function conformanceText(relativePath: string): string {
  return readFileSync(path.join(CONFORMANCE_DIR, relativePath), 'utf8');
}

/** describe() when the data is present, else describe.skip() with a console note saying why. */
export function describeWithConformanceData(name: string, body: () => void): void {
  if (conformanceAvailable) {
    describe(name, body);
    return;
  }
  // `body` is not run: it reads the data while jest collects the tests, even under describe.skip.
  console.warn(`${name}: skipped, conformance data not found at ${CONFORMANCE_DIR}`);
  describe.skip(name, () => {
    it(`needs the conformance data at ${CONFORMANCE_DIR}`, () => undefined);
  });
}

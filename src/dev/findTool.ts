// Locates the external programs chargeledger runs in development (Temporal CLI, stripe-mock):
// first the project's own build in .tools/bin (made by `npm run setup`), then the PATH.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config';

export const TOOLS_BIN = path.join(REPO_ROOT, '.tools', 'bin');

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The path of `name`, or undefined when neither .tools/bin nor the PATH has it. */
export function locateTool(
  name: string,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const candidates = [TOOLS_BIN, ...(env.PATH ?? '').split(path.delimiter).filter(Boolean)];
  return candidates.map((dir) => path.join(dir, name)).find(isExecutable);
}

/** Like locateTool, but a missing tool is an error that says how to get it. */
export function requireTool(name: string): string {
  const found = locateTool(name);
  if (found) return found;
  throw new Error(
    `${name} not found in ${path.relative(process.cwd(), TOOLS_BIN) || TOOLS_BIN} or on PATH. ` +
      'Run `npm run setup` (builds it with Go into .tools/bin), or install it and put it on PATH.',
  );
}

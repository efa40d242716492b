// Runs the official EN 16931 validation artefacts from ../shared/einvoice/en16931 (beside the
// repository): xmllint with the CII D16B XSD, Saxon-HE with the CII and UBL Schematron XSLTs.
// Many documents go through one JVM start: Saxon transforms a whole directory in one run.
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

export const EN16931_DIR = path.resolve(__dirname, '../../../shared/einvoice/en16931');
const SAXON_JAR = '/usr/share/java/Saxon-HE.jar';
const CII_XSD = path.join(
  EN16931_DIR,
  'cii/schema/CII/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd',
);
const XSLT = {
  cii: path.join(EN16931_DIR, 'cii/xslt/EN16931-CII-validation.xslt'),
  ubl: path.join(EN16931_DIR, 'ubl/xslt/EN16931-UBL-validation.xslt'),
};

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

/** Why validation cannot run here, or undefined when it can. */
export function whyNoValidators(): string | undefined {
  if (!existsSync(EN16931_DIR)) return `${EN16931_DIR} is absent (a clone without the shared folder)`;
  if (!existsSync(SAXON_JAR)) return `${SAXON_JAR} is missing (apt-get install libsaxonhe-java)`;
  if (!onPath('java') || !onPath('xmllint')) return 'java or xmllint is not installed';
  return undefined;
}

export interface FailedAssert {
  id: string;
  flag: string;
  text: string;
}

/** XSD errors per document name (empty list: valid). One xmllint process for all documents. */
export function ciiSchemaErrors(documents: Record<string, string>): Record<string, string[]> {
  const dir = writeAll(documents);
  try {
    const files = Object.keys(documents).map((name) => path.join(dir, 'in', `${name}.xml`));
    const run = spawnSync('xmllint', ['--noout', '--schema', CII_XSD, ...files], { encoding: 'utf8' });
    return Object.fromEntries(
      Object.keys(documents).map((name) => [
        name,
        run.stderr.split('\n').filter((line) => line.startsWith(path.join(dir, 'in', `${name}.xml:`))),
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Schematron failed asserts per document name, from one Saxon run over all documents. */
export function schematronFailures(
  syntax: 'cii' | 'ubl',
  documents: Record<string, string>,
): Record<string, FailedAssert[]> {
  const dir = writeAll(documents);
  const out = path.join(dir, 'svrl');
  mkdirSync(out);
  try {
    execFileSync(
      'java',
      [
        '-cp',
        SAXON_JAR,
        'net.sf.saxon.Transform',
        `-s:${path.join(dir, 'in')}`,
        `-xsl:${XSLT[syntax]}`,
        `-o:${out}`,
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const reports = readdirSync(out);
    if (reports.length !== Object.keys(documents).length)
      throw new Error(`Saxon wrote ${reports.length} reports`);
    return Object.fromEntries(
      Object.keys(documents).map((name) => [
        name,
        failedAsserts(readFileSync(path.join(out, `${name}.xml`), 'utf8')),
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function failedAsserts(svrl: string): FailedAssert[] {
  if (!svrl.includes('svrl:fired-rule'))
    throw new Error('the Schematron report shows no rule fired: wrong syntax?');
  return [...svrl.matchAll(/<svrl:failed-assert\b([^>]*)>([\s\S]*?)<\/svrl:failed-assert>/g)].map(
    ([, attributes, body]) => ({
      id: /\bid="([^"]*)"/.exec(attributes)?.[1] ?? '?',
      flag: /\bflag="([^"]*)"/.exec(attributes)?.[1] ?? '?',
      text: (/<svrl:text>([\s\S]*?)<\/svrl:text>/.exec(body)?.[1] ?? '').trim(),
    }),
  );
}

function writeAll(documents: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'en16931-'));
  mkdirSync(path.join(dir, 'in'));
  for (const [name, xml] of Object.entries(documents)) {
    writeFileSync(path.join(dir, 'in', `${name}.xml`), xml);
  }
  return dir;
}

// Which real services a jest run needs, decided from the test files it will run, so a run of pure unit
// tests starts nothing and pays nothing.
//
// A test file needs a service when its source mentions one of the service's markers below (the helper
// modules are the intended way: import test/helpers/temporal for Temporal, test/helpers/db for
// PostgreSQL, read STRIPE_API_BASE for stripe-mock). Override with CHARGELEDGER_SERVICES=all|none or a
// comma list (temporal,stripe,postgres); CHARGELEDGER_SKIP_SERVICES=1 means none.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '@jest/types';

export type Service = 'temporal' | 'stripe' | 'postgres';
export const SERVICES: readonly Service[] = ['temporal', 'stripe', 'postgres'];

const MARKERS: Record<Service, RegExp> = {
  temporal:
    /TEMPORAL_ADDRESS|@temporalio\/|helpers\/(temporal|services)|src\/temporal\/|\/workflows\/|\/activities\/|src\/api\b|\be2e\b/,
  stripe: /STRIPE_API_BASE|stripeMock|stripeEndpoint|helpers\/services|src\/api\b|\/activities\/|\be2e\b/,
  postgres: /helpers\/(db|postgres|services)|src\/db\b|DATABASE_URL|\/activities\/|src\/api\b|\be2e\b/,
};

function testFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFilesUnder(full);
    return entry.isFile() && entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Test files this run will execute, or undefined when jest picks them by other means (changed files…). */
export function selectedTestFiles(globalConfig: Config.GlobalConfig, roots: string[]): string[] | undefined {
  if (
    globalConfig.onlyChanged ||
    globalConfig.findRelatedTests ||
    globalConfig.changedSince ||
    globalConfig.lastCommit
  ) {
    return undefined;
  }
  const files = roots.flatMap(testFilesUnder);
  const patterns = globalConfig.testPathPatterns;
  if (!patterns?.isSet()) return files;
  const executor = patterns.toExecutor({ rootDir: globalConfig.rootDir });
  return files.filter((file) => executor.isMatch(file));
}

function fromOverride(value: string): Set<Service> | undefined {
  const v = value.trim().toLowerCase();
  if (!v) return undefined;
  if (v === 'all') return new Set(SERVICES);
  if (v === 'none') return new Set();
  const chosen = v.split(',').map((s) => s.trim());
  const unknown = chosen.filter((s) => !SERVICES.includes(s as Service));
  if (unknown.length) throw new Error(`CHARGELEDGER_SERVICES: unknown service(s) ${unknown.join(', ')}`);
  return new Set(chosen as Service[]);
}

/** The services to start for this run. */
export function servicesNeeded(
  globalConfig: Config.GlobalConfig,
  roots: string[],
  env: NodeJS.ProcessEnv = process.env,
): Set<Service> {
  if (env.CHARGELEDGER_SKIP_SERVICES === '1') return new Set();
  const override = fromOverride(env.CHARGELEDGER_SERVICES ?? '');
  if (override) return override;
  const files = selectedTestFiles(globalConfig, roots);
  if (!files) return new Set(SERVICES);
  const sources = files.map((file) => fs.readFileSync(file, 'utf8'));
  return new Set(SERVICES.filter((service) => sources.some((source) => MARKERS[service].test(source))));
}

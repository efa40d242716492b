// globalSetup starts only what the selected test files need.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestPathPatterns } from '@jest/pattern';
import type { Config } from '@jest/types';
import { servicesNeeded } from '../setup/services';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'chargeledger-services-'));
const files: Record<string, string> = {
  'tariff/rate.test.ts': "import { rateCdr } from '../../src/tariff/rate';",
  'session/workflow.test.ts': "import { testTemporalConfig } from '../helpers/temporal';",
  'db/store.test.ts': "import { useTestDatabase } from '../helpers/db';",
  'payments/hold.test.ts': 'const base = process.env.STRIPE_API_BASE;',
  'e2e/lifecycle.test.ts': "import { startApi } from '../../src/api/server';",
};
beforeAll(() => {
  for (const [file, source] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), source);
  }
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const needed = (
  patterns: string[],
  env: NodeJS.ProcessEnv = {},
  extra: Partial<Config.GlobalConfig> = {},
) => {
  const globalConfig = { rootDir: root, testPathPatterns: new TestPathPatterns(patterns), ...extra };
  return [...servicesNeeded(globalConfig as Config.GlobalConfig, [root], env)].sort();
};

describe('servicesNeeded', () => {
  it('starts a service only when a selected file uses it', () => {
    expect(needed(['tariff/'])).toEqual([]);
    expect(needed(['session/'])).toEqual(['temporal']);
    expect(needed(['db/'])).toEqual(['postgres']);
    expect(needed(['payments/'])).toEqual(['stripe']);
    expect(needed(['tariff/', 'db/'])).toEqual(['postgres']);
    expect(needed(['e2e/'])).toEqual(['postgres', 'stripe', 'temporal']);
    expect(needed([])).toEqual(['postgres', 'stripe', 'temporal']);
  });

  it('starts everything when jest chooses files by other means (changed files)', () => {
    expect(needed(['tariff/'], {}, { onlyChanged: true })).toEqual(['postgres', 'stripe', 'temporal']);
  });

  it('honours CHARGELEDGER_SKIP_SERVICES and CHARGELEDGER_SERVICES', () => {
    expect(needed(['session/'], { CHARGELEDGER_SKIP_SERVICES: '1' })).toEqual([]);
    expect(needed(['tariff/'], { CHARGELEDGER_SERVICES: 'all' })).toEqual(['postgres', 'stripe', 'temporal']);
    expect(needed(['e2e/'], { CHARGELEDGER_SERVICES: 'none' })).toEqual([]);
    expect(needed(['db/'], { CHARGELEDGER_SERVICES: 'stripe, temporal' })).toEqual(['stripe', 'temporal']);
    expect(() => needed([], { CHARGELEDGER_SERVICES: 'redis' })).toThrow(
      'CHARGELEDGER_SERVICES: unknown service(s) redis',
    );
  });
});

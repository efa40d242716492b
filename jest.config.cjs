/** Jest: one run for unit, integration and end-to-end tests.
 * globalSetup starts the real services the integration tests need (Temporal dev server,
 * stripe-mock) once per run; PostgreSQL is the machine's server (see .ci/run). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testTimeout: 60_000,
  globalSetup: '<rootDir>/test/setup/globalSetup.ts',
  globalTeardown: '<rootDir>/test/setup/globalTeardown.ts',
};

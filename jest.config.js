/** Tests run against a real PostgreSQL: tests/global-setup.mjs starts the embedded one (or uses DATABASE_URL). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  globalSetup: '<rootDir>/tests/global-setup.mjs',
  globalTeardown: '<rootDir>/tests/global-teardown.mjs',
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
};

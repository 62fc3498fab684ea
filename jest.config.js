/** Tests run against a real PostgreSQL: tests/global-setup.mjs starts the embedded one (or uses DATABASE_URL). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }], 'node_modules/(flatbush|flatqueue)/.+\\.js$': '<rootDir>/tests/esm-to-cjs.js' },
  // ES-module-only packages the server uses (flatbush and its flatqueue), transpiled for Jest (tests/esm-to-cjs.js).
  transformIgnorePatterns: ['/node_modules/(?!(flatbush|flatqueue)/)'],
  globalSetup: '<rootDir>/tests/global-setup.mjs',
  globalTeardown: '<rootDir>/tests/global-teardown.mjs',
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
};

import { availableParallelism } from 'node:os';

// Jest 30 in ESM mode (NestJS 12 is ESM-only): run through `node --experimental-vm-modules`.
const esm = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^#([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
  testEnvironment: 'node',
};

export default {
  // Most suites wait on a database, a child process or a browser: two at a time even on a 2-core
  // machine (where Jest's default would be one) halves the suite's time. Suites share one
  // DATABASE_URL and keep to their own ids, so they run side by side.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  reporters: ['default', '<rootDir>/libs/testing/skipped-tests-reporter.cjs'],
  // One initialised PGlite data directory that every new embedded store copies (PGLITE_TEMPLATE_DIR).
  globalSetup: '<rootDir>/libs/testing/pglite-template.mjs',
  testTimeout: 60_000,
  projects: [
    { ...esm, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'], testPathIgnorePatterns: ['\\.int\\.spec\\.ts$', '\\.e2e\\.spec\\.ts$'] },
    { ...esm, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs,test}/**/*.int.spec.ts'], testTimeout: 60_000 },
    // Real processes and databases on a shared 2-core machine: seconds, not milliseconds.
    { ...esm, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e.spec.ts'], testTimeout: 60_000 },
  ],
};

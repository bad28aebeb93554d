/*
 * Test support shared by every suite: the e2e boot, the decider spec helper and skipped-describe.
 * Only tests import this library (the architecture test holds production code to that).
 */
export * from './app.js';
export * from './bayview.js';
export * from './clock.js';
export * from './decider-spec.js';
export * from './describe-unless.js';
export * from './embedded.js';

export * from './event.js';
export * from './decider.js';
export * from './records.js';
export * from './errors.js';
export * from './time.js';
export * from './business-time.js';

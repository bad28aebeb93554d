export * from './event-store.port.js';
export { GENESIS_HASH, canonicalEnvelope, chainHash, verifyChain, type ChainBreak, type ChainVerdict } from './envelope.js';
export { PostgresEventStore } from './postgres/postgres-event-store.js';
export { openStores, type StorageConfig, type Stores } from './open-stores.js';
export { currentState, eventIdFor, type FoldedState, handleCommand, readStreamOrEmpty, stateCacheFor, StreamStateCache, type Handled, type HandleOptions } from './command-handling.js';
export type { SqlClient } from '#sql';
export { StoreUnavailable, isStoreUnavailable } from '#sql';
export { RehearsableEventStore, type Rehearsed, type RehearsedStream } from './rehearsal.js';

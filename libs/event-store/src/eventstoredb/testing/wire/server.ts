import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import gossipGrpc from '@eventstore/db-client/generated/gossip_grpc_pb.js';
import gossipPb from '@eventstore/db-client/generated/gossip_pb.js';
import featuresGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import featuresPb from '@eventstore/db-client/generated/serverfeatures_pb.js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import statusPb from '@eventstore/db-client/generated/status_pb.js';
import streamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import type { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp, DeleteReq, DeleteResp, ReadReq, ReadResp, TombstoneReq, TombstoneResp } from '@eventstore/db-client/generated/streams_pb.js';
import type { UUID } from '@eventstore/db-client/generated/shared_pb.js';
import anyPb from 'google-protobuf/google/protobuf/any_pb.js';
import emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';
import type { AppendOutcome, EsdbLog, Expected, LogRecord, Position, ProposedEvent } from './log.js';

/**
 * One EventStoreDB node for tests: a gRPC server on `@grpc/grpc-js` that speaks the protocol of the
 * definitions shipped inside `@eventstore/db-client` (its generated service descriptors and
 * messages), so the real client talks to it over real HTTP/2. It serves what the adapter uses and
 * what a cluster client needs: Streams.Read (a stream, `$all`, catch-up subscriptions to one
 * stream and to `$all` with filters, checkpoints and caught-up), Streams.Append and Streams.BatchAppend, Streams.Delete and
 * Streams.Tombstone, Gossip.Read and ServerFeatures.GetSupportedMethods. Behaviour follows
 * EventStoreDB 24.10 (see log.ts for the write rules); what the real server does differently is
 * said where it matters.
 *
 * Faults for tests: slow answers per operation, a stop and a restart on the same port, dropped
 * subscriptions, and, in a cluster, "not leader" answers for requests that require the leader.
 * Every request is counted per operation and its arrival noted, so tests can measure requests and
 * round trips.
 */

export type Operation = 'read-stream' | 'read-all' | 'subscribe-all' | 'subscribe-stream' | 'append' | 'batch-append' | 'delete' | 'tombstone' | 'gossip' | 'server-features';

export interface MemberView {
  readonly instanceId: string;
  readonly port: number;
  readonly leader: boolean;
  readonly alive: boolean;
}

/** What a node needs to know about its cluster (a single node is its own leader). */
export interface Membership {
  members(): readonly MemberView[];
  leader(): MemberView | null;
}

export const SERVER_VERSION = '24.10.0';
const HOST = '127.0.0.1';
/** Records read per page while a subscription catches up (the server's ReadBatchSize). */
const READ_BATCH_SIZE = 32;

const GrpcStatus = grpc.status;

interface ServiceErrorLike {
  code: grpc.status;
  details: string;
  metadata?: grpc.Metadata;
}

function rpcError(code: grpc.status, details: string, metadata: Record<string, string> = {}): ServiceErrorLike {
  const md = new grpc.Metadata();
  for (const [key, value] of Object.entries(metadata)) md.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata: md });
}

const errors = {
  notLeader: (leader: MemberView) => rpcError(GrpcStatus.NOT_FOUND, 'Leader info available', { exception: 'not-leader', 'leader-endpoint-host': HOST, 'leader-endpoint-port': String(leader.port) }),
  noLeader: () => rpcError(GrpcStatus.UNKNOWN, 'No leader info available in response'),
  streamDeleted: (stream: string) => rpcError(GrpcStatus.FAILED_PRECONDITION, `Event stream '${stream}' is deleted.`, { exception: 'stream-deleted', 'stream-name': stream }),
  wrongExpectedVersion: (operation: string, stream: string, expected: Expected, actual: bigint | null) =>
    rpcError(GrpcStatus.FAILED_PRECONDITION, `${operation} failed due to WrongExpectedVersion. Stream: ${stream}, Expected version: ${expectedVersionNumber(expected)}, Actual version: ${actual ?? -1}`, {
      exception: 'wrong-expected-version',
      'stream-name': stream,
      'expected-version': String(expectedVersionNumber(expected)),
      ...(actual !== null && { 'actual-version': String(actual) }),
    }),
  invalidPosition: () => rpcError(GrpcStatus.INVALID_ARGUMENT, 'Invalid position'),
  invalidArgument: (what: string) => rpcError(GrpcStatus.INVALID_ARGUMENT, `Invalid argument: ${what}`),
  unavailable: () => rpcError(GrpcStatus.UNAVAILABLE, 'Server Is Not Ready'),
};

function expectedVersionNumber(expected: Expected): bigint {
  return expected === 'any' ? -2n : expected === 'no_stream' ? -1n : expected === 'stream_exists' ? -4n : expected;
}

const utf8 = new TextDecoder();
const streamName = (identifier: { getStreamName_asU8(): Uint8Array } | undefined): string => (identifier ? utf8.decode(identifier.getStreamName_asU8()) : '');

function streamIdentifier(name: string) {
  const identifier = new sharedPb.StreamIdentifier();
  identifier.setStreamName(Buffer.from(name, 'utf8'));
  return identifier;
}

function uuidString(uuid: UUID | undefined): string {
  if (!uuid) return randomUUID();
  if (uuid.hasStructured()) {
    const s = uuid.getStructured()!;
    const hex = (BigInt.asUintN(64, BigInt(s.getMostSignificantBits())).toString(16).padStart(16, '0') + BigInt.asUintN(64, BigInt(s.getLeastSignificantBits())).toString(16).padStart(16, '0')).toLowerCase();
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return uuid.getString().toLowerCase();
}

function uuidMessage(id: string, structured: boolean): UUID {
  const uuid = new sharedPb.UUID();
  if (!structured) {
    uuid.setString(id);
    return uuid;
  }
  const hex = id.replace(/-/g, '');
  const s = new sharedPb.UUID.Structured();
  s.setMostSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)).toString());
  s.setLeastSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`)).toString());
  uuid.setStructured(s);
  return uuid;
}

function proposed(message: { getId(): UUID | undefined; getMetadataMap(): { get(key: string): string | undefined }; getData_asU8(): Uint8Array; getCustomMetadata_asU8(): Uint8Array }): ProposedEvent {
  const metadata = message.getMetadataMap();
  return {
    id: uuidString(message.getId()),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
}

function recordedEvent(record: LogRecord, structuredIds: boolean) {
  const event = new streamsPb.ReadResp.ReadEvent.RecordedEvent();
  event.setId(uuidMessage(record.id, structuredIds));
  event.setStreamIdentifier(streamIdentifier(record.stream));
  event.setStreamRevision(record.revision.toString());
  event.setCommitPosition(record.position.commit.toString());
  event.setPreparePosition(record.position.prepare.toString());
  const metadata = event.getMetadataMap();
  metadata.set('type', record.type);
  metadata.set('created', record.created.toString());
  metadata.set('content-type', record.contentType === 'application/json' ? 'application/json' : 'application/octet-stream');
  event.setData(record.data);
  event.setCustomMetadata(record.metadata);
  return event;
}

function readEventResponse(record: LogRecord, structuredIds: boolean): ReadResp {
  const readEvent = new streamsPb.ReadResp.ReadEvent();
  readEvent.setEvent(recordedEvent(record, structuredIds));
  readEvent.setCommitPosition(record.position.commit.toString());
  const response = new streamsPb.ReadResp();
  response.setEvent(readEvent);
  return response;
}

function packed(message: { serializeBinary(): Uint8Array }, typeName: string) {
  const any = new anyPb.Any();
  any.pack(message.serializeBinary(), typeName);
  return any;
}

/** Turns an expectation oneof (revision / no_stream / any / stream_exists) into ours. */
function expectationOf(options: { hasNoStream(): boolean; hasAny(): boolean; hasStreamExists(): boolean }, revision: () => string): Expected {
  if (options.hasNoStream()) return 'no_stream';
  if (options.hasAny()) return 'any';
  if (options.hasStreamExists()) return 'stream_exists';
  return BigInt(revision());
}

type Filter = (record: LogRecord) => boolean;

function filterOf(options: ReadReq.Options): { filter: Filter; checkpointEvery: number } | null {
  if (!options.hasFilter()) return null;
  const f = options.getFilter()!;
  const onStream = f.hasStreamIdentifier();
  const expression = onStream ? f.getStreamIdentifier()! : f.getEventType()!;
  const regex = expression.getRegex();
  const prefixes = expression.getPrefixList();
  // The server's filters are .NET regular expressions; the ones clients send are also valid in JavaScript.
  const pattern = regex ? new RegExp(regex) : null;
  const filter: Filter = (record) => {
    const subject = onStream ? record.stream : record.type;
    return pattern ? pattern.test(subject) : prefixes.some((p) => subject.startsWith(p));
  };
  const window = f.hasMax() ? f.getMax() : READ_BATCH_SIZE;
  return { filter, checkpointEvery: Math.max(1, window * Math.max(1, f.getCheckpointintervalmultiplier())) };
}

export interface EsdbTestServerOptions {
  readonly log: EsdbLog;
  /** The cluster this node belongs to; a node on its own is its own leader. */
  readonly membership?: Membership;
  /** Port to listen on; 0 picks a free one (kept for restarts). */
  readonly port?: number;
}

/** One node. Start it with `start()`; `stop()` drops every connection; `start()` again listens on the same port. */
export class EsdbTestServer {
  readonly instanceId = randomUUID();
  readonly log: EsdbLog;
  private server: grpc.Server | null = null;
  private boundPort: number;
  private readonly membership: Membership;
  private readonly delays = new Map<Operation, number>();
  private readonly counts = new Map<Operation, number>();
  /** When each counted request arrived (performance.now()), since the last reset. */
  private readonly arrivals: number[] = [];
  private readonly subscriptions = new Set<grpc.ServerWritableStream<ReadReq, ReadResp>>();
  private readonly pendingWaits = new Set<() => void>();
  /** Requests this node refused because they require the leader and it is not. */
  notLeaderAnswers = 0;

  constructor(options: EsdbTestServerOptions) {
    this.log = options.log;
    this.boundPort = options.port ?? 0;
    this.membership = options.membership ?? {
      members: () => [{ instanceId: this.instanceId, port: this.boundPort, leader: true, alive: this.running }],
      leader: () => ({ instanceId: this.instanceId, port: this.boundPort, leader: true, alive: this.running }),
    };
  }

  get port(): number {
    return this.boundPort;
  }

  get running(): boolean {
    return this.server !== null;
  }

  get connectionString(): string {
    return `esdb://${HOST}:${this.boundPort}?tls=false`;
  }

  async start(): Promise<this> {
    if (this.server) return this;
    const server = new grpc.Server();
    server.addService(streamsGrpc.StreamsService, {
      read: (call: grpc.ServerWritableStream<ReadReq, ReadResp>) => void this.read(call),
      append: (call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>) => this.append(call, callback),
      batchAppend: (call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => this.batchAppend(call),
      delete: (call: grpc.ServerUnaryCall<DeleteReq, DeleteResp>, callback: grpc.sendUnaryData<DeleteResp>) => void this.remove(call, callback, 'soft'),
      tombstone: (call: grpc.ServerUnaryCall<TombstoneReq, TombstoneResp>, callback: grpc.sendUnaryData<TombstoneResp>) => void this.remove(call, callback, 'hard'),
    });
    server.addService(gossipGrpc.GossipService, { read: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => this.gossip(callback) });
    server.addService(featuresGrpc.ServerFeaturesService, { getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => this.features(callback) });
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${HOST}:${this.boundPort}`, grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
    );
    this.server = server;
    return this;
  }

  /** Drops every connection at once, as a crashed or killed server does. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const wake of this.pendingWaits) wake();
    this.subscriptions.clear();
    server?.forceShutdown();
  }

  /** Ends every open subscription with UNAVAILABLE (a dropped connection), the server staying up. */
  dropSubscriptions(): number {
    const open = [...this.subscriptions];
    for (const call of open) {
      this.subscriptions.delete(call);
      call.emit('error', errors.unavailable());
    }
    return open.length;
  }

  get openSubscriptions(): number {
    return this.subscriptions.size;
  }

  /** Answers this operation only after `ms` (0 removes the delay). */
  slowDown(operation: Operation, ms: number): void {
    if (ms > 0) this.delays.set(operation, ms);
    else this.delays.delete(operation);
  }

  /** Requests served per operation since the last reset (a batch append counts each batch). */
  callCounts(): Readonly<Partial<Record<Operation, number>>> {
    return Object.fromEntries(this.counts);
  }

  totalCalls(operations?: readonly Operation[]): number {
    return [...this.counts].filter(([op]) => !operations || operations.includes(op)).reduce((sum, [, n]) => sum + n, 0);
  }

  resetCounts(): void {
    this.counts.clear();
    this.arrivals.length = 0;
  }

  /**
   * Round trips since the last reset, for a node whose every answer is held back by `heldMs`
   * (slowDown): requests a client sends together arrive within a few milliseconds of each other,
   * and a request sent only after an answer arrives at least `heldMs` after the request answered,
   * so a request arriving `heldMs` or more after the first of the current round starts the next
   * round. A client that stalls longer than `heldMs` between requests it sends together is counted
   * as making more round trips than it does, never fewer.
   */
  roundTrips(heldMs: number): number {
    let rounds = 0;
    let roundStart = Number.NEGATIVE_INFINITY;
    for (const at of [...this.arrivals].sort((a, b) => a - b)) {
      if (at - roundStart < heldMs) continue;
      rounds += 1;
      roundStart = at;
    }
    return rounds;
  }

  // ── plumbing ───────────────────────────────────────────────────────────────────────────────────

  private count(operation: Operation): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
    if (operation !== 'server-features' && operation !== 'gossip') this.arrivals.push(performance.now());
  }

  private async delay(operation: Operation): Promise<void> {
    const ms = this.delays.get(operation);
    if (!ms) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const pending = this.pendingWaits;
      function done() {
        clearTimeout(timer);
        pending.delete(done);
        resolve();
      }
      pending.add(done);
    });
  }

  /** Null when this node may serve the call; otherwise the error to answer with. */
  private leaderCheck(metadata: grpc.Metadata): ServiceErrorLike | null {
    if (metadata.get('requires-leader')[0] !== 'true') return null;
    const leader = this.membership.leader();
    if (leader?.instanceId === this.instanceId) return null;
    this.notLeaderAnswers += 1;
    return leader && leader.alive ? errors.notLeader(leader) : errors.noLeader();
  }

  // ── Streams.Read ───────────────────────────────────────────────────────────────────────────────

  private async read(call: grpc.ServerWritableStream<ReadReq, ReadResp>): Promise<void> {
    const options = call.request.getOptions();
    if (!options) return void call.emit('error', errors.invalidArgument('options'));
    const subscription = options.hasSubscription();
    const operation: Operation = options.hasStream() ? (subscription ? 'subscribe-stream' : 'read-stream') : subscription ? 'subscribe-all' : 'read-all';
    this.count(operation);
    const refused = this.leaderCheck(call.metadata);
    if (refused) return void call.emit('error', refused);
    const structuredIds = options.getUuidOption()?.hasStructured() ?? false;
    const backwards = options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS;
    try {
      await this.delay(operation);
      if (!this.running || call.cancelled) return;
      if (options.hasStream()) {
        const stream = options.getStream()!;
        const name = streamName(stream.getStreamIdentifier());
        const from = stream.hasStart() ? 'start' : stream.hasEnd() ? 'end' : BigInt(stream.getRevision());
        if (subscription) return await this.subscribeStream(call, name, from, structuredIds);
        const result = this.log.readStream(name, from, backwards ? 'backwards' : 'forwards', BigInt(options.getCount() || '0'));
        if (result.kind === 'deleted') return void call.emit('error', errors.streamDeleted(name));
        if (result.kind === 'not-found') {
          const notFound = new streamsPb.ReadResp.StreamNotFound();
          notFound.setStreamIdentifier(streamIdentifier(name));
          const response = new streamsPb.ReadResp();
          response.setStreamNotFound(notFound);
          await this.send(call, response);
          return void call.end();
        }
        for (const record of result.events) if (!(await this.send(call, readEventResponse(record, structuredIds)))) return;
        return void call.end();
      }
      const all = options.getAll()!;
      const from: Position | 'start' | 'end' = all.hasStart() ? 'start' : all.hasEnd() ? 'end' : positionOf(all.getPosition()!);
      if (subscription) return await this.subscribeAll(call, from, filterOf(options), structuredIds);
      const filter = filterOf(options)?.filter;
      const records = this.log.readAll(from, backwards ? 'backwards' : 'forwards', BigInt(options.getCount() || '0'), filter);
      if (records === 'invalid-position') return void call.emit('error', errors.invalidPosition());
      for (const record of records) if (!(await this.send(call, readEventResponse(record, structuredIds)))) return;
      call.end();
    } catch (error) {
      if (!call.cancelled) call.emit('error', rpcError(GrpcStatus.INTERNAL, error instanceof Error ? error.message : String(error)));
    }
  }

  /**
   * A catch-up subscription to one stream, as EventStoreDB's StreamSubscription enumerator serves
   * it: confirmation; the events after the start revision (exclusive; from the start: all; from
   * the end: none so far); a caught-up message on reaching the stream's end (a stream that does
   * not exist yet is caught up at once); then its events as they are written. A tombstoned stream
   * ends the subscription with "stream deleted".
   */
  /** A subscription's first message: its confirmation, with a new id. False when the call has gone. */
  private confirmSubscription(call: grpc.ServerWritableStream<ReadReq, ReadResp>): Promise<boolean> {
    const confirmation = new streamsPb.ReadResp.SubscriptionConfirmation();
    confirmation.setSubscriptionId(randomUUID());
    const confirmed = new streamsPb.ReadResp();
    confirmed.setConfirmation(confirmation);
    return this.send(call, confirmed);
  }

  /** Waits of a subscription's loop: until the log holds more than `length` records, or the call is no longer live. */
  private writeWaiter(call: grpc.ServerWritableStream<ReadReq, ReadResp>): { after(length: number, live: () => boolean): Promise<void>; close(): void } {
    let wake: (() => void) | null = null;
    const unsubscribe = this.log.onWrite(() => wake?.());
    const stop = () => wake?.();
    call.on('cancelled', stop);
    return {
      after: async (length, live) => {
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (this.log.records.length > length || !live()) resolve();
        });
        wake = null;
      },
      close: () => {
        unsubscribe();
        call.off('cancelled', stop);
      },
    };
  }

  /** The message that a subscription has reached the end of what is written. False when the call has gone. */
  private sendCaughtUp(call: grpc.ServerWritableStream<ReadReq, ReadResp>): Promise<boolean> {
    const response = new streamsPb.ReadResp();
    response.setCaughtUp(new streamsPb.ReadResp.CaughtUp());
    return this.send(call, response);
  }

  private async subscribeStream(call: grpc.ServerWritableStream<ReadReq, ReadResp>, name: string, from: bigint | 'start' | 'end', structuredIds: boolean): Promise<void> {
    this.subscriptions.add(call);
    const writes = this.writeWaiter(call);
    try {
      if (!(await this.confirmSubscription(call))) return;
      const lastOf = (read: ReturnType<EsdbLog['readStream']>) => (read.kind === 'events' ? (read.events[0]?.revision ?? -1n) : -1n);
      let checkpoint = from === 'start' ? -1n : from === 'end' ? lastOf(this.log.readStream(name, 'end', 'backwards', 1n)) : from;
      let caughtUp = false;
      const live = () => this.subscriptions.has(call) && !call.cancelled && this.running;
      while (live()) {
        const written = this.log.records.length;
        const read = this.log.readStream(name, checkpoint + 1n, 'forwards', BigInt(READ_BATCH_SIZE));
        if (read.kind === 'deleted') return void call.emit('error', errors.streamDeleted(name));
        const events = read.kind === 'events' ? read.events : [];
        if (events.length === 0) {
          if (!caughtUp) {
            if (!(await this.sendCaughtUp(call))) return;
            caughtUp = true;
          }
          await writes.after(written, live);
          continue;
        }
        for (const record of events) {
          if (!live()) return;
          if (!(await this.send(call, readEventResponse(record, structuredIds)))) return;
          checkpoint = record.revision;
        }
      }
    } finally {
      writes.close();
      this.subscriptions.delete(call);
    }
  }

  /**
   * A catch-up subscription to `$all`: confirmation; the events after the start (exclusive); a
   * caught-up message on reaching the end; then live events as they are written. A filtered
   * subscription also gets a checkpoint (the position of the last record examined) every
   * window × multiplier records examined and on catching up.
   */
  private async subscribeAll(call: grpc.ServerWritableStream<ReadReq, ReadResp>, from: Position | 'start' | 'end', filtering: { filter: Filter; checkpointEvery: number } | null, structuredIds: boolean): Promise<void> {
    if (typeof from === 'object' && !this.log.isValidPosition(from)) return void call.emit('error', errors.invalidPosition());
    this.subscriptions.add(call);
    const writes = this.writeWaiter(call);
    try {
      if (!(await this.confirmSubscription(call))) return;

      let last: Position | null = from === 'start' ? null : from === 'end' ? this.log.lastPosition : from;
      let caughtUp = false;
      let examined = 0;
      let checkpointed: Position | null = null;
      const live = () => this.subscriptions.has(call) && !call.cancelled && this.running;
      const checkpoint = async (position: Position) => {
        const message = new streamsPb.ReadResp.Checkpoint();
        message.setCommitPosition(position.commit.toString());
        message.setPreparePosition(position.prepare.toString());
        const response = new streamsPb.ReadResp();
        response.setCheckpoint(message);
        checkpointed = position;
        return this.send(call, response);
      };
      while (live()) {
        const records = this.log.records;
        let index = last === null ? 0 : this.log.indexAtOrAfter(last);
        if (last !== null && records[index] && records[index]!.position.commit === last.commit && records[index]!.position.prepare === last.prepare) index += 1;
        if (index >= records.length) {
          if (!caughtUp) {
            if (filtering && last !== null && checkpointed !== last && !(await checkpoint(last))) return;
            if (!(await this.sendCaughtUp(call))) return;
            caughtUp = true;
          }
          await writes.after(index, live);
          continue;
        }
        for (const record of records.slice(index, index + READ_BATCH_SIZE)) {
          if (!live()) return;
          if (!filtering || filtering.filter(record)) {
            if (!(await this.send(call, readEventResponse(record, structuredIds)))) return;
          }
          last = record.position;
          if (filtering && ++examined >= filtering.checkpointEvery) {
            examined = 0;
            if (!(await checkpoint(last))) return;
          }
        }
      }
    } finally {
      writes.close();
      this.subscriptions.delete(call);
    }
  }

  /** Writes with flow control; false when the call has gone. */
  private async send<Req, Res>(call: grpc.ServerWritableStream<Req, Res> | grpc.ServerDuplexStream<Req, Res>, message: Res): Promise<boolean> {
    if (call.cancelled || call.destroyed || call.writableEnded) return false;
    if (call.write(message)) return true;
    await new Promise<void>((resolve) => {
      const done = () => {
        call.off('drain', done);
        call.off('close', done);
        call.off('cancelled', done);
        resolve();
      };
      call.on('drain', done);
      call.on('close', done);
      call.on('cancelled', done);
    });
    return !call.cancelled && !call.destroyed;
  }

  // ── Streams.Append (one call per append) ───────────────────────────────────────────────────────

  private append(call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>): void {
    this.count('append');
    let stream = '';
    let expected: Expected = 'any';
    const events: ProposedEvent[] = [];
    call.on('data', (request: AppendReq) => {
      if (request.hasOptions()) {
        const options = request.getOptions()!;
        stream = streamName(options.getStreamIdentifier());
        expected = expectationOf(options, () => options.getRevision());
      } else if (request.hasProposedMessage()) {
        events.push(proposed(request.getProposedMessage()!));
      }
    });
    call.on('end', async () => {
      const refused = this.leaderCheck(call.metadata);
      if (refused) return callback(refused as grpc.ServiceError);
      await this.delay('append');
      if (!this.running) return;
      const outcome = this.log.append(stream, expected, events);
      if (outcome.kind === 'stream-deleted') return callback(errors.streamDeleted(stream) as grpc.ServiceError);
      const response = new streamsPb.AppendResp();
      if (outcome.kind === 'wrong-expected-version') {
        const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
        if (outcome.currentRevision === null) wrong.setCurrentNoStream(new sharedPb.Empty());
        else wrong.setCurrentRevision(outcome.currentRevision.toString());
        setExpected(outcome.expected, { revision: (v) => wrong.setExpectedRevision(v), noStream: () => wrong.setExpectedNoStream(new sharedPb.Empty()), any: () => wrong.setExpectedAny(new sharedPb.Empty()), exists: () => wrong.setExpectedStreamExists(new sharedPb.Empty()) });
        response.setWrongExpectedVersion(wrong);
        return callback(null, response);
      }
      const success = new streamsPb.AppendResp.Success();
      success.setCurrentRevision(outcome.currentRevision.toString());
      const position = new streamsPb.AppendResp.Position();
      position.setCommitPosition(outcome.position.commit.toString());
      position.setPreparePosition(outcome.position.prepare.toString());
      success.setPosition(position);
      response.setSuccess(success);
      callback(null, response);
    });
  }

  // ── Streams.BatchAppend (one long-lived call, one request per append) ──────────────────────────

  private batchAppend(call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
    const pending = new Map<string, { stream: string; expected: Expected; deadline: number; events: ProposedEvent[]; correlation: UUID }>();
    // Every append in flight on this one call may wait for the call to drain (send): one listener each.
    call.setMaxListeners(0);
    call.on('data', (request: BatchAppendReq) => {
      const correlation = request.getCorrelationId()!;
      const key = uuidString(correlation);
      if (request.hasOptions()) {
        const options = request.getOptions()!;
        const deadline = options.hasDeadline() ? options.getDeadline()!.toDate().getTime() : Number.POSITIVE_INFINITY;
        pending.set(key, { stream: streamName(options.getStreamIdentifier()), expected: expectationOf(options, () => options.getStreamPosition()), deadline, events: [], correlation });
      }
      const entry = pending.get(key);
      if (!entry) return;
      entry.events.push(...request.getProposedMessagesList().map(proposed));
      if (!request.getIsFinal()) return;
      pending.delete(key);
      this.count('batch-append');
      void this.completeBatch(call, entry);
    });
    call.on('end', () => call.end());
    call.on('error', () => undefined);
  }

  private async completeBatch(call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>, entry: { stream: string; expected: Expected; deadline: number; events: ProposedEvent[]; correlation: UUID }): Promise<void> {
    const refused = this.leaderCheck(call.metadata);
    // The server ends the whole batch-append call with the leader's address, as EventStoreDB does.
    if (refused) return void call.emit('error', refused);
    const response = new streamsPb.BatchAppendResp();
    response.setCorrelationId(entry.correlation);
    response.setStreamIdentifier(streamIdentifier(entry.stream));
    const fail = (code: grpc.status, message: string, details: { serializeBinary(): Uint8Array }, typeName: string) => {
      const status = new statusPb.Status();
      status.setCode(code as number);
      status.setMessage(message);
      status.setDetails(packed(details, typeName));
      response.setError(status);
      return this.send(call, response);
    };
    if (entry.deadline <= Date.now()) return void (await fail(GrpcStatus.DEADLINE_EXCEEDED, 'Timeout', new sharedPb.Timeout(), 'event_store.client.Timeout'));
    const slow = this.delays.get('batch-append') ?? 0;
    if (slow > 0 && Date.now() + slow > entry.deadline) {
      // The write does not complete before the client's deadline: the server answers Timeout at the deadline.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, entry.deadline - Date.now())));
      if (this.running) await fail(GrpcStatus.DEADLINE_EXCEEDED, 'Timeout', new sharedPb.Timeout(), 'event_store.client.Timeout');
      return;
    }
    await this.delay('batch-append');
    if (!this.running) return;
    const outcome: AppendOutcome = this.log.append(entry.stream, entry.expected, entry.events);
    if (outcome.kind === 'stream-deleted') {
      const deleted = new sharedPb.StreamDeleted();
      deleted.setStreamIdentifier(streamIdentifier(entry.stream));
      return void (await fail(GrpcStatus.FAILED_PRECONDITION, 'Stream deleted', deleted, 'event_store.client.StreamDeleted'));
    }
    if (outcome.kind === 'wrong-expected-version') {
      const wrong = new sharedPb.WrongExpectedVersion();
      if (outcome.currentRevision === null) wrong.setCurrentNoStream(new emptyPb.Empty());
      else wrong.setCurrentStreamRevision(outcome.currentRevision.toString());
      setExpected(outcome.expected, { revision: (v) => wrong.setExpectedStreamPosition(v), noStream: () => wrong.setExpectedNoStream(new emptyPb.Empty()), any: () => wrong.setExpectedAny(new emptyPb.Empty()), exists: () => wrong.setExpectedStreamExists(new emptyPb.Empty()) });
      return void (await fail(GrpcStatus.FAILED_PRECONDITION, 'Wrong expected version', wrong, 'event_store.client.WrongExpectedVersion'));
    }
    const success = new streamsPb.BatchAppendResp.Success();
    success.setCurrentRevision(outcome.currentRevision.toString());
    const position = new sharedPb.AllStreamPosition();
    position.setCommitPosition(outcome.position.commit.toString());
    position.setPreparePosition(outcome.position.prepare.toString());
    success.setPosition(position);
    response.setSuccess(success);
    await this.send(call, response);
  }

  // ── Streams.Delete / Streams.Tombstone ─────────────────────────────────────────────────────────

  private async remove(call: grpc.ServerUnaryCall<DeleteReq | TombstoneReq, DeleteResp | TombstoneResp>, callback: grpc.sendUnaryData<DeleteResp | TombstoneResp>, kind: 'soft' | 'hard'): Promise<void> {
    this.count(kind === 'soft' ? 'delete' : 'tombstone');
    const refused = this.leaderCheck(call.metadata);
    if (refused) return callback(refused as grpc.ServiceError);
    const options = call.request.getOptions()!;
    const stream = streamName(options.getStreamIdentifier());
    const expected = expectationOf(options, () => options.getRevision());
    const outcome = kind === 'soft' ? this.log.softDelete(stream, expected) : this.log.tombstone(stream, expected);
    if (outcome.kind === 'stream-deleted') return callback(errors.streamDeleted(stream) as grpc.ServiceError);
    if (outcome.kind === 'wrong-expected-version') return callback(errors.wrongExpectedVersion(kind === 'soft' ? 'Delete' : 'Tombstone', stream, outcome.expected, outcome.currentRevision) as grpc.ServiceError);
    const response = kind === 'soft' ? new streamsPb.DeleteResp() : new streamsPb.TombstoneResp();
    const position = kind === 'soft' ? new streamsPb.DeleteResp.Position() : new streamsPb.TombstoneResp.Position();
    position.setCommitPosition(outcome.position.commit.toString());
    position.setPreparePosition(outcome.position.prepare.toString());
    (response as { setPosition(p: unknown): void }).setPosition(position);
    callback(null, response);
  }

  // ── Gossip and server features ─────────────────────────────────────────────────────────────────

  private gossip(callback: grpc.sendUnaryData<unknown>): void {
    this.count('gossip');
    const info = new gossipPb.ClusterInfo();
    const now = (BigInt(Date.now()) * 10_000n).toString();
    info.setMembersList(
      this.membership.members().map((member) => {
        const endpoint = new gossipPb.EndPoint();
        endpoint.setAddress(HOST);
        endpoint.setPort(member.port);
        const info = new gossipPb.MemberInfo();
        info.setInstanceId(uuidMessage(member.instanceId, false));
        info.setTimeStamp(now);
        info.setState(member.leader ? gossipPb.MemberInfo.VNodeState.LEADER : gossipPb.MemberInfo.VNodeState.FOLLOWER);
        info.setIsAlive(member.alive);
        info.setHttpEndPoint(endpoint);
        return info;
      }),
    );
    callback(null, info);
  }

  private features(callback: grpc.sendUnaryData<unknown>): void {
    this.count('server-features');
    const method = (service: string, name: string, features: string[] = []) => {
      const m = new featuresPb.SupportedMethod();
      m.setServiceName(service);
      m.setMethodName(name);
      m.setFeaturesList(features);
      return m;
    };
    const methods = new featuresPb.SupportedMethods();
    methods.setEventStoreServerVersion(SERVER_VERSION);
    methods.setMethodsList([
      method('event_store.client.streams.streams', 'read', ['position', 'events']),
      method('event_store.client.streams.streams', 'append'),
      method('event_store.client.streams.streams', 'batchappend', ['deadline_duration']),
      method('event_store.client.streams.streams', 'delete'),
      method('event_store.client.streams.streams', 'tombstone'),
      method('event_store.client.gossip.gossip', 'read'),
      method('event_store.client.server_features.serverfeatures', 'getsupportedmethods'),
    ]);
    callback(null, methods);
  }
}

function positionOf(position: { getCommitPosition(): string; getPreparePosition(): string }): Position {
  return { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) };
}

function setExpected(expected: Expected, set: { revision(v: string): void; noStream(): void; any(): void; exists(): void }): void {
  if (expected === 'no_stream') set.noStream();
  else if (expected === 'any') set.any();
  else if (expected === 'stream_exists') set.exists();
  else set.revision(expected.toString());
}


import { existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import { describeEventStoreContract, newEvent, uniqueStream } from '../contract/event-store.contract.js';
import { verifyChain } from '../envelope.js';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';

/**
 * The event store contract against a real EventStoreDB: the one at EVENTSTORE_CONNECTION_STRING,
 * or else a throwaway insecure single node started with testcontainers when a Docker engine is
 * reachable. Otherwise one skipped test says why.
 */
const IMAGE = process.env.EVENTSTORE_IMAGE ?? 'eventstore/eventstore:24.10';
const DOCKER_PROBE_MS = 5_000;

/** Null when a Docker engine answers; otherwise why not. Quick, and never hangs. */
async function dockerUnavailable(): Promise<string | null> {
  const sockets = [
    '/var/run/docker.sock',
    process.env.XDG_RUNTIME_DIR ? join(process.env.XDG_RUNTIME_DIR, 'docker.sock') : null,
    join(homedir(), '.docker', 'run', 'docker.sock'),
    join(homedir(), '.docker', 'desktop', 'docker.sock'),
    join('/run', 'user', String(userInfo().uid), 'docker.sock'),
  ].filter((p): p is string => p !== null);
  const hinted =
    Boolean(process.env.DOCKER_HOST) || process.platform === 'win32' || existsSync(join(homedir(), '.testcontainers.properties')) || sockets.some((p) => existsSync(p));
  if (!hinted) return 'DOCKER_HOST is not set and there is no Docker socket at /var/run/docker.sock or a rootless location';
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the container runtime did not answer within ${DOCKER_PROBE_MS / 1000} s`)), DOCKER_PROBE_MS);
        timer.unref();
      }),
    ]);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

const configured = process.env.EVENTSTORE_CONNECTION_STRING || null;
const dockerProblem = configured ? null : await dockerUnavailable();

if (!configured && dockerProblem) {
  describe('event store contract: EventStoreDB', () => {
    it.skip(`skipped: EVENTSTORE_CONNECTION_STRING is not set and no Docker engine was found (${dockerProblem})`, () => undefined);
  });
} else {
  let container: StartedTestContainer | null = null;
  let connectionString = configured ?? '';

  beforeAll(async () => {
    if (configured) return;
    const { GenericContainer, Wait } = await import('testcontainers');
    container = await new GenericContainer(IMAGE)
      .withEnvironment({
        EVENTSTORE_INSECURE: 'true',
        EVENTSTORE_RUN_PROJECTIONS: 'All',
        EVENTSTORE_START_STANDARD_PROJECTIONS: 'true', // $ce-/$et- link events in $all, as in production
        EVENTSTORE_MEM_DB: 'true',
        EVENTSTORE_CLUSTER_SIZE: '1',
      })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCodeMatching((status) => status >= 200 && status < 300))
      .withStartupTimeout(180_000)
      .start();
    connectionString = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
  }, 600_000); // a first run pulls the image

  afterAll(async () => {
    await container?.stop();
  }, 60_000);

  /** A node that is live is not yet leader: connect retries for a while. */
  const connect = () => EventStoreDbEventStore.connect(connectionString, { pingDeadlineMs: 5_000, connectAttempts: 30, connectBackoffMs: () => 1_000 });

  const contract = describeEventStoreContract(`EventStoreDB (${configured ? 'EVENTSTORE_CONNECTION_STRING' : IMAGE})`, async () => {
    const store = await connect();
    return { store, close: () => store.close() };
  });
  afterAll(() => {
    console.log(`real EventStoreDB: ${contract.passed()} of ${contract.registered} event store contract cases passed`);
  });

  describe('EventStoreDB specifics', () => {
    let store: EventStoreDbEventStore;
    beforeAll(async () => {
      store = await connect();
    }, 60_000);
    afterAll(async () => {
      await store?.close();
    });

    it('keeps the canonical text byte for byte, non-ASCII and integer-like keys included', async () => {
      const stream = uniqueStream();
      const event = newEvent('ProposalTabled', { note: 'Ñandú — “article 7” 労働協約 😀', '10': 'ten', '9': 'nine' });
      const [appended] = (await store.append(stream, [event], { expectedRevision: 'no_stream' })).events;
      const [read] = await store.readStream(stream);
      expect(read!.canonical).toBe(appended!.canonical);
      expect(read!.canonical).toContain('"10":"ten","9":"nine"');
      expect(verifyChain([read!]).intact).toBe(true);
    });

    it('readAll never returns system events or event-id claims', async () => {
      await store.append(uniqueStream(), [newEvent()], { expectedRevision: 'no_stream' });
      const page = await store.readAll({ maxCount: 10_000 });
      expect(page.events.length).toBeGreaterThan(0);
      expect(page.events.filter((e) => e.stream.startsWith('$') || e.stream.startsWith('lrr_eventid-'))).toEqual([]);
    });
  });
}

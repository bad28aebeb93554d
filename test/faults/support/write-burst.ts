import { randomUUID } from 'node:crypto';

/** One answer the burst got, when it came (epoch ms). */
export interface Answer {
  readonly at: number;
  readonly status: number | 'network-error';
  readonly detail?: string;
}

export interface BurstResult {
  /** HTTP requests sent, retries included. */
  readonly tried: number;
  /** Writes (one Idempotency-Key each) the burst set out to make. */
  readonly writes: number;
  readonly answers: readonly Answer[];
  /** Event ids the server acknowledged with a 2xx. */
  readonly acknowledgedEventIds: readonly string[];
  /** Writes given up (the burst ended before a retry succeeded). */
  readonly unfinished: number;
}

export interface BurstOptions {
  readonly url: string;
  readonly token: string;
  readonly path: string;
  readonly body: (write: number) => unknown;
  /** Concurrent clients, each sending one write at a time. */
  readonly clients: number;
  /** Keeps starting new writes while this answers true; a write already begun is retried to the end. */
  readonly more: () => boolean;
  /** A write not acknowledged by then is given up (counted as unfinished). */
  readonly deadline: number;
  /** Where answers are collected as they come (the caller may watch them during the burst). */
  readonly answers?: Answer[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A client that behaves as the API asks: every write carries an Idempotency-Key, and a write that
 * fails with a network error or 503 is sent again with the same key and body after Retry-After
 * (capped at one second, so the burst keeps probing).
 */
export async function writeBurst(options: BurstOptions): Promise<BurstResult> {
  let tried = 0;
  let writes = 0;
  let unfinished = 0;
  const answers: Answer[] = options.answers ?? [];
  const acknowledged: string[] = [];

  async function oneWrite(): Promise<void> {
    const write = writes++;
    const key = randomUUID();
    const body = JSON.stringify(options.body(write));
    for (let attempt = 0; ; attempt++) {
      if (Date.now() > options.deadline) {
        unfinished++;
        return;
      }
      tried++;
      let retryAfterMs = 100;
      try {
        const response = await fetch(`${options.url}${options.path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json', 'idempotency-key': key },
          body,
          signal: AbortSignal.timeout(15_000),
        });
        const text = await response.text();
        answers.push({ at: Date.now(), status: response.status, ...(response.status >= 400 && { detail: text.slice(0, 300) }) });
        if (response.ok) {
          const parsed = JSON.parse(text) as { events?: { eventId: string }[] };
          acknowledged.push(...(parsed.events ?? []).map((e) => e.eventId));
          return;
        }
        if (response.status !== 503 && response.status < 500) return;
        const retryAfter = Number(response.headers.get('retry-after'));
        if (Number.isFinite(retryAfter) && retryAfter > 0) retryAfterMs = retryAfter * 1000;
      } catch (error) {
        answers.push({ at: Date.now(), status: 'network-error', detail: String((error as Error).cause ?? error) });
      }
      await sleep(Math.min(retryAfterMs, 1000) * (0.5 + Math.random() / 2));
    }
  }

  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      while (options.more()) await oneWrite();
    }),
  );
  return { tried, writes, answers, acknowledgedEventIds: acknowledged, unfinished };
}

/** 4xx answers counted by problem code, e.g. "422 NEGOTIATION_ALREADY_OPENED × 3". */
export function fourHundreds(answers: readonly Answer[]): string {
  const byCode = new Map<string, number>();
  for (const a of answers) {
    if (typeof a.status !== 'number' || a.status < 400 || a.status >= 500) continue;
    const code = /"code":"([A-Z_]+)"/.exec(a.detail ?? '')?.[1] ?? '';
    byCode.set(`${a.status} ${code}`.trim(), (byCode.get(`${a.status} ${code}`.trim()) ?? 0) + 1);
  }
  return byCode.size === 0 ? '0' : [...byCode].map(([k, n]) => `${k} × ${n}`).join(', ');
}

/** Registers the unit a fault test's burst opens its negotiations in; answers its id. */
export async function registerFaultUnit(url: string, token: string, name: string): Promise<string> {
  const unit = await fetch(`${url}/units`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ occurredAt: { at: '2025-01-10', precision: 'day' }, name: `${name} unit`, employer: `${name} District`, employeeOrganization: `${name} Association`, statute: 'EERA' }),
  });
  if (unit.status !== 201) throw new Error(`registering the unit answered ${unit.status}: ${await unit.text()}`);
  return ((await unit.json()) as { unitId: string }).unitId;
}

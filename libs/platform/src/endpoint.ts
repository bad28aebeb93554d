import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

/*
 * On the embedded store the API holds the data directory (its lock) while it runs, so an operator
 * command that needs the record (`cli export`) goes through the running API instead. The API says
 * where it listens in a file beside the lock; the command reads it when it finds the lock held.
 */

const ENDPOINT_FILE = 'lrr.api.json';

export interface ApiEndpoint {
  /** Where the API answers, e.g. http://127.0.0.1:3000. */
  readonly url: string;
  /** The API's process: the same as the data directory lock's holder while it runs. */
  readonly pid: number;
}

/** Where the API listening on `address` can be reached from this machine (a wildcard address is reached on loopback). */
export function endpointUrl(address: AddressInfo | string | null): string {
  if (address === null || typeof address === 'string') throw new Error('the API is not listening on a TCP port');
  const host = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/** Writes the endpoint file of a data directory; returns the function that removes it (idempotent). */
export function announceApiEndpoint(dataDir: string, url: string): () => void {
  const path = join(resolve(dataDir), ENDPOINT_FILE);
  writeFileSync(path, `${JSON.stringify({ url, pid: process.pid } satisfies ApiEndpoint)}\n`, { mode: 0o600 });
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    rmSync(path, { force: true });
  };
}

/** The API announced in a data directory, or null when there is none (or the file is not one this API wrote). */
export function announcedApiEndpoint(dataDir: string): ApiEndpoint | null {
  let text: string;
  try {
    text = readFileSync(join(resolve(dataDir), ENDPOINT_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = JSON.parse(text) as Partial<ApiEndpoint>;
    return typeof parsed.url === 'string' && /^https?:\/\//.test(parsed.url) && Number.isInteger(parsed.pid) ? { url: parsed.url, pid: parsed.pid! } : null;
  } catch {
    return null;
  }
}

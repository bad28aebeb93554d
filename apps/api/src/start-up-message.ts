import { resolve } from 'node:path';
import type { AppConfig } from '#config';

export interface StartUpFacts {
  readonly config: AppConfig;
  /** Which event store opened (`EventStore.kind`). */
  readonly store: 'pglite' | 'postgres' | 'eventstoredb';
  /** Where the documentation is served, relative to the root (`docs`). */
  readonly docsPath: string;
  /** The directory `npm run` runs scripts in: a data directory elsewhere than `./data` under it must be named to the token command. */
  readonly projectRoot: string;
}

/** A connection string as it may be shown: no password. */
function withoutPassword(url: string): string {
  return url.replace(/\/\/([^/@:\s]*):[^/@\s]*@/, '//$1:***@');
}

/** A path as one shell word. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export interface StartUp {
  readonly url: string;
  readonly docs: string;
  readonly store: string;
  readonly dataDir: string;
  /** The shell line that mints an admin token into $TOKEN; absent when an identity provider issues tokens. */
  readonly tokenCommand?: string;
  readonly example: string;
}

/** Where the API listens, what it stores where, and how to make a first call. */
export function startUp({ config, store, docsPath, projectRoot }: StartUpFacts): StartUp {
  const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${config.http.port}`;
  const { dataDir, databaseUrl } = config.storage;
  const stores: Record<StartUpFacts['store'], string> = {
    pglite: `embedded PostgreSQL (PGlite) in ${dataDir}`,
    postgres: `PostgreSQL ${withoutPassword(databaseUrl ?? '')}`,
    eventstoredb: `EventStoreDB for events, PostgreSQL ${withoutPassword(databaseUrl ?? '')} for read models`,
  };
  const dataDirPrefix = dataDir === resolve(projectRoot, 'data') ? '' : `DATA_DIR=${shellWord(dataDir)} `;
  return {
    url,
    docs: `${url}/${docsPath}`,
    store: stores[store],
    dataDir,
    ...(config.auth.mode === 'embedded' && { tokenCommand: `export TOKEN=$(${dataDirPrefix}npm run -s token -- --role admin --sub you@example.org)` }),
    example: `curl -H "Authorization: Bearer $TOKEN" ${url}/negotiation-summaries`,
  };
}

/** The same, for a person at a terminal. */
export function startUpMessage(facts: StartUp, issuer?: string): string {
  const lines = [
    `Labor relations record listening on ${facts.url}`,
    `  API docs   ${facts.docs}`,
    `  store      ${facts.store}`,
    `  data dir   ${facts.dataDir}`,
    '',
    facts.tokenCommand ? 'Mint a token (in another terminal, in this directory) and call the API:' : `Tokens come from ${issuer ?? 'the identity provider'}; for example:`,
    ...(facts.tokenCommand ? [`  ${facts.tokenCommand}`] : []),
    `  ${facts.example}`,
  ];
  return `${lines.join('\n')}\n`;
}

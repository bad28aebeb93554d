import pg from 'pg';

/**
 * Scratch databases on the server at DATABASE_URL. Each store gets a fresh database of its own, so
 * neither sees the other's tables, nothing the developer has in DATABASE_URL's database is touched,
 * and both start with empty tables, indexes and caches: the comparison is like for like.
 */
export class ScratchDatabases {
  private readonly created: string[] = [];

  constructor(private readonly adminUrl: string) {}

  private async withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.adminUrl, application_name: 'lrr-bench' });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  /** One line describing the server and the settings that decide write throughput. */
  async describeServer(): Promise<string> {
    return this.withAdmin(async (client) => {
      const version = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
      const { rows } = await client.query<{ name: string; setting: string; unit: string | null }>(
        `SELECT name, setting, unit FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync', 'shared_buffers', 'autovacuum') ORDER BY name`,
      );
      const settings = rows.map((r) => `${r.name}=${r.name === 'shared_buffers' ? `${(Number(r.setting) * 8) / 1024}MB` : r.setting}`).join(', ');
      const url = new URL(this.adminUrl);
      return `PostgreSQL ${version} at ${url.host} (${settings})`;
    });
  }

  /** Creates database `name` and returns a connection string for it. */
  async create(name: string): Promise<string> {
    await this.withAdmin(async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${name}`);
    });
    this.created.push(name);
    const url = new URL(this.adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  /**
   * Flushes dirty pages before a timed phase, so one store does not pay for the checkpoint the
   * previous one caused. Needs superuser (or pg_checkpoint); skipped quietly without it.
   */
  async checkpoint(): Promise<void> {
    await this.withAdmin((client) => client.query('CHECKPOINT')).catch(() => undefined);
  }

  /**
   * Waits until every transaction committed so far is below the cluster's snapshot horizon (xmin),
   * which readers in commit-safe order (ours, Emmett's, the plain-SQL replay) do not read past: a
   * long transaction anywhere on the server (another database's) holds it back and a replay would
   * end early with fewer events. Returns the seconds waited (at most `maxSeconds`).
   */
  async settle(maxSeconds = 120): Promise<number> {
    const started = performance.now();
    await this.withAdmin(async (client) => {
      const { rows } = await client.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
      const xid = rows[0]!.xid;
      while ((performance.now() - started) / 1000 < maxSeconds) {
        const settled = await client.query<{ ok: boolean }>('SELECT pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8 AS ok', [xid]);
        if (settled.rows[0]!.ok) return;
        await new Promise((ok) => setTimeout(ok, 200));
      }
    });
    return (performance.now() - started) / 1000;
  }

  /** BENCH_KEEP_DATABASES=1 leaves them for a look afterwards (and says which). */
  async dropAll(): Promise<void> {
    const names = this.created.splice(0);
    if (names.length === 0) return;
    if (process.env.BENCH_KEEP_DATABASES) {
      console.log(`  kept scratch databases: ${names.join(', ')}`);
      return;
    }
    await this.withAdmin(async (client) => {
      for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  }
}

export async function canConnect(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

import { EsdbLog, type EsdbLogOptions } from './log.js';
import { EsdbTestServer, type MemberView, type Membership } from './server.js';

/**
 * Test EventStoreDB deployments over the wire test server: a single node, or a cluster of nodes
 * that share one log (as replicas of one database) and answer gossip with one leader and the
 * rest followers. A leader change is a call to `electLeader`; a node that is no longer leader
 * answers requests that require the leader with "not leader" and the leader's address, as
 * EventStoreDB does.
 */
export class EsdbTestCluster implements Membership {
  readonly log: EsdbLog;
  readonly nodes: EsdbTestServer[];
  private leaderIndex = 0;

  private constructor(size: number, logOptions: EsdbLogOptions) {
    this.log = new EsdbLog(logOptions);
    this.nodes = Array.from({ length: size }, () => new EsdbTestServer({ log: this.log, membership: this }));
  }

  /** Starts `size` nodes (1 for a single node) on free ports; node 0 is the first leader. */
  static async start(size = 1, logOptions: EsdbLogOptions = {}): Promise<EsdbTestCluster> {
    const cluster = new EsdbTestCluster(size, logOptions);
    await Promise.all(cluster.nodes.map((node) => node.start()));
    return cluster;
  }

  get leaderNode(): EsdbTestServer {
    return this.nodes[this.leaderIndex]!;
  }

  /** A single node's address; for a cluster, every node as gossip seeds (esdb://a,b,c). */
  connectionString(query: Record<string, string> = {}): string {
    const params = new URLSearchParams({ tls: 'false', ...query });
    return `esdb://${this.nodes.map((n) => `127.0.0.1:${n.port}`).join(',')}?${params.toString()}`;
  }

  /** Discovery through one seed's gossip (esdb+discover://). */
  discoverConnectionString(seed = 0, query: Record<string, string> = {}): string {
    const params = new URLSearchParams({ tls: 'false', ...query });
    return `esdb+discover://127.0.0.1:${this.nodes[seed]!.port}?${params.toString()}`;
  }

  electLeader(index: number): void {
    if (!this.nodes[index]) throw new Error(`no node ${index}`);
    this.leaderIndex = index;
  }

  members(): readonly MemberView[] {
    return this.nodes.map((node, i) => ({ instanceId: node.instanceId, port: node.port, leader: i === this.leaderIndex, alive: node.running }));
  }

  leader(): MemberView | null {
    return this.members()[this.leaderIndex] ?? null;
  }

  resetCounts(): void {
    for (const node of this.nodes) node.resetCounts();
  }

  totalCalls(...args: Parameters<EsdbTestServer['totalCalls']>): number {
    return this.nodes.reduce((sum, node) => sum + node.totalCalls(...args), 0);
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop()));
  }
}

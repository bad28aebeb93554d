import { type AddressInfo, type Socket, connect, createServer } from 'node:net';

/**
 * A TCP proxy between a process under test and PostgreSQL, so a test can take the database away
 * without touching the shared server: `outage(ms)` drops every connection and refuses new ones
 * (accepted and closed at once, as a restarting server does) until the time is up.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private refusingUntil = 0;
  private readonly server = createServer((client) => this.accept(client));
  port = 0;

  private constructor(private readonly target: { host: string; port: number }) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy.server.address() as AddressInfo).port;
    return proxy;
  }

  private accept(client: Socket): void {
    if (Date.now() < this.refusingUntil) {
      client.destroy();
      return;
    }
    const upstream = connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  /** Drops every open connection at once. */
  dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  /** Drops every connection and refuses new ones for `ms`; resolves when the database is back. */
  async outage(ms: number): Promise<void> {
    this.refusingUntil = Date.now() + ms;
    this.dropAll();
    await new Promise((resolve) => setTimeout(resolve, ms));
  }

  async close(): Promise<void> {
    this.refusingUntil = Number.POSITIVE_INFINITY;
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

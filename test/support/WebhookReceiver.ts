import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A plain node:http server on loopback that takes POSTed JSON bodies and
 * keeps them in order: a real webhook receiver, answering 200 (or what
 * `status` says).
 */
export class WebhookReceiver {
  /** Every body received, parsed, oldest first. */
  readonly bodies: Record<string, unknown>[] = [];
  /** The status it answers with. */
  status = 200;

  private constructor(
    private readonly server: http.Server,
    /** `http://127.0.0.1:PORT/hook`. */
    readonly url: string,
  ) {}

  /** Listens on an ephemeral loopback port. */
  static async start(): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        receiver?.bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.statusCode = receiver?.status ?? 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}/hook`);
    return receiver;
  }

  /** Closes it, and every connection. */
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../verify';

export interface Received {
  path: string;
  idempotencyKey: string;
  body: string;
}

/**
 * A real HTTP webhook receiver on 127.0.0.1 that does what the README tells receivers to do: verify every
 * signature with `verifySignature`, answer 401 when it fails, and de-duplicate by `Idempotency-Key`.
 */
export class TestReceiver {
  /** Every verified request, duplicates included. */
  readonly requests: Received[] = [];
  /** First verified request per idempotency key. */
  readonly accepted = new Map<string, Received>();
  readonly rejected: { path: string; reason: string }[] = [];
  /** Answer this many verified requests with 503 before accepting (a receiver that is up but failing). */
  failNext = 0;
  private server: Server | undefined;
  port = 0;

  constructor(
    private readonly secrets: Record<string, string>,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  /** Adds or changes the secret a path verifies with. */
  setSecret(path: string, secret: string): void {
    this.secrets[path] = secret;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const path = req.url ?? '/';
        const secret = this.secrets[path];
        const header = req.headers['tokenwatch-signature'];
        const result = secret
          ? verifySignature(secret, Array.isArray(header) ? header[0] : header, body, { nowSeconds: this.nowSeconds() })
          : { ok: false as const, reason: 'unknown path' };
        if (!result.ok) {
          this.rejected.push({ path, reason: result.reason });
          res.writeHead(401).end(result.reason);
          return;
        }
        if (this.failNext > 0) {
          this.failNext--;
          res.writeHead(503).end('try later');
          return;
        }
        const key = String(req.headers['idempotency-key'] ?? '');
        const received = { path, idempotencyKey: key, body: body.toString('utf8') };
        this.requests.push(received);
        if (!this.accepted.has(key)) this.accepted.set(key, received);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening: senders get "connection refused" until start() again (same port). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

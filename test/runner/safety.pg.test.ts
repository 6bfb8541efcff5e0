/**
 * The runner's safety promises against a real PostgreSQL 18: one runner at a
 * time, a transactional migration that is killed or interrupted leaves no
 * trace, a failed no-transaction migration is reported, recorded and resumed
 * where it stopped (and an INVALID index it left is named, with the command
 * that removes it), lock_timeout retries name the blocking session,
 * statement_timeout is set, and the password never reaches the output.
 *
 * Concurrency and signals need real processes: those tests spawn the built
 * binary (bin/pgshift.js; the suite builds dist/ first). The others run the
 * CLI in this process. Every test works on a database of its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../support/cli.js';
import { cliPath } from '../support/paths.js';
import { startTestServer, type TestServer } from '../support/postgres.js';

const LEDGER = 'pgshift_migrations';
const LOCK_KEY = `hashtextextended('pgshift:${LEDGER}', 0)`;
const RUNNER = { lockTimeout: '200ms', lockRetries: 2, retryDelay: '100ms', statementTimeout: '1h', ledgerTable: LEDGER };

let server: TestServer;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'pgshift-safety-'));

beforeAll(async () => {
  server = await startTestServer(18);
});

afterAll(async () => {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

// ---------------------------------------------------------------- projects

let projects = 0;

/** A project folder with pgshift.config.json and these migrations (file name → SQL). */
function project(migrations: Record<string, string>, runner: Partial<typeof RUNNER> = {}): string {
  const root = path.join(scratch, `project-${++projects}`);
  mkdirSync(path.join(root, 'migrations'), { recursive: true });
  writeFileSync(path.join(root, 'pgshift.config.json'), JSON.stringify({ migrations: 'migrations', source: 'pgshift', runner: { ...RUNNER, ...runner } }));
  for (const [name, sql] of Object.entries(migrations)) writeMigration(root, name, sql);
  return root;
}

function writeMigration(root: string, name: string, sql: string): void {
  writeFileSync(path.join(root, 'migrations', name), sql);
}

// ---------------------------------------------------------------- processes

interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** resolves when the process has exited */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<Running>();

/** Start `pgshift <args>` as its own process, as a user (or a deploy job) does. */
function start(args: string[], cwd: string): Running {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', PGSHIFT_DATABASE_URL: '', DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const run: Running = { child, stdout: () => stdout, stderr: () => stderr, exited };
  running.add(run);
  void exited.then(() => running.delete(run));
  return run;
}

/** Run `pgshift <args>` as a process to its end. */
async function runProcess(args: string[], cwd: string): Promise<CliRun> {
  const run = start(args, cwd);
  const { code } = await run.exited;
  return { code: code ?? -1, stdout: run.stdout(), stderr: run.stderr() };
}

/** Run the CLI in this process (the same code as the binary, without signal handling). */
function cli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, { cwd, env });
}

afterEach(async () => {
  for (const run of [...running]) {
    run.child.kill('SIGKILL');
    await run.exited;
  }
});

// ---------------------------------------------------------------- database helpers

const clients: pg.Client[] = [];

afterEach(async () => {
  // Sessions a test left in a transaction (a blocker, a lock holder) let go here.
  await Promise.allSettled(clients.splice(0).map((c) => c.end()));
});

/** A fresh database, its URL (with the password in it) and a client on it. */
async function database(name: string): Promise<{ url: string; db: pg.Client }> {
  const url = await server.createDatabase(name);
  return { url, db: await session(url) };
}

/** One more session on the database, closed after the test. */
async function session(url: string, applicationName?: string): Promise<pg.Client> {
  const withName = new URL(url);
  if (applicationName) withName.searchParams.set('application_name', applicationName);
  const client = await server.connect(withName.toString());
  clients.push(client);
  return client;
}

interface LedgerRow {
  id: string;
  status: string;
  statements_done: number | null;
  error: string | null;
}

async function ledgerRows(db: pg.Client): Promise<LedgerRow[]> {
  const [present] = (await db.query<{ present: boolean }>(`SELECT to_regclass('${LEDGER}') IS NOT NULL AS present`)).rows;
  if (!present?.present) return [];
  return (await db.query<LedgerRow>(`SELECT id, status, statements_done, error FROM ${LEDGER} ORDER BY id`)).rows;
}

async function exists(db: pg.Client, relation: string): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [relation]);
  return rows[0]?.present === true;
}

async function columnsOf(db: pg.Client, table: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>('SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum', [table]);
  return rows.map((r) => r.name);
}

/** name → valid, for every index on the table */
async function indexesOf(db: pg.Client, table: string): Promise<Record<string, boolean>> {
  const { rows } = await db.query<{ name: string; valid: boolean }>('SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = $1::regclass', [table]);
  return Object.fromEntries(rows.map((r) => [r.name, r.valid]));
}

/** Poll until `probe` returns something other than undefined. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The backend of the runner while it runs a statement containing `text`. */
function runnerBackendRunning(db: pg.Client, text: string): Promise<number> {
  return waitFor(`the runner to run ${text}`, async () => {
    const { rows } = await db.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = 'pgshift' AND state = 'active' AND strpos(query, $1) > 0", [text]);
    return rows[0]?.pid;
  });
}

async function backendGone(db: pg.Client, pid: number): Promise<true> {
  return waitFor(`backend ${pid} to end`, async () => {
    const { rows } = await db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
    return rows.length === 0 ? true : undefined;
  });
}

// ---------------------------------------------------------------- tests

describe('one runner at a time', () => {
  it('two runners started together with --wait apply each migration exactly once', async () => {
    const { url, db } = await database('safety_concurrent');
    const cwd = project({
      '001_events.sql': 'CREATE TABLE events (note text NOT NULL);\n',
      '002_seed.sql': "INSERT INTO events (note) VALUES ('seeded');\n",
      '003_slow.sql': 'SELECT pg_sleep(1);\n',
      '004_audit.sql': 'CREATE TABLE audit (id bigint PRIMARY KEY);\n',
      '005_after.sql': "INSERT INTO events (note) VALUES ('after the slow one');\n",
    });
    const [a, b] = [start(['upgrade', '--wait', '--url', url], cwd), start(['upgrade', '--wait', '--url', url], cwd)];
    const results = await Promise.all([a.exited, b.exited]);
    const outputs = [a, b].map((r) => r.stdout() + r.stderr());
    expect(results.map((r) => r.code), outputs.join('\n----\n')).toEqual([0, 0]);

    // One applied all five; the other waited for it, then found nothing to do.
    const applier = outputs.findIndex((o) => o.includes('Applied 5 migrations.'));
    expect(applier).toBeGreaterThanOrEqual(0);
    const waiter = outputs[1 - applier] as string;
    expect(waiter).toMatch(/Waiting for the runner that holds the lock \(session \d+\)/);
    expect(waiter).toContain('Nothing to apply: the database is up to date.');
    expect(waiter).not.toMatch(/\bapplied 00\d_/);

    expect((await ledgerRows(db)).map((r) => `${r.id} ${r.status}`)).toEqual(['001_events.sql applied', '002_seed.sql applied', '003_slow.sql applied', '004_audit.sql applied', '005_after.sql applied']);
    const { rows } = await db.query<{ note: string }>('SELECT note FROM events ORDER BY note');
    expect(rows.map((r) => r.note)).toEqual(['after the slow one', 'seeded']);
  });

  it('without --wait a second runner stops at once and names the session that holds the lock; with --wait it waits for it', async () => {
    const { url, db } = await database('safety_lock_held');
    const cwd = project({ '001_events.sql': 'CREATE TABLE events (note text NOT NULL);\n', '002_seed.sql': "INSERT INTO events (note) VALUES ('seeded');\n" });
    const holder = await session(url);
    const [{ pid: holderPid }] = (await holder.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid, pg_advisory_lock(${LOCK_KEY})`)).rows as [{ pid: number }];

    const refused = await runProcess(['upgrade', '--url', url], cwd);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`pgshift: another pgshift runner is applying migrations to this database (session ${holderPid}); run again when it is done, or pass --wait to wait for it`);
    expect(await exists(db, LEDGER)).toBe(false);

    const waiting = start(['upgrade', '--wait', '--url', url], cwd);
    await waitFor('the runner to wait for the advisory lock', async () => {
      const { rows } = await db.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
      return rows.length === 1 ? true : undefined;
    });
    expect(waiting.stdout()).toContain(`Waiting for the runner that holds the lock (session ${holderPid})…`);
    expect(await exists(db, LEDGER)).toBe(false);
    await holder.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`);
    expect((await waiting.exited).code, waiting.stderr()).toBe(0);
    expect(waiting.stdout()).toContain('Applied 2 migrations.');
    expect((await ledgerRows(db)).map((r) => r.id)).toEqual(['001_events.sql', '002_seed.sql']);
  });
});

describe('a transactional migration stopped mid-way leaves no trace', () => {
  const slowSecond = 'CREATE TABLE second_table (id int);\nINSERT INTO second_table VALUES (1);\nSELECT pg_sleep(30);\n';
  const quickSecond = 'CREATE TABLE second_table (id int);\nINSERT INTO second_table VALUES (1);\n';
  const migrations = { '001_first.sql': 'CREATE TABLE first_table (id int);\n', '002_second.sql': slowSecond, '003_third.sql': 'CREATE TABLE third_table (id int);\n' };

  it('SIGKILL: the migration in flight rolls back with its backend, and the next run applies it', async () => {
    const { url, db } = await database('safety_sigkill');
    // The runner's session checks for its client every second (client_connection_check_interval), so the
    // backend ends soon after the kill instead of after pg_sleep(30): the wait below is bounded by that.
    const cwd = project(migrations);
    const run = start(['upgrade', '--url', url], cwd);
    const pid = await runnerBackendRunning(db, 'pg_sleep(30)');
    // Migration 2 has created and filled its table, uncommitted.
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    const killedAt = Date.now();
    await backendGone(db, pid);
    // Well before pg_sleep(30) would have ended.
    expect(Date.now() - killedAt).toBeLessThan(5000);

    expect(await ledgerRows(db)).toEqual([{ id: '001_first.sql', status: 'applied', statements_done: null, error: null }]);
    expect(await exists(db, 'first_table')).toBe(true);
    expect(await exists(db, 'second_table')).toBe(false);
    expect(await exists(db, 'third_table')).toBe(false);
    // The killed runner's advisory lock went with its session.
    expect((await db.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory'")).rows).toHaveLength(0);

    // An unapplied file may change: drop the sleep and go on.
    writeMigration(cwd, '002_second.sql', quickSecond);
    const again = await runProcess(['upgrade', '--url', url], cwd);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Linted 3 migrations; 2 pending.');
    expect(again.stdout).toContain('Applied 2 migrations.');
    expect((await ledgerRows(db)).map((r) => `${r.id} ${r.status}`)).toEqual(['001_first.sql applied', '002_second.sql applied', '003_third.sql applied']);
    expect((await db.query('SELECT id FROM second_table')).rows).toEqual([{ id: 1 }]);
  });

  it('Ctrl-C (SIGINT): the step is cancelled, the transaction rolled back, exit 130', async () => {
    const { url, db } = await database('safety_sigint');
    const cwd = project(migrations);
    const run = start(['upgrade', '--url', url], cwd);
    const pid = await runnerBackendRunning(db, 'pg_sleep(30)');
    const interruptedAt = Date.now();
    run.child.kill('SIGINT');
    const exit = await run.exited;
    expect(exit.code, run.stdout() + run.stderr()).toBe(130);
    expect(Date.now() - interruptedAt).toBeLessThan(5_000);
    expect(run.stdout()).toContain('[1/3] applied 001_first.sql');
    expect(run.stderr()).toContain('pgshift: applying 002_second.sql interrupted.\nIts transaction was rolled back: nothing of 002_second.sql was applied.\nApplied 1 of 3.');
    await backendGone(db, pid);

    // The interruption is recorded as a failure; nothing of the migration stayed.
    expect(await ledgerRows(db)).toEqual([
      { id: '001_first.sql', status: 'applied', statements_done: null, error: null },
      { id: '002_second.sql', status: 'failed', statements_done: null, error: 'applying 002_second.sql interrupted.' },
    ]);
    expect(await exists(db, 'second_table')).toBe(false);
    expect(await exists(db, 'third_table')).toBe(false);

    writeMigration(cwd, '002_second.sql', quickSecond);
    const again = await runProcess(['upgrade', '--url', url], cwd);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Applied 2 migrations.');
    expect((await ledgerRows(db)).map((r) => `${r.id} ${r.status} ${r.error}`)).toEqual(['001_first.sql applied null', '002_second.sql applied null', '003_third.sql applied null']);
  });
});

describe('Ctrl-C while waiting for another runner', () => {
  it('stops waiting, applies nothing, exit 130', async () => {
    const { url, db } = await database('safety_wait_interrupted');
    const cwd = project({ '001_events.sql': 'CREATE TABLE events (note text NOT NULL);\n' });
    const holder = await session(url);
    await holder.query(`SELECT pg_advisory_lock(${LOCK_KEY})`);
    const run = start(['upgrade', '--wait', '--url', url], cwd);
    await waitFor('the runner to wait for the advisory lock', async () => {
      const { rows } = await db.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
      return rows.length === 1 ? true : undefined;
    });
    run.child.kill('SIGINT');
    const exit = await Promise.race([run.exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5_000))]);
    expect(exit?.code, run.stdout() + run.stderr()).toBe(130);
    expect(run.stdout()).toMatch(/Waiting for the runner that holds the lock \(session \d+\)/);
    expect(run.stderr()).toBe('pgshift: interrupted while waiting for the other runner; nothing was run\n');
    expect(await exists(db, LEDGER)).toBe(false);
    // Its session is gone: it no longer queues for the lock.
    expect((await db.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).rows).toHaveLength(0);
  });
});

describe('failed no-transaction migrations', () => {
  it('names the INVALID index a failed concurrent build left, refuses to retry until it is dropped, then applies', async () => {
    const { url, db } = await database('safety_invalid_index');
    const cwd = project({
      '001_t.sql': 'CREATE TABLE t (v int);\nINSERT INTO t VALUES (1), (1), (2);\n',
      '002_t_v_key.sql': '-- pgshift:no-transaction\nCREATE UNIQUE INDEX CONCURRENTLY t_v_key ON t (v);\n',
    });
    const drop = 'DROP INDEX CONCURRENTLY "public"."t_v_key";';

    const first = await cli(['upgrade', '--url', url], cwd);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('[1/2] applied 001_t.sql');
    expect(first.stderr).toContain('pgshift: applying 002_t_v_key.sql failed: could not create unique index "t_v_key"');
    expect(first.stderr).toContain('It runs outside a transaction; none of its 1 statements completed.');
    expect(first.stderr).toContain(`It left an INVALID index, which slows writes and blocks a retry; remove it with:\n  ${drop}`);
    expect(await indexesOf(db, 't')).toEqual({ t_v_key: false });
    expect((await ledgerRows(db)).map((r) => `${r.id} ${r.status} ${r.statements_done}`)).toEqual(['001_t.sql applied null', '002_t_v_key.sql failed 0']);
    const failedAt = (await db.query<{ at: Date }>(`SELECT applied_at AS at FROM ${LEDGER} WHERE id = '002_t_v_key.sql'`)).rows[0]?.at;

    // Not fixed: the next run stops before it runs the build again.
    const second = await cli(['upgrade', '--url', url], cwd);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`pgshift: 002_t_v_key.sql failed before and left an INVALID index behind; remove it before it runs again:\n  ${drop}`);
    expect(second.stderr).not.toContain('could not create unique index');
    expect((await db.query<{ at: Date }>(`SELECT applied_at AS at FROM ${LEDGER} WHERE id = '002_t_v_key.sql'`)).rows[0]?.at).toEqual(failedAt);

    // The fix the message names, and the data fixed: it applies.
    await db.query(drop);
    await db.query('DELETE FROM t a USING t b WHERE a.v = b.v AND a.ctid > b.ctid');
    const third = await cli(['upgrade', '--url', url], cwd);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toContain('Applied 1 migration.');
    expect(await indexesOf(db, 't')).toEqual({ t_v_key: true });
    expect((await ledgerRows(db)).map((r) => `${r.id} ${r.status} ${r.statements_done}`)).toEqual(['001_t.sql applied null', '002_t_v_key.sql applied null']);
  });

  it('resumes a migration that failed at statement 2 of 3 at statement 2', async () => {
    const { url, db } = await database('safety_resume');
    const cwd = project({
      '001_u.sql': 'CREATE TABLE u (a int, b int);\nINSERT INTO u VALUES (1, 7), (2, 7);\n',
      // Statement 1 fails if it runs twice: the index exists.
      '002_three.sql': '-- pgshift:no-transaction\nCREATE INDEX CONCURRENTLY u_a_idx ON u (a);\nCREATE UNIQUE INDEX CONCURRENTLY u_b_key ON u (b);\nCREATE INDEX CONCURRENTLY u_ab_idx ON u (a, b);\n',
    });
    const first = await cli(['upgrade', '--url', url], cwd);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('pgshift: applying 002_three.sql failed: could not create unique index "u_b_key"');
    expect(first.stderr).toContain('It runs outside a transaction: statement 1 of 3 completed and stays applied; statement 2 failed. The next run starts at statement 2.');
    expect(first.stderr).toContain('  DROP INDEX CONCURRENTLY "public"."u_b_key";');
    expect(await indexesOf(db, 'u')).toEqual({ u_a_idx: true, u_b_key: false });
    expect((await ledgerRows(db)).map((r) => `${r.id} ${r.status} ${r.statements_done}`)).toEqual(['001_u.sql applied null', '002_three.sql failed 1']);

    await db.query('DROP INDEX CONCURRENTLY "public"."u_b_key"');
    await db.query('UPDATE u SET b = a');
    const again = await cli(['upgrade', '--url', url], cwd);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Applied 1 migration.');
    expect(await indexesOf(db, 'u')).toEqual({ u_a_idx: true, u_b_key: true, u_ab_idx: true });
    expect((await ledgerRows(db)).map((r) => `${r.id} ${r.status} ${r.statements_done}`)).toEqual(['001_u.sql applied null', '002_three.sql applied null']);
  });
});

describe('lock_timeout', () => {
  async function blockedProject(name: string) {
    const { url, db } = await database(name);
    const cwd = project({ '001_t.sql': 'CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);\n' });
    expect((await cli(['upgrade', '--url', url], cwd)).code).toBe(0);
    writeMigration(cwd, '002_add_c.sql', 'ALTER TABLE t ADD COLUMN c int;\n');
    // A report that read t and keeps its transaction open: ACCESS SHARE, which ADD COLUMN's ACCESS EXCLUSIVE waits for.
    const blocker = await session(url, 'blocking-report-job');
    const blockerPid = (await blocker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid as number;
    await blocker.query('BEGIN');
    await blocker.query('SELECT count(*) FROM t');
    return { url, db, cwd, blocker, blockerPid };
  }

  it('retries, gives up after the last retry, names the blocking session, and records the failure', async () => {
    const { url, db, cwd, blocker, blockerPid } = await blockedProject('safety_lock_timeout');
    const blocked = await cli(['upgrade', '--url', url], cwd);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain(`002_add_c.sql gave up waiting for a lock; retry 1 of 2 in 100 ms (blocked by session ${blockerPid})`);
    expect(blocked.stdout).toContain(`002_add_c.sql gave up waiting for a lock; retry 2 of 2 in 200 ms (blocked by session ${blockerPid})`);
    expect(blocked.stderr).toContain('pgshift: applying 002_add_c.sql gave up waiting for a lock (lock_timeout 200ms) after 3 attempts.');
    expect(blocked.stderr).toMatch(new RegExp(`Blocking session \\(pg_stat_activity\\):\\n  pid ${blockerPid} user postgres application "blocking-report-job" idle in transaction, in a transaction for \\d+ s: SELECT count\\(\\*\\) FROM t\\n`));
    expect(blocked.stderr).toContain('Its transaction was rolled back: nothing of 002_add_c.sql was applied.');
    expect((await ledgerRows(db)).map((r) => `${r.id} ${r.status}`)).toEqual(['001_t.sql applied', '002_add_c.sql failed']);
    expect(await columnsOf(db, 't')).toEqual(['id']);

    await blocker.query('ROLLBACK');
    const after = await cli(['upgrade', '--url', url], cwd);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).not.toContain('retry');
    expect(await columnsOf(db, 't')).toEqual(['id', 'c']);
    expect((await ledgerRows(db)).map((r) => `${r.id} ${r.status}`)).toEqual(['001_t.sql applied', '002_add_c.sql applied']);
  });

  it('succeeds when the blocker lets go during the retries', async () => {
    const { url, db, cwd, blocker } = await blockedProject('safety_lock_released');
    const run = start(['upgrade', '--url', url], cwd);
    await waitFor('the first retry', () => Promise.resolve(run.stdout().includes('retry 1 of 2') ? true : undefined));
    await blocker.query('ROLLBACK');
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(0);
    expect(run.stdout()).toContain('002_add_c.sql gave up waiting for a lock; retry 1 of 2 in 100 ms');
    expect(run.stdout()).toContain('Applied 1 migration.');
    expect(await columnsOf(db, 't')).toEqual(['id', 'c']);
    expect((await ledgerRows(db)).map((r) => `${r.id} ${r.status} ${r.error}`)).toEqual(['001_t.sql applied null', '002_add_c.sql applied null']);
  });
});

describe('the password never reaches the output', () => {
  const testerPassword = 'p@ss:w/rd%';
  const wrongPassword = 'WRONGsecret123';
  const wrongTesterPassword = 'wr@ng:p/ss%';

  function forbidden(): string[] {
    return [server.password, encodeURIComponent(server.password), wrongPassword, testerPassword, encodeURIComponent(testerPassword), wrongTesterPassword, encodeURIComponent(wrongTesterPassword)];
  }

  function expectNoSecret(run: CliRun, what: string): void {
    const output = `${run.stdout}\n${run.stderr}`;
    for (const secret of forbidden()) expect(output.includes(secret), `${what} printed ${secret}:\n${output}`).toBe(false);
  }

  it('in every command, failure, lock timeout and connection failure', async () => {
    const port = new URL(server.url).port;
    const { url, db } = await database('safety_secrets');
    expect(url).toContain(`:${encodeURIComponent(server.password)}@`);
    const cwd = project({
      '001_s.sql': 'CREATE TABLE s (id int PRIMARY KEY);\n',
      '002_w.sql': 'CREATE TABLE w (id int);\n',
      '002_w.down.sql': 'DROP TABLE w;\n',
      '003_fail.sql': 'INSERT INTO s VALUES (1), (1);\n',
    });
    const connectionLine = new RegExp(`^Database: postgresql://postgres:\\*\\*\\*@127\\.0\\.0\\.1:${port}/safety_secrets \\(PostgreSQL 18\\.\\d+\\)$`, 'm');

    const runs: [string, CliRun][] = [];
    const record = async (what: string, run: Promise<CliRun>) => {
      const result = await run;
      runs.push([what, result]);
      return result;
    };

    const up = await record('upgrade', runProcess(['upgrade', '002_w', '--url', url], cwd));
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(connectionLine);
    expect((await record('current', runProcess(['current', '--url', url], cwd))).stdout).toContain('002_w.sql: applied');
    expect((await record('history', runProcess(['history', '--verbose', '--url', url], cwd))).code).toBe(0);
    const down = await record('downgrade', runProcess(['downgrade', '-1', '--url', url], cwd));
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toMatch(connectionLine);
    expect(down.stdout).toContain('Reverted 1 migration.');
    const failed = await record('failing upgrade', runProcess(['upgrade', '--url', url], cwd));
    expect(failed.code, failed.stdout + failed.stderr).toBe(1);
    expect(failed.stdout).toMatch(connectionLine);
    expect(failed.stderr).toContain('applying 003_fail.sql failed: duplicate key value violates unique constraint "s_pkey"');
    // From the environment instead of --url.
    const history = await record('history from PGSHIFT_DATABASE_URL', cli(['history'], cwd, { PGSHIFT_DATABASE_URL: url }));
    expect(history.stdout).toMatch(/^failed +003_fail\.sql/m);

    // A role whose password needs escaping in a URL.
    await db.query(`CREATE ROLE pgshift_tester LOGIN SUPERUSER PASSWORD '${testerPassword}'`);
    const testerUrl = `postgresql://pgshift_tester:${encodeURIComponent(testerPassword)}@127.0.0.1:${port}/safety_secrets_tester`;
    await server.createDatabase('safety_secrets_tester');
    const testerCwd = project({ '001_t.sql': 'CREATE TABLE t (id int);\n' });
    const testerUp = await record('upgrade as pgshift_tester', runProcess(['upgrade', '--url', testerUrl], testerCwd));
    expect(testerUp.code, testerUp.stderr).toBe(0);
    expect(testerUp.stdout).toMatch(new RegExp(`^Database: postgresql://pgshift_tester:\\*\\*\\*@127\\.0\\.0\\.1:${port}/safety_secrets_tester `, 'm'));
    // A lock timeout, whose report quotes pg_stat_activity.
    writeMigration(testerCwd, '002_add_c.sql', 'ALTER TABLE t ADD COLUMN c int;\n');
    const blocker = await session(testerUrl, 'blocking-report-job');
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE t IN ACCESS SHARE MODE');
    const timedOut = await record('lock timeout', cli(['upgrade'], testerCwd, { DATABASE_URL: testerUrl }));
    expect(timedOut.code, timedOut.stdout + timedOut.stderr).toBe(1);
    expect(timedOut.stderr).toContain('gave up waiting for a lock (lock_timeout 200ms) after 3 attempts');
    expect(timedOut.stderr).toContain('user pgshift_tester application "blocking-report-job"');
    await blocker.query('ROLLBACK');
    expect((await record('history as pgshift_tester', runProcess(['history', '--url', testerUrl], testerCwd))).stdout).toMatch(/^failed +002_add_c\.sql/m);

    // Wrong passwords: the connection fails without echoing them.
    for (const [user, password] of [['postgres', wrongPassword], ['pgshift_tester', wrongTesterPassword]] as const) {
      const wrong = await record(`wrong password for ${user}`, runProcess(['upgrade', '--url', `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/safety_secrets`], cwd));
      expect(wrong.code, wrong.stdout + wrong.stderr).toBe(2);
      expect(wrong.stderr).toBe(`pgshift: cannot connect to postgresql://${user}:***@127.0.0.1:${port}/safety_secrets: password authentication failed for user "${user}"\n`);
    }
    // Nobody listens there: the message names host and port, not the password.
    const refused = await record('connection refused', runProcess(['current', '--url', `postgresql://postgres:${wrongPassword}@127.0.0.1:1/safety_secrets`], cwd));
    expect(refused.code, refused.stdout + refused.stderr).toBe(2);
    expect(refused.stderr).toContain('127.0.0.1:1');

    expect(runs).toHaveLength(12);
    for (const [what, run] of runs) expectNoSecret(run, what);
  });
});

describe('statement_timeout', () => {
  it('cancels a statement that runs longer than statementTimeout', async () => {
    const { url, db } = await database('safety_statement_timeout');
    const cwd = project({ '001_sleep.sql': 'SELECT pg_sleep(2);\n' }, { statementTimeout: '300ms' });
    const started = Date.now();
    const run = await cli(['upgrade', '--url', url], cwd);
    expect(Date.now() - started).toBeLessThan(1_800);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('pgshift: applying 001_sleep.sql was cancelled: canceling statement due to statement timeout.\nIts transaction was rolled back: nothing of 001_sleep.sql was applied.');
    expect((await ledgerRows(db)).map((r) => `${r.id} ${r.status}`)).toEqual(['001_sleep.sql failed']);
  });
});

/**
 * The runner's command line against a real server: progress redrawn on a
 * terminal and plain lines in a log, and libpq-style URLs with sslmode.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startTestServer, type TestServer } from '../support/postgres.js';

let server: TestServer;
const projects: string[] = [];

beforeAll(async () => {
  server = await startTestServer(18);
});
afterAll(async () => {
  await server.stop();
  for (const dir of projects) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pgshift-cli-'));
  chmodSync(dir, 0o755);
  projects.push(dir);
  mkdirSync(path.join(dir, 'migrations'));
  writeFileSync(path.join(dir, 'pgshift.config.json'), '{ "migrations": "migrations" }\n');
  for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(dir, 'migrations', name), sql);
  return dir;
}

const MIGRATIONS = {
  '1_create_items.sql': 'CREATE TABLE items (id bigint PRIMARY KEY, sku text);\n',
  '2_index_items.sql': '-- pgshift:no-transaction\nCREATE INDEX CONCURRENTLY items_sku_idx ON items (sku);\nCREATE INDEX CONCURRENTLY items_id_sku_idx ON items (id, sku);\n',
};

describe('progress', () => {
  it('redraws one line on a terminal: position, migration, statement', async () => {
    const url = await server.createDatabase('progress_tty');
    const run = await runCli(['upgrade', '--url', url], { cwd: project(MIGRATIONS), tty: true });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\r\x1b[2K[1/2] applying 1_create_items.sql');
    expect(run.stdout).toContain('\r\x1b[2K[2/2] applying 2_index_items.sql (statement 2/2)');
    expect(run.stdout).toContain('[2/2] applied 2_index_items.sql (');
  });

  it('writes a plain line per migration to a log', async () => {
    const url = await server.createDatabase('progress_log');
    const run = await runCli(['upgrade', '--url', url], { cwd: project(MIGRATIONS) });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('\r');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.slice(1)).toEqual([
      'Linted 2 migrations; 2 pending.',
      expect.stringMatching(/^\[1\/2\] applied 1_create_items\.sql \(\d+ ms\)$/),
      expect.stringMatching(/^\[2\/2\] applied 2_index_items\.sql \(\d+ ms\)$/),
      'Applied 2 migrations.',
    ]);
    expect(lines[0]).toMatch(/^Database: postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/progress_log \(PostgreSQL 18\.\d+\)$/);
  });
});

describe('connection URLs', () => {
  it('refuses a malformed URL as a usage problem, not an internal error', async () => {
    const run = await runCli(['current', '--url', 'postgresql://u:pw@[bad/db'], { cwd: project(MIGRATIONS) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^pgshift: cannot connect to .*: the URL is not valid \(/);
    expect(run.stderr).not.toContain(':pw@');
  });

  it('takes libpq query parameters such as sslmode, from --url or DATABASE_URL', async () => {
    const url = `${await server.createDatabase('ssl_disable')}?sslmode=disable&application_name=deploy`;
    const dir = project(MIGRATIONS);
    expect((await runCli(['upgrade', '--url', url], { cwd: dir })).code).toBe(0);
    const current = await runCli(['current'], { cwd: dir, env: { DATABASE_URL: url } });
    expect(current.stdout).toContain('2_index_items.sql: applied');
  });

  it('fails clearly, without the password, when the server cannot do what the URL asks', async () => {
    const url = `${await server.createDatabase('ssl_require')}?sslmode=require`;
    const run = await runCli(['upgrade', '--url', url], { cwd: project(MIGRATIONS) });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`pgshift: cannot connect to ${url.replace(/:[^:@/]+@/, ':***@')}: The server does not support SSL connections\n`);
    expect(run.stdout + run.stderr).not.toContain(server.password);
  });
});

describe('a dropped connection', () => {
  it('is a clear error, and the next run continues where this one stopped', async () => {
    const url = await server.createDatabase('dropped');
    const dir = project({ '1_create_items.sql': MIGRATIONS['1_create_items.sql'], '2_slow.sql': 'CREATE TABLE slow (id int);\nSELECT pg_sleep(10);\n', '3_after.sql': 'CREATE TABLE after_slow (id int);\n' });
    const admin = await server.connect(url);
    const running = runCli(['upgrade', '--url', url], { cwd: dir });
    // Wait for the slow step, then cut the runner's connection as a failover or a proxy would.
    for (let i = 0; i < 100; i++) {
      const { rows } = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = 'pgshift' AND query LIKE '%pg_sleep%' AND state = 'active'");
      if (rows[0]) {
        await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const run = await running;
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^pgshift: the connection to the database was lost \(.+\); nothing after the last completed migration is recorded, and the next run continues from there\n$/);
    const applied = await admin.query<{ id: string }>('SELECT id FROM pgshift_migrations ORDER BY id');
    expect(applied.rows.map((r) => r.id)).toEqual(['1_create_items.sql']);
    expect((await admin.query("SELECT to_regclass('slow') AS t")).rows[0]).toEqual({ t: null });

    writeFileSync(path.join(dir, 'migrations', '2_slow.sql'), 'CREATE TABLE slow (id int);\n');
    const again = await runCli(['upgrade', '--url', url], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Linted 3 migrations; 2 pending.');
    expect(again.stdout).toContain('Applied 2 migrations.');
  });
});

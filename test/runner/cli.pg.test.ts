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
    expect(run.stderr).toBe('pgshift: cannot connect to the database: The server does not support SSL connections\n');
    expect(run.stdout + run.stderr).not.toContain(server.password);
  });
});

/**
 * The runner's default database: with no URL, `pgshift upgrade` starts a real
 * PostgreSQL whose data lives in `.pgshift/` beside the config, applies the
 * sample, and stops it; the data survives for the next command. This is what
 * the README's first command does on a fresh machine.
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbedded } from '../../src/runner/embedded.js';
import { spawnCli } from '../support/cli.js';
import { projectRoot } from '../support/paths.js';

const project = mkdtempSync(path.join(tmpdir(), 'pgshift-embedded-'));
// As root the server runs as the postgres user, which must reach the project.
chmodSync(project, 0o755);
cpSync(path.join(projectRoot, 'migrations'), path.join(project, 'migrations'), { recursive: true });
cpSync(path.join(projectRoot, 'pgshift.config.json'), path.join(project, 'pgshift.config.json'));
const home = path.join(project, '.pgshift');
// No URL from the environment of whoever runs the suite.
const env = { DATABASE_URL: '', PGSHIFT_DATABASE_URL: '' };
const pgshift = (...args: string[]) => spawnCli(args, { cwd: project, env });

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('the embedded default', () => {
  it('applies the sample into .pgshift/, stops the server, and finds the data again', () => {
    const first = pgshift('upgrade');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Database: the embedded PostgreSQL in .pgshift (PostgreSQL 18.');
    expect(first.stdout).toContain('[14/14] applied 2024.05-contract/001_drop_api_token.sql');
    expect(first.stdout.trimEnd().endsWith('Applied 14 migrations.')).toBe(true);
    expect(existsSync(path.join(home, 'data', 'PG_VERSION'))).toBe(true);
    expect(statSync(path.join(home, 'password')).mode & 0o777).toBe(0o600);
    // The server stopped with the command, and released the folder.
    expect(existsSync(path.join(home, 'data', 'postmaster.pid'))).toBe(false);
    expect(existsSync(path.join(home, 'pgshift.pid'))).toBe(false);

    const current = pgshift('current');
    expect(current.code).toBe(0);
    expect(current.stdout).toMatch(/^2024\.05-contract\/001_drop_api_token\.sql \(release 2024\.05-contract\): applied \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    expect(current.stdout).toContain('Up to date.');
    expect(pgshift('upgrade').stdout).toContain('Nothing to apply: the database is up to date.');
  });

  it('says so when another pgshift process uses the folder', async () => {
    // This test process plays the other pgshift: it holds the folder with a running server.
    const server = await startEmbedded({ home, persistent: true });
    try {
      const busy = pgshift('current');
      expect(busy.code).toBe(2);
      expect(busy.stderr).toBe(`pgshift: the embedded database in ${home} is in use by another pgshift process (pid ${process.pid}); wait for it to finish, or pass --url\n`);
    } finally {
      await server.stop();
    }
  });

  it('stops the server a killed pgshift left running, and goes on', async () => {
    // A pgshift of its own that starts the server and is then killed: its server lives on, orphaned.
    const embedded = pathToFileURL(path.join(projectRoot, 'dist', 'src', 'runner', 'embedded.js')).href;
    const holder = spawn(process.execPath, ['--input-type=module', '-e', `const { startEmbedded } = await import(${JSON.stringify(embedded)}); await startEmbedded({ home: ${JSON.stringify(home)}, persistent: true }); console.log('ready'); setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (chunk: Buffer) => (chunk.toString().includes('ready') ? resolve() : undefined));
      holder.once('exit', () => reject(new Error('the holder exited before its server was ready')));
    });
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    const orphan = Number(readFileSync(path.join(home, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(() => process.kill(orphan, 0)).not.toThrow();

    const recovered = pgshift('current');
    expect(recovered.stderr).toBe('');
    expect(recovered.code).toBe(0);
    expect(recovered.stdout).toContain('Up to date.');
    expect(existsSync(path.join(home, 'data', 'postmaster.pid'))).toBe(false);
  });
});

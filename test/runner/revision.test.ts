/**
 * `pgshift revision`: where the new migration goes, how it is named, what it
 * says, and that pgshift's own linter finds nothing in it. Every project is a
 * temporary folder built by the test.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/io.js';
import { revisionCommand } from '../../src/cli/revision-command.js';
import { lintFiles, lintText } from '../../src/lint/index.js';
import { createRevision, type RevisionOptions, slugify } from '../../src/runner/revision.js';
import { captureIO } from '../support/cli-io.js';
import { projectRoot } from '../support/paths.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'pgshift-revision-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const NOW = new Date('2024-05-06T07:08:09.500Z');
let projects = 0;

/** A fresh project folder holding the given files (path → text) and, when given, a pgshift.config.json. */
function project(files: Record<string, string> = {}, config?: object): string {
  const root = path.join(scratch, `project-${++projects}`);
  mkdirSync(root, { recursive: true });
  if (config !== undefined) writeFileSync(path.join(root, 'pgshift.config.json'), JSON.stringify(config));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

async function create(cwd: string, options: Partial<RevisionOptions> & { message: string }) {
  const created = await createRevision({ cwd, now: NOW, ...options });
  return { ...created, relative: path.relative(cwd, created.path), downRelative: created.downPath && path.relative(cwd, created.downPath) };
}

async function run(cwd: string, args: string[]) {
  const captured = captureIO(cwd);
  const code = await revisionCommand(args, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

/** Every finding pgshift reports in one file, down migrations included. */
async function findings(cwd: string, file: string, text = readFileSync(file, 'utf8')): Promise<string[]> {
  const results = await lintText(text, { cwd, filePath: file, includeDown: true });
  return results.flatMap((r) => r.messages.map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`));
}

const sql = 'SELECT 1;\n';
/** Projects with down files name their tool, so these tests do not hang on how `"source": "auto"` reads `<digits>_x.down.sql`. */
const pgshiftSource = { source: 'pgshift' };

describe('pgshift revision: file names', () => {
  it('continues a numbered folder, keeping the width and ignoring down migrations', async () => {
    const cwd = project({ 'migrations/0001_a.sql': sql, 'migrations/0002_b.sql': sql, 'migrations/0002_b.down.sql': sql, 'migrations/0009_orphan.down.sql': sql }, pgshiftSource);
    expect((await create(cwd, { message: 'Add orders' })).relative).toBe('migrations/0003_add_orders.sql');
  });

  it('keeps counting past the width, and reads unpadded numbers numerically', async () => {
    expect((await create(project({ 'migrations/099_a.sql': sql, 'migrations/100_b.sql': sql, 'migrations/98_c.sql': sql }), { message: 'x' })).relative).toBe('migrations/101_x.sql');
    expect((await create(project({ 'migrations/2_a.sql': sql, 'migrations/10_b.sql': sql }), { message: 'x' })).relative).toBe('migrations/11_x.sql');
    expect((await create(project({ 'migrations/999_a.sql': sql }), { message: 'x' })).relative).toBe('migrations/1000_x.sql');
  });

  it('uses a UTC timestamp in an empty folder, creating the folder', async () => {
    const cwd = project();
    const created = await create(cwd, { message: 'Create users' });
    expect(created.relative).toBe('migrations/20240506070809_create_users.sql');
    expect(existsSync(created.path)).toBe(true);
  });

  it('continues a timestamped folder with the current time', async () => {
    const cwd = project({ 'migrations/20240101000000_a.sql': sql, 'migrations/20240102000000_b.sql': sql });
    expect((await create(cwd, { message: 'c' })).relative).toBe('migrations/20240506070809_c.sql');
  });

  it('keeps timestamps strictly increasing when the clock is not ahead of the newest one', async () => {
    const same = project({ 'migrations/20240506070809_a.sql': sql });
    expect((await create(same, { message: 'b' })).relative).toBe('migrations/20240506070810_b.sql');
    const ahead = project({ 'migrations/20301231235959_a.sql': sql, 'migrations/001_old.sql': sql });
    expect((await create(ahead, { message: 'b' })).relative).toBe('migrations/20310101000000_b.sql');
  });

  it('warns when the folder has names the new file does not sort after', async () => {
    const cwd = project({ 'migrations/create_users.sql': sql });
    const created = await create(cwd, { message: 'b' });
    expect(created.relative).toBe('migrations/20240506070809_b.sql');
    expect(created.warnings).toEqual(['20240506070809_b.sql sorts before create_users.sql in migrations, so pgshift would run it before that migration; rename it if that is wrong']);
  });

  it('keeps the .up.sql spelling of a folder that uses it', async () => {
    const cwd = project({ 'migrations/001_a.up.sql': sql, 'migrations/001_a.down.sql': sql }, pgshiftSource);
    const created = await create(cwd, { message: 'b', down: true });
    expect([created.relative, created.downRelative]).toEqual(['migrations/002_b.up.sql', 'migrations/002_b.down.sql']);
  });
});

describe('pgshift revision: slugs', () => {
  it('strips accents and transliterates letters without one', () => {
    expect(slugify('Ajouter l’état du café')).toBe('ajouter_l_etat_du_cafe');
    expect(slugify('Straße Øre Łódź')).toBe('strasse_ore_lodz');
  });

  it('turns punctuation and spacing into single underscores, trimmed', () => {
    expect(slugify('  Add "orders".status -- NOT NULL!  ')).toBe('add_orders_status_not_null');
    expect(slugify('v2: users→accounts (part 1/3)')).toBe('v2_users_accounts_part_1_3');
  });

  it('is at most 60 characters, cut at a word boundary', () => {
    const slug = slugify('Add a partial index on orders by customer and status for the dashboard query');
    expect(slug).toBe('add_a_partial_index_on_orders_by_customer_and_status_for_the');
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slugify('x'.repeat(80))).toBe('x'.repeat(60));
    expect(slugify(`a ${'y'.repeat(80)}`)).toBe(`a_${'y'.repeat(58)}`);
  });

  it('falls back to "migration" when nothing is left', () => {
    expect(slugify('!!! ???')).toBe('migration');
    expect(slugify('日本語')).toBe('migration');
  });

  it('comes from the first line of the message', async () => {
    const created = await create(project(), { message: 'Add orders\n\nThe checkout needs them.' });
    expect(created.relative).toBe('migrations/20240506070809_add_orders.sql');
  });
});

describe('pgshift revision: releases', () => {
  const directories = { migrations: 'db', releases: 'directories' };

  it('adds to the newest release folder in natural order', async () => {
    const cwd = project({ 'db/1.9/001_a.sql': sql, 'db/1.10/001_a.sql': sql, 'db/1.10/002_b.sql': sql, 'db/1.2/005_c.sql': sql, 'db/.hidden/x.sql': sql }, directories);
    const created = await create(cwd, { message: 'Add orders' });
    expect(created.relative).toBe('db/1.10/003_add_orders.sql');
    expect(created.release).toBe('1.10');
    expect(created.warnings).toEqual([]);
  });

  it('creates the folder named by --release, numbering like the other releases', async () => {
    const cwd = project({ 'db/1.1/0001_a.sql': sql, 'db/1.1/0002_b.sql': sql }, directories);
    const created = await create(cwd, { message: 'Add orders', release: '1.2' });
    expect(created.relative).toBe('db/1.2/0001_add_orders.sql');
    expect(created.warnings).toEqual([]);
  });

  it('takes a timestamp in a new release when the others hold no numbered files', async () => {
    const cwd = project({ 'db/1.1/create_users.sql': sql }, directories);
    expect((await create(cwd, { message: 'x', release: '1.2' })).relative).toBe('db/1.2/20240506070809_x.sql');
  });

  it('adds to an older release when asked, with a warning', async () => {
    const cwd = project({ 'db/1.1/001_a.sql': sql, 'db/1.2/001_a.sql': sql }, directories);
    const created = await create(cwd, { message: 'x', release: '1.1' });
    expect(created.relative).toBe('db/1.1/002_x.sql');
    expect(created.warnings).toEqual(["release 1.1 comes before 1.2, so the new migration is ordered before that release's migrations"]);
  });

  it('asks for --release when there is no release folder yet, and refuses a path as a release', async () => {
    const cwd = project({ 'db/loose.sql': sql }, directories);
    await expect(create(cwd, { message: 'x' })).rejects.toThrow('db has no release folder yet; name the first release with --release <name>');
    await expect(create(cwd, { message: 'x', release: '../elsewhere' })).rejects.toThrow('--release "../elsewhere" must be a plain folder name');
    expect((await create(cwd, { message: 'x', release: '1.0' })).relative).toBe('db/1.0/20240506070809_x.sql');
  });

  it('uses the folder of the last listed release, or of the one named', async () => {
    const config = {
      migrations: 'db',
      releases: [
        { name: 'spring', migrations: ['db/spring/*.sql'] },
        { name: 'summer', migrations: ['db/summer/**/*.sql', 'db/extra/*.sql'] },
      ],
    };
    const cwd = project({ 'db/spring/001_a.sql': sql, 'db/summer/001_b.sql': sql, 'db/summer/002_c.sql': sql }, config);
    const newest = await create(cwd, { message: 'x' });
    expect([newest.relative, newest.release, newest.warnings]).toEqual(['db/summer/003_x.sql', 'summer', []]);
    const named = await create(cwd, { message: 'y', release: 'spring' });
    expect([named.relative, named.release]).toEqual(['db/spring/002_y.sql', 'spring']);
    expect(named.warnings).toEqual(["release spring comes before summer, so the new migration is ordered before that release's migrations"]);
    await expect(create(cwd, { message: 'z', release: 'autumn' })).rejects.toThrow('no release is named "autumn" in the config (releases: spring, summer)');
  });

  it("starts an empty listed release's folder the way the other releases number", async () => {
    const config = { migrations: 'db', releases: [{ name: 'a', migrations: 'db/a/*.sql' }, { name: 'b', migrations: 'db/b/*.sql' }] };
    const cwd = project({ 'db/a/01_a.sql': sql }, config);
    expect((await create(cwd, { message: 'x' })).relative).toBe('db/b/01_x.sql');
  });

  it("warns when the release's globs do not pick up the new file", async () => {
    const config = { migrations: 'db', releases: [{ name: 'a', migrations: 'db/a/00[1-5]_*.sql' }] };
    const cwd = project({ 'db/a/005_a.sql': sql }, config);
    const created = await create(cwd, { message: 'x' });
    expect(created.relative).toBe('db/a/006_x.sql');
    expect(created.warnings).toEqual(['db/a/006_x.sql is not in release a as the config defines it (no release claims it); check the release\'s "migrations" globs']);
  });

  it('without releases, adds to the migrations folder and refuses --release', async () => {
    const cwd = project({ 'sql/001_a.sql': sql }, { migrations: ['sql', 'other'] });
    const created = await create(cwd, { message: 'x' });
    expect([created.relative, created.release]).toEqual(['sql/002_x.sql', undefined]);
    await expect(create(cwd, { message: 'x', release: '1.0' })).rejects.toThrow('--release names a release, but releases are not configured');
  });

  it('refuses a glob or a file as the migrations folder', async () => {
    await expect(create(project({}, { migrations: 'db/*.sql' }), { message: 'x' })).rejects.toThrow('"migrations" starts with the glob "db/*.sql"');
    await expect(create(project({ 'one.sql': sql }, { migrations: 'one.sql' }), { message: 'x' })).rejects.toThrow('"migrations" starts with the file "one.sql"');
  });

  it('refuses a project whose migrations another tool applies', async () => {
    await expect(create(project({}, { source: 'goose' }), { message: 'x' })).rejects.toThrow("pgshift revision writes migrations for pgshift's runner, but the config says goose applies them");
    await expect(create(project({ 'migrations/001_a.up.sql': sql, 'migrations/001_a.down.sql': sql }), { message: 'x' })).rejects.toThrow(
      `pgshift reads migrations as golang-migrate migrations, and pgshift revision writes migrations for pgshift's runner; set "source": "pgshift" in a pgshift.config.json if pgshift's runner applies them`,
    );
    const goose = project({ 'migrations/20240101000000_a.sql': '-- +goose Up\nSELECT 1;\n' }, { migrations: 'migrations' });
    await expect(create(goose, { message: 'x' })).rejects.toThrow(
      `migrations/20240101000000_a.sql is a goose migration, and pgshift revision writes migrations for pgshift's runner; set "source": "pgshift" in pgshift.config.json if pgshift's runner applies them`,
    );
    expect(readdirSync(path.join(goose, 'migrations'))).toEqual(['20240101000000_a.sql']);
  });
});

describe('pgshift revision: contents', () => {
  it('writes a header of comments, an empty line, and nothing else', async () => {
    const created = await create(project(), { message: 'Add orders' });
    expect(readFileSync(created.path, 'utf8')).toBe(
      [
        '-- Add orders',
        '-- Created by pgshift revision on 2024-05-06.',
        '--',
        '-- This migration runs in one transaction. To run it outside one (for CREATE INDEX',
        '-- CONCURRENTLY and the like, alone in their migration), make its first line:',
        '--     -- pgshift:no-transaction',
        '-- To record that the application stopped using a table or column in this release',
        '-- (it may then be dropped in a later release), add:',
        '--     -- pgshift:deprecate <table>.<column>',
        '',
        '',
      ].join('\n'),
    );
  });

  it('lints clean, and runs in a transaction despite the example directive', async () => {
    const cwd = project();
    const created = await create(cwd, { message: 'Add orders' });
    expect(await findings(cwd, created.path)).toEqual([]);
    const withIndex = `${readFileSync(created.path, 'utf8')}CREATE INDEX CONCURRENTLY i ON t (a);\n`;
    expect((await findings(cwd, created.path, withIndex)).filter((f) => f.startsWith('run-outside-transaction:'))).toHaveLength(1);
  });

  it('with --no-transaction, starts with the directive, which the linter obeys', async () => {
    const cwd = project();
    const created = await create(cwd, { message: 'Index orders by status', noTransaction: true });
    const text = readFileSync(created.path, 'utf8');
    expect(text.split('\n').slice(0, 3)).toEqual(['-- pgshift:no-transaction', '-- Index orders by status', '-- Created by pgshift revision on 2024-05-06.']);
    expect(text).toContain('outside a transaction');
    expect(text.endsWith('\n\n')).toBe(true);
    expect(await findings(cwd, created.path)).toEqual([]);
    expect(await findings(cwd, created.path, `${text}CREATE INDEX CONCURRENTLY i ON t (a);\n`)).toEqual([]);
  });

  it('comments every line of a multi-line message, quoting one that would read as a directive', async () => {
    const cwd = project();
    const created = await create(cwd, { message: '\nStop using users.email\n\npgshift:deprecate users.email\n  -- pgshift-disable foo\n' });
    const text = readFileSync(created.path, 'utf8');
    expect(text.split('\n').slice(0, 5)).toEqual(['-- Stop using users.email', '--', '-- > pgshift:deprecate users.email', '--   -- pgshift-disable foo', '-- Created by pgshift revision on 2024-05-06.']);
    expect(await findings(cwd, created.path)).toEqual([]);
  });

  it('with --down, creates the pair, the down file saying what it reverts', async () => {
    const cwd = project({ 'migrations/001_a.sql': sql }, pgshiftSource);
    const created = await create(cwd, { message: 'Add orders', down: true });
    expect([created.relative, created.downRelative]).toEqual(['migrations/002_add_orders.sql', 'migrations/002_add_orders.down.sql']);
    const down = readFileSync(created.downPath ?? '', 'utf8');
    expect(down.split('\n')[0]).toBe('-- Reverts 002_add_orders.sql: Add orders');
    expect(down.endsWith('\n\n')).toBe(true);
    expect(await findings(cwd, created.downPath ?? '')).toEqual([]);
    const { results } = await lintFiles({ cwd, includeDown: true });
    expect(results.map((r) => [path.relative(cwd, r.filePath), r.messages.length])).toEqual([
      ['migrations/001_a.sql', 0],
      ['migrations/002_add_orders.sql', 0],
      ['migrations/002_add_orders.down.sql', 0],
    ]);
  });

  it('with --down --no-transaction, the down file runs outside a transaction too', async () => {
    const cwd = project({}, pgshiftSource);
    const created = await create(cwd, { message: 'Index orders', down: true, noTransaction: true });
    const down = readFileSync(created.downPath ?? '', 'utf8');
    expect(down.split('\n').slice(0, 2)).toEqual(['-- pgshift:no-transaction', '-- Reverts 20240506070809_index_orders.sql: Index orders']);
    expect(await findings(cwd, created.downPath ?? '', `${down}DROP INDEX CONCURRENTLY i;\n`)).toEqual([]);
  });

  it('never overwrites: an existing down file stops the pair before anything is written', async () => {
    const cwd = project({ 'migrations/001_a.sql': sql, 'migrations/002_add_orders.down.sql': 'DROP TABLE orders;\n' }, pgshiftSource);
    await expect(create(cwd, { message: 'Add orders', down: true })).rejects.toThrow('migrations/002_add_orders.down.sql already exists; pgshift revision never overwrites a migration');
    expect(readdirSync(path.join(cwd, 'migrations')).sort()).toEqual(['001_a.sql', '002_add_orders.down.sql']);
    expect(readFileSync(path.join(cwd, 'migrations/002_add_orders.down.sql'), 'utf8')).toBe('DROP TABLE orders;\n');
  });
});

describe('pgshift revision: command line', () => {
  it('adds the next migrations to the sample project, which lint clean', async () => {
    const cwd = path.join(scratch, 'sample');
    cpSync(path.join(projectRoot, 'migrations'), path.join(cwd, 'migrations'), { recursive: true });
    cpSync(path.join(projectRoot, 'pgshift.config.json'), path.join(cwd, 'pgshift.config.json'));
    expect(await run(cwd, ['-m', 'Add orders'])).toEqual({ code: 0, stdout: 'Created migrations/2024.05-contract/002_add_orders.sql\n', stderr: '' });
    expect(await run(cwd, ['--message', 'Index orders', '--no-transaction', '--down'])).toEqual({
      code: 0,
      stdout: 'Created migrations/2024.05-contract/003_index_orders.sql\nCreated migrations/2024.05-contract/003_index_orders.down.sql\n',
      stderr: '',
    });
    const created = ['002_add_orders.sql', '003_index_orders.sql', '003_index_orders.down.sql'].map((name) => path.join(cwd, 'migrations/2024.05-contract', name));
    const { results } = await lintFiles({ cwd, includeDown: true });
    expect(results.filter((r) => created.includes(r.filePath)).map((r) => [path.basename(r.filePath), r.messages])).toEqual([
      ['002_add_orders.sql', []],
      ['003_index_orders.sql', []],
      ['003_index_orders.down.sql', []],
    ]);
  });

  it('creates a release folder with --release and reads -c', async () => {
    const cwd = project({ 'conf/pgshift.config.json': JSON.stringify({ migrations: '../db', releases: 'directories' }), 'db/r1/01_a.sql': sql });
    expect(await run(cwd, ['-c', 'conf/pgshift.config.json', '--release', 'r2', '-m', 'Add orders'])).toEqual({ code: 0, stdout: 'Created db/r2/01_add_orders.sql\n', stderr: '' });
  });

  it('joins repeated -m as paragraphs, like git commit', async () => {
    const cwd = project({ 'migrations/001_a.sql': sql });
    await run(cwd, ['-m', 'Add orders', '-m', 'Checkout needs them.']);
    expect(readFileSync(path.join(cwd, 'migrations/002_add_orders.sql'), 'utf8')).toMatch(/^-- Add orders\n--\n-- Checkout needs them\.\n-- Created/);
  });

  it('prints warnings on standard error', async () => {
    const cwd = project({ 'db/1.1/001_a.sql': sql, 'db/1.2/001_a.sql': sql }, { migrations: 'db', releases: 'directories' });
    const result = await run(cwd, ['-m', 'x', '--release', '1.1']);
    expect(result).toEqual({
      code: 0,
      stdout: 'Created db/1.1/002_x.sql\n',
      stderr: "pgshift: warning: release 1.1 comes before 1.2, so the new migration is ordered before that release's migrations\n",
    });
  });

  it('needs a message', async () => {
    const cwd = project();
    await expect(run(cwd, [])).rejects.toThrow(new UsageError('pgshift revision needs a message: -m "what the migration does"'));
    await expect(run(cwd, ['-m', '  '])).rejects.toThrow(UsageError);
    await expect(run(cwd, ['Add orders'])).rejects.toThrow('unexpected argument "Add orders"; give the message with -m "<message>"');
    await expect(run(cwd, ['-m', 'x', '--force'])).rejects.toThrow(UsageError);
    expect(existsSync(path.join(cwd, 'migrations'))).toBe(false);
  });

  it('reports library refusals as usage errors', async () => {
    const cwd = project({ 'db/x.sql': sql }, { migrations: 'db', releases: 'directories' });
    await expect(run(cwd, ['-m', 'x'])).rejects.toThrow(new UsageError('db has no release folder yet; name the first release with --release <name>'));
  });

  it('prints its help', async () => {
    const result = await run(project(), ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: pgshift revision -m <message> \[options\]/);
    expect(result.stdout).toContain('--no-transaction');
  });
});

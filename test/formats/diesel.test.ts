/**
 * diesel as diesel_migrations runs it: fixture projects under
 * fixtures/formats/diesel/ (a Cargo project with `migrations/<version>_<name>/`
 * folders), linted the way `pgshift lint <project>` lints them. Each ordering
 * expectation is the complete list of results.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dieselFormat, dieselRunsInTransaction } from '../../src/sources/formats/diesel.js';
import { detectSetFormat } from '../../src/sources/formats/index.js';
import { discoverMigrationSets } from '../../src/sources/discover.js';
import { formatFixtures, lintFixtureDir, lintFixtureText, ruleIdsByMigration } from '../support/formats.js';

const app = path.join(formatFixtures, 'diesel', 'app');
const transactions = path.join(formatFixtures, 'diesel', 'transactions');

/** The messages one rule (null: the rule-less warnings) gives a migration of a fixture project, by its path in the project. */
async function messagesOf(project: 'app' | 'transactions', file: string, ruleId: string | null) {
  const results = await lintFixtureDir(`diesel/${project}`);
  const result = results.find((r) => r.filePath === path.join(formatFixtures, 'diesel', project, file));
  if (!result) throw new Error(`no result for ${file}`);
  return result.messages.filter((m) => m.ruleId === ruleId);
}

describe('diesel: detection and order', () => {
  it('detects diesel from the up.sql files of the migration folders', async () => {
    const [set] = await discoverMigrationSets(['.'], app);
    expect(detectSetFormat(set?.files ?? [], app)).toBe('diesel');
  });

  it('runs the up.sql files in version order: the folder name up to its first `_`, dashes removed, compared as text', async () => {
    // diesel's MigrationVersion derives Ord over the version string (migration_harness.rs sorts pending migrations by it).
    // 20240115000000 comes before 2024-02-01-000000 (20240201000000), though every dashed name comes first in file order;
    // 2024-03-05-120032-0000 (202403051200320000, 18 digits) comes before 20240305130000 as text, though it is larger as a number.
    expect(ruleIdsByMigration(await lintFixtureDir('diesel/app'), app)).toEqual([
      ['migrations/00000000000000_diesel_initial_setup/up.sql', []],
      ['migrations/2024-01-07-211257_create_users/up.sql', []],
      ['migrations/20240115000000_create_posts/up.sql', []],
      ['migrations/2024-02-01-000000_add_posts_published_at/up.sql', []],
      ['migrations/2024-03-05-120032-0000_index_posts_published_at/up.sql', []],
      ['migrations/20240305130000_add_users_bio/up.sql', []],
      ['migrations/20240115000000_create_posts/sample_data.sql', ['(none)']],
    ]);
  });

  it('with includeDown, lints each down.sql right after the up.sql it reverts, on the schema that up.sql left', async () => {
    // A rollback drops tables that are live by then, so the DROP TABLEs need a lock_timeout like any other.
    expect(ruleIdsByMigration(await lintFixtureDir('diesel/app', { includeDown: true }), app)).toEqual([
      ['migrations/00000000000000_diesel_initial_setup/up.sql', []],
      ['migrations/00000000000000_diesel_initial_setup/down.sql', []],
      ['migrations/2024-01-07-211257_create_users/up.sql', []],
      ['migrations/2024-01-07-211257_create_users/down.sql', ['set-lock-timeout']],
      ['migrations/20240115000000_create_posts/up.sql', []],
      ['migrations/20240115000000_create_posts/down.sql', ['set-lock-timeout']],
      ['migrations/2024-02-01-000000_add_posts_published_at/up.sql', []],
      ['migrations/2024-02-01-000000_add_posts_published_at/down.sql', []],
      ['migrations/2024-03-05-120032-0000_index_posts_published_at/up.sql', []],
      ['migrations/2024-03-05-120032-0000_index_posts_published_at/down.sql', []],
      ['migrations/20240305130000_add_users_bio/up.sql', []],
      ['migrations/20240305130000_add_users_bio/down.sql', []],
      ['migrations/20240115000000_create_posts/sample_data.sql', ['(none)']],
    ]);
  });

  it('warns about a .sql file diesel never runs, without a rule id', async () => {
    const [warning, ...rest] = await messagesOf('app', 'migrations/20240115000000_create_posts/sample_data.sql', null);
    expect(rest).toEqual([]);
    expect(warning).toMatchObject({ severity: 1, line: 1, column: 1 });
    expect(warning?.message).toBe('diesel never runs this file: it runs only the `up.sql` and `down.sql` of each migration folder. Rename it if it is meant to be a migration.');
  });

  it('lints a down.sql given on its own only with includeDown', async () => {
    // `source` is explicit: a down.sql alone is not detected as diesel's yet (detectSetFormat looks for up.sql only).
    const file = 'migrations/2024-01-07-211257_create_users/down.sql';
    const [skipped] = await lintFixtureText('DROP TABLE users;\n', file, { cwd: app, source: 'diesel' });
    expect(skipped?.messages.map((m) => [m.ruleId, m.severity, m.message])).toEqual([
      [null, 1, 'This is a down migration; pgshift lints down migrations only with --include-down.'],
    ]);
    const [linted] = await lintFixtureText('DROP TABLE users;\n', file, { cwd: app, source: 'diesel', includeDown: true });
    expect(linted?.messages.map((m) => m.ruleId)).toEqual(['set-lock-timeout']);
  });
});

describe('diesel: run_in_transaction in metadata.toml', () => {
  it('gives each migration the transaction its metadata.toml asks for', async () => {
    expect(ruleIdsByMigration(await lintFixtureDir('diesel/transactions'), transactions)).toEqual([
      ['migrations/2024-05-01-000000_create_events/up.sql', []],
      // run_in_transaction = false and a lone CREATE INDEX CONCURRENTLY: sent alone, it runs outside any transaction.
      ['migrations/2024-05-02-000000_index_events_created_at/up.sql', []],
      // run_in_transaction = false, but batch_execute sends both statements as one query: one implicit transaction.
      ['migrations/2024-05-03-000000_index_events_kind/up.sql', ['run-outside-transaction']],
      // run_in_transaction = true: diesel's transaction.
      ['migrations/2024-05-04-000000_index_events_user_id/up.sql', ['run-outside-transaction']],
      // no metadata.toml: diesel's transaction too.
      ['migrations/2024-05-05-000000_index_events_source/up.sql', ['run-outside-transaction']],
      // a metadata.toml without the key: no transaction, as for false (see the next tests).
      ['migrations/2024-05-06-000000_index_events_payload/up.sql', []],
      ['migrations/2024-05-07-000000_add_events_note/up.sql', ['autocommit-only-where-required']],
    ]);
  });

  it('reads the setting as diesel_migrations does: no file means true, a file that leaves the key out means false', () => {
    // TomlMetadata::read_from_file(..).unwrap_or_default() takes the struct's Default (true) only when there is no file
    // (or it does not parse); the field itself is `#[serde(default)] run_in_transaction: bool`, so a missing key is false.
    const upOf = (folder: string) => path.join(transactions, 'migrations', folder, 'up.sql');
    expect(dieselRunsInTransaction(upOf('2024-05-02-000000_index_events_created_at'))).toBe(false);
    expect(dieselRunsInTransaction(upOf('2024-05-03-000000_index_events_kind'))).toBe(false);
    expect(dieselRunsInTransaction(upOf('2024-05-04-000000_index_events_user_id'))).toBe(true);
    expect(dieselRunsInTransaction(upOf('2024-05-05-000000_index_events_source'))).toBe(true);
    expect(dieselRunsInTransaction(upOf('2024-05-06-000000_index_events_payload'))).toBe(false);
  });

  it('with run_in_transaction = false, reports a CREATE INDEX CONCURRENTLY that shares the query with a SET', async () => {
    // diesel issue #4552: batch_execute of several statements fails the same way.
    const [message, ...rest] = await messagesOf('transactions', 'migrations/2024-05-03-000000_index_events_kind/up.sql', 'run-outside-transaction');
    expect(rest).toEqual([]);
    expect(message).toMatchObject({ line: 2, column: 1, messageId: 'insideTransaction' });
    expect(message?.message).toContain('it runs inside the transaction Postgres opens around a query of several statements (diesel sends the whole migration as one query)');
    expect(message?.message).toContain('Move it to a migration of its own with `run_in_transaction = false` in its `metadata.toml`, holding only that statement');
  });

  it('in diesel’s transaction, tells to set run_in_transaction = false, with or without a metadata.toml', async () => {
    for (const folder of ['2024-05-04-000000_index_events_user_id', '2024-05-05-000000_index_events_source']) {
      const [message, ...rest] = await messagesOf('transactions', `migrations/${folder}/up.sql`, 'run-outside-transaction');
      expect(rest).toEqual([]);
      expect(message).toMatchObject({ line: 1, column: 1, messageId: 'insideTransaction' });
      expect(message?.message).toContain('it runs inside the transaction diesel opens around this migration');
      expect(message?.message).toContain('Set `run_in_transaction = false` in the `metadata.toml` beside this `up.sql`, so diesel runs it outside a transaction');
    }
  });

  it('names a metadata.toml that leaves the key out as what takes the migration out of a transaction', async () => {
    const [message, ...rest] = await messagesOf('transactions', 'migrations/2024-05-07-000000_add_events_note/up.sql', 'autocommit-only-where-required');
    expect(rest).toEqual([]);
    expect(message?.messageId).toBe('nothingRequired');
    expect(message?.message).toContain('yet its `metadata.toml` (it leaves out `run_in_transaction`, which diesel reads as false) makes it run without one');
  });

  it('runs down.sql the way the migration’s metadata.toml says, like up.sql', async () => {
    expect(ruleIdsByMigration(await lintFixtureDir('diesel/transactions', { includeDown: true }), transactions)).toEqual([
      ['migrations/2024-05-01-000000_create_events/up.sql', []],
      ['migrations/2024-05-01-000000_create_events/down.sql', ['set-lock-timeout']],
      ['migrations/2024-05-02-000000_index_events_created_at/up.sql', []],
      ['migrations/2024-05-02-000000_index_events_created_at/down.sql', []],
      ['migrations/2024-05-03-000000_index_events_kind/up.sql', ['run-outside-transaction']],
      ['migrations/2024-05-03-000000_index_events_kind/down.sql', []],
      ['migrations/2024-05-04-000000_index_events_user_id/up.sql', ['run-outside-transaction']],
      ['migrations/2024-05-04-000000_index_events_user_id/down.sql', ['run-outside-transaction']],
      ['migrations/2024-05-05-000000_index_events_source/up.sql', ['run-outside-transaction']],
      ['migrations/2024-05-05-000000_index_events_source/down.sql', ['run-outside-transaction']],
      ['migrations/2024-05-06-000000_index_events_payload/up.sql', []],
      ['migrations/2024-05-06-000000_index_events_payload/down.sql', []],
      ['migrations/2024-05-07-000000_add_events_note/up.sql', ['autocommit-only-where-required']],
      ['migrations/2024-05-07-000000_add_events_note/down.sql', ['autocommit-only-where-required']],
    ]);
  });

  it('reads the metadata.toml beside a file linted as text (an editor buffer)', async () => {
    const file = 'migrations/2024-05-02-000000_index_events_created_at/up.sql';
    expect((await lintFixtureText('CREATE INDEX CONCURRENTLY events_created_at_idx ON events (created_at);\n', file, { cwd: transactions }))[0]?.messages).toEqual([]);
    const [result] = await lintFixtureText("SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY events_created_at_idx ON events (created_at);\n", file, { cwd: transactions });
    expect(result?.messages.map((m) => [m.ruleId, m.line])).toEqual([['run-outside-transaction', 2]]);
    expect(result?.messages[0]?.message).toContain('(diesel sends the whole migration as one query)');
  });
});

describe('diesel: companions', () => {
  it('names the metadata.toml beside up.sql and down.sql, which decides how both run', () => {
    const folder = path.join(app, 'migrations', '2024-03-05-120032-0000_index_posts_published_at');
    expect(dieselFormat.companions?.(path.join(folder, 'up.sql'))).toEqual([path.join(folder, 'metadata.toml')]);
    expect(dieselFormat.companions?.(path.join(folder, 'down.sql'))).toEqual([path.join(folder, 'metadata.toml')]);
  });
});

/**
 * Ory popx, read the way popx runs it on Postgres: fixtures/formats/popx is a
 * Go service with its migrations in persistence/sql/migrations, as Ory's
 * projects keep them, named `<version>_<name>[.<dialect>][.autocommit].(up|down).sql`.
 * popx runs each migration in a transaction unless `.autocommit` is in its
 * name; then it sends the file as one query string outside a transaction.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFixtures, lintFixtureDir, lintFixtureText, positions, resultFinder, ruleIdsByMigration } from '../support/formats.js';

const migrations = path.join(formatFixtures, 'popx', 'persistence', 'sql', 'migrations');

const resultFor = resultFinder(migrations);

describe('popx', () => {
  it('lints the up migrations popx runs on Postgres, in version order', async () => {
    const results = await lintFixtureDir('popx/persistence/sql/migrations');
    expect(ruleIdsByMigration(results, migrations)).toEqual([
      ['20240401000001000000_networks.up.sql', []],
      ['20240401000002000000_identities.up.sql', []],
      ['20240402000001000000_identities_nid_idx.autocommit.up.sql', []],
      ['20240403000001000000_identities_state_idx.autocommit.up.sql', ['run-outside-transaction']],
      ['20240404000001000000_identities_created_at_idx.up.sql', ['run-outside-transaction']],
      ['20240405000001000000_identities_metadata.postgres.up.sql', []],
    ]);
  });

  it('with includeDown, lints each down file right after the up file it reverts', async () => {
    const results = await lintFixtureDir('popx/persistence/sql/migrations', { includeDown: true });
    expect(ruleIdsByMigration(results, migrations)).toEqual([
      ['20240401000001000000_networks.up.sql', []],
      // Rolled back after the up migration went live: the table exists by then.
      ['20240401000001000000_networks.down.sql', ['set-lock-timeout']],
      ['20240401000002000000_identities.up.sql', []],
      ['20240401000002000000_identities.down.sql', ['set-lock-timeout']],
      ['20240402000001000000_identities_nid_idx.autocommit.up.sql', []],
      ['20240402000001000000_identities_nid_idx.autocommit.down.sql', []],
      ['20240403000001000000_identities_state_idx.autocommit.up.sql', ['run-outside-transaction']],
      ['20240403000001000000_identities_state_idx.autocommit.down.sql', []],
      ['20240404000001000000_identities_created_at_idx.up.sql', ['run-outside-transaction']],
      ['20240404000001000000_identities_created_at_idx.down.sql', ['run-outside-transaction']],
      ['20240405000001000000_identities_metadata.postgres.up.sql', []],
      ['20240405000001000000_identities_metadata.postgres.down.sql', []],
    ]);
  });

  it('runs an `.autocommit.` file that holds one CONCURRENTLY statement outside any transaction', async () => {
    const results = await lintFixtureDir('popx/persistence/sql/migrations', { includeDown: true });
    expect(resultFor(results, '20240402000001000000_identities_nid_idx.autocommit.up.sql').messages).toEqual([]);
    expect(resultFor(results, '20240402000001000000_identities_nid_idx.autocommit.down.sql').messages).toEqual([]);
  });

  it('reports a CONCURRENTLY statement in an `.autocommit.` file of two statements: popx sends the file as one query', async () => {
    const result = resultFor(await lintFixtureDir('popx/persistence/sql/migrations'), '20240403000001000000_identities_state_idx.autocommit.up.sql');
    expect(positions(result)).toEqual(['2:1 run-outside-transaction']);
    expect(result.messages[0]?.message).toContain('runs inside the transaction Postgres opens around a query of several statements (popx sends the whole migration as one query)');
    expect(result.messages[0]?.message).toContain('Move it to a migration of its own named `….autocommit.up.sql`, holding only that statement');
  });

  it('runs a file without `.autocommit` in a transaction, and says which name takes it out', async () => {
    const results = await lintFixtureDir('popx/persistence/sql/migrations', { includeDown: true });
    const [up] = resultFor(results, '20240404000001000000_identities_created_at_idx.up.sql').messages;
    expect(up).toMatchObject({ ruleId: 'run-outside-transaction', severity: 2, line: 1, column: 1 });
    expect(up?.message).toContain('runs inside the transaction popx opens around this migration');
    expect(up?.message).toContain('Rename this file to end in `.autocommit.up.sql`, so popx runs it outside a transaction');
    // A down file opts out by its own name.
    const [down] = resultFor(results, '20240404000001000000_identities_created_at_idx.down.sql').messages;
    expect(down?.message).toContain('Rename this file to end in `.autocommit.down.sql`');
  });

  it('runs the `.postgres.` file of a version instead of its dialect-neutral file, and never the files of other dialects', async () => {
    const results = await lintFixtureDir('popx/persistence/sql/migrations', { includeDown: true });
    const metadata = results.map((r) => path.basename(r.filePath)).filter((name) => name.startsWith('20240405000001000000_'));
    // No result at all, not even a warning, for the neutral, mysql, sqlite3 and cockroach files: popx passes over them knowingly.
    expect(metadata).toEqual(['20240405000001000000_identities_metadata.postgres.up.sql', '20240405000001000000_identities_metadata.postgres.down.sql']);
  });

  it('runs a dialect-neutral file on Postgres when no `.postgres.` file replaces it', async () => {
    // The neutral file of the fixture adds a json column; alone, it is what popx runs, and what pgshift lints.
    const [result] = await lintFixtureText('ALTER TABLE identities ADD COLUMN metadata_admin json;\n', 'popx/persistence/sql/migrations/20240406000001000000_identities_metadata_admin.up.sql', {
      source: 'popx',
    });
    expect(result?.messages.map((m) => m.ruleId)).toContain('prefer-jsonb');
  });
});

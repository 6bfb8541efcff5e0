/**
 * The steps the runner sends for a migration, which `--sql` prints: the
 * transaction and its settings around a transactional migration, one step per
 * statement outside a transaction, the ledger row inside the same transaction.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNNER_SETTINGS } from '../../src/config/config.js';
import { Ledger } from '../../src/runner/ledger.js';
import type { RunnerMigration } from '../../src/runner/migrations.js';
import { findMigration } from '../../src/runner/runner.js';
import { doneChecksum, migrationSteps, renderScript } from '../../src/runner/script.js';

function migration(id: string, text: string, statements: string[], transactional: boolean): RunnerMigration {
  return { id, path: `/m/${id}`, checksum: 'c0ffee', release: '2024.02', transactional, text, statements, indexes: [], down: undefined };
}

const ledger = new Ledger({ ledgerTable: 'pgshift_migrations' });

describe('migrationSteps', () => {
  it('wraps a transactional migration with its settings and its ledger row in one transaction', () => {
    const m = migration('2024.02/001_add_kind.sql', "ALTER TABLE events ADD COLUMN kind text; -- expand\n", ['ALTER TABLE events ADD COLUMN kind text'], true);
    const steps = migrationSteps(m, 'up', DEFAULT_RUNNER_SETTINGS, ledger);
    expect(steps.map((s) => s.kind)).toEqual(['heading', 'begin', 'setting', 'setting', 'migration', 'ledger', 'commit', 'reset']);
    expect(steps[2]?.sql).toBe("SET LOCAL lock_timeout = '5s'");
    expect(steps[3]?.sql).toBe("SET LOCAL statement_timeout = '1h'");
    expect(steps[5]?.sql).toContain(`INSERT INTO "pgshift_migrations" (id, checksum, release, status, applied_at, duration_ms, applied_by)\nVALUES ('2024.02/001_add_kind.sql', 'c0ffee', '2024.02', 'applied', now(),`);
    // The file ends in a comment: the `;` goes on a line of its own, not into the comment.
    expect(renderScript(steps)).toContain("ALTER TABLE events ADD COLUMN kind text; -- expand\n;\nINSERT INTO");
  });

  it('sends a no-transaction migration one statement at a time, and records it after the last', () => {
    const text = "-- pgshift:no-transaction\nCREATE INDEX CONCURRENTLY a_idx ON t (a);\nCREATE INDEX CONCURRENTLY b_idx ON t (b);\n";
    const m = migration('002_idx.sql', text, ['CREATE INDEX CONCURRENTLY a_idx ON t (a)', 'CREATE INDEX CONCURRENTLY b_idx ON t (b)'], false);
    const steps = migrationSteps(m, 'up', { ...DEFAULT_RUNNER_SETTINGS, lockTimeout: '0' }, ledger);
    expect(steps.filter((s) => s.kind === 'begin' || s.kind === 'commit')).toEqual([]);
    expect(steps.filter((s) => s.kind === 'migration').map((s) => [s.statement, s.sql])).toEqual([
      [0, 'CREATE INDEX CONCURRENTLY a_idx ON t (a)'],
      [1, 'CREATE INDEX CONCURRENTLY b_idx ON t (b)'],
    ]);
    expect(steps[1]?.sql).toBe("SET lock_timeout = '0'");
    expect(steps.at(-2)?.sql).toContain("current_setting('pgshift.started_at')::timestamptz");
    // Resuming after a failure skips the statements that ran.
    const resumed = migrationSteps(m, 'up', DEFAULT_RUNNER_SETTINGS, ledger, 1);
    expect(resumed.filter((s) => s.kind === 'migration').map((s) => s.statement)).toEqual([1]);
    expect(resumed[0]?.sql).toContain('resuming after statement 1 of 2');
    expect(doneChecksum(m, 1)).not.toBe(doneChecksum(m, 2));
  });

  it('reverts with the down script and deletes the ledger row in the same transaction', () => {
    const m = { ...migration('003_owner.sql', 'ALTER TABLE s ADD COLUMN o bigint;', ['ALTER TABLE s ADD COLUMN o bigint'], true), down: { path: '/m/003_owner.down.sql', checksum: 'd', transactional: true, text: 'ALTER TABLE s DROP COLUMN o;', statements: ['ALTER TABLE s DROP COLUMN o'], indexes: [] } };
    const script = renderScript(migrationSteps(m, 'down', DEFAULT_RUNNER_SETTINGS, new Ledger({ ledgerTable: 'ops.log' })));
    expect(script).toContain(`BEGIN;\nSET LOCAL lock_timeout = '5s';\nSET LOCAL statement_timeout = '1h';\nALTER TABLE s DROP COLUMN o;\nDELETE FROM "ops"."log" WHERE id = '003_owner.sql';\nCOMMIT;\n`);
  });
});

describe('findMigration', () => {
  const list = ['2024.01/001_a.sql', '2024.01/002_b.sql', '2024.02/001_a.sql'].map((id) => migration(id, '', [], true));
  it('takes an id, an id without .sql, or a unique file name', () => {
    expect(findMigration(list, '2024.01/002_b.sql')).toBe(1);
    expect(findMigration(list, '2024.02/001_a')).toBe(2);
    expect(findMigration(list, '002_b')).toBe(1);
    expect(() => findMigration(list, '001_a.sql')).toThrow('"001_a.sql" names 2 migrations; give its folder too');
    expect(() => findMigration(list, '009')).toThrow('no migration "009"');
  });
});

/**
 * Alembic's offline SQL, read the way Alembic runs it: one migration per
 * revision, transactions from the BEGIN and COMMIT Alembic printed. The four
 * files of ../shared/alembic-example are real `alembic upgrade --sql` output
 * (Alembic 1.8.1) of one project in four modes; its revisions 238cb57e6f30 and
 * 1620c755effd are deliberately unsafe.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/engine/results.js';
import { runCli } from '../support/cli.js';
import { formatFixtures, lintFixtureText, ruleIdsByMigration } from '../support/formats.js';
import { projectRoot, sharedDir } from '../support/paths.js';

const exampleDir = path.join(sharedDir, 'alembic-example');
const hasExample = existsSync(path.join(exampleDir, 'offline-default.sql'));
if (!hasExample) console.log(`Alembic example tests skipped: ${exampleDir} is absent (it ships beside the repository in CI, not in a clone)`);

function example(mode: string): string {
  return readFileSync(path.join(exampleDir, `offline-${mode}.sql`), 'utf8');
}

async function lintExample(mode: string, includeDown = false): Promise<LintResult[]> {
  return lintFixtureText(example(mode), path.join(exampleDir, `offline-${mode}.sql`), { includeDown, cwd: exampleDir });
}

function byRevision(results: readonly LintResult[]): [string, string[]][] {
  return ruleIdsByMigration(results, exampleDir);
}

/** Lines of the file that hold Alembic's own version-table statements. */
function bookkeepingLines(text: string): number[] {
  return text.split('\n').flatMap((line, i) => (/alembic_version/.test(line) ? [i + 1] : []));
}

describe.skipIf(!hasExample)('Alembic offline SQL (../shared/alembic-example)', () => {
  it('default mode: one transaction for the run; the revisions that fail are named, and why', async () => {
    const results = await lintExample('default');
    expect(byRevision(results)).toEqual([
      ['offline-default.sql#ecdb089ba209', []],
      // The ALTER TABLE … ADD COLUMN before the autocommit block waits for its lock with no lock_timeout.
      ['offline-default.sql#f7ee13d89d06', ['set-lock-timeout']],
      ['offline-default.sql#93c8340f8995', ['set-lock-timeout']],
      // Its ADD … NOT VALID ran in the same transaction: this run applies both revisions in one.
      ['offline-default.sql#5dcf8cfed17b', ['validate-constraint-separately']],
      ['offline-default.sql#238cb57e6f30', ['backfill-outside-migration', 'create-index-concurrently', 'drop-after-deprecation', 'set-lock-timeout']],
      ['offline-default.sql#1620c755effd', ['run-outside-transaction']],
    ]);
    const validate = results[3]?.messages[0];
    expect(validate?.severity).toBe(2);
    expect(validate?.message).toContain('runs in the same transaction as the ADD … NOT VALID in 93c8340f8995');
    const concurrent = results[5]?.messages[0];
    expect(concurrent).toMatchObject({ severity: 2, line: 67, column: 1 });
    // Alembic's default run opens one transaction at line 1; the autocommit block of f7ee13d89d06 committed it and line 39 began the next.
    expect(concurrent?.message).toContain('inside the transaction opened by the BEGIN at line 39 in an earlier part of this script');
    expect(concurrent?.message).toContain('autocommit_block()');
  });

  it('the CREATE INDEX CONCURRENTLY inside autocommit_block() runs outside any transaction and is not reported', async () => {
    const results = await lintExample('default');
    const autocommitRevision = results.find((r) => r.filePath.endsWith('#f7ee13d89d06'));
    expect(example('default').split('\n')[36]).toMatch(/^CREATE INDEX CONCURRENTLY ix_ingestion_records_correlation_id/);
    expect(autocommitRevision?.messages.map((m) => m.line)).toEqual([33]);
  });

  it('transaction_per_migration: each revision commits on its own, so the validation is fine', async () => {
    const results = await lintExample('transaction-per-migration');
    expect(byRevision(results)).toEqual([
      ['offline-transaction-per-migration.sql#ecdb089ba209', []],
      ['offline-transaction-per-migration.sql#f7ee13d89d06', ['set-lock-timeout']],
      ['offline-transaction-per-migration.sql#93c8340f8995', ['set-lock-timeout']],
      ['offline-transaction-per-migration.sql#5dcf8cfed17b', []],
      ['offline-transaction-per-migration.sql#238cb57e6f30', ['backfill-outside-migration', 'create-index-concurrently', 'drop-after-deprecation', 'set-lock-timeout']],
      ['offline-transaction-per-migration.sql#1620c755effd', ['run-outside-transaction']],
    ]);
    // The BEGIN printed just before a revision's comment is that revision's own.
    expect(results[5]?.messages[0]?.message).toContain('inside the transaction opened by the BEGIN at line 83, so Postgres rejects it');
    expect(results[5]?.messages[0]?.message).toContain('Take it out of the BEGIN … COMMIT block');
  });

  it('a range run (f7ee13d89d06:5dcf8cfed17b) puts the ADD … NOT VALID and its VALIDATE in one transaction', async () => {
    const results = await lintExample('range');
    expect(byRevision(results)).toEqual([
      ['offline-range.sql#93c8340f8995', ['set-lock-timeout']],
      ['offline-range.sql#5dcf8cfed17b', ['validate-constraint-separately']],
    ]);
    expect(results[1]?.messages[0]).toMatchObject({ severity: 2, line: 11 });
  });

  it('downgrade output is recognised and linted only with --include-down', async () => {
    const skipped = await lintExample('downgrade');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.messages).toEqual([expect.objectContaining({ ruleId: null, severity: 1, message: expect.stringContaining('--include-down') as unknown })]);

    const results = await lintExample('downgrade', true);
    expect(byRevision(results)).toEqual([
      // Its DROP INDEX CONCURRENTLY was printed inside the run's transaction.
      ['offline-downgrade.sql#1620c755effd.down', ['run-outside-transaction']],
      ['offline-downgrade.sql#238cb57e6f30.down', ['drop-index-concurrently', 'set-lock-timeout']],
      // Its downgrade is `pass`: nothing but Alembic's own UPDATE.
      ['offline-downgrade.sql#5dcf8cfed17b.down', []],
      ['offline-downgrade.sql#93c8340f8995.down', ['set-lock-timeout']],
      // The DROP INDEX CONCURRENTLY of this downgrade is in its autocommit block; the DROP COLUMN takes away what the upgrade added.
      ['offline-downgrade.sql#f7ee13d89d06.down', ['set-lock-timeout']],
      ['offline-downgrade.sql#ecdb089ba209.down', ['set-lock-timeout']],
    ]);
  });

  it('never reports Alembic’s version-table statements', async () => {
    for (const mode of ['default', 'transaction-per-migration', 'range', 'downgrade']) {
      const lines = bookkeepingLines(example(mode));
      expect(lines.length).toBeGreaterThan(0);
      const results = await lintExample(mode, true);
      const reported = results.flatMap((r) => r.messages.map((m) => m.line));
      expect(reported.filter((line) => lines.includes(line))).toEqual([]);
    }
  });

  it('pgshift lint --stdin names each revision in JSON and stylish output', async () => {
    const json = await runCli(['lint', '--stdin', '-f', 'json'], { cwd: projectRoot, stdin: example('default') });
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout) as { filePath: string }[];
    expect(parsed.map((r) => r.filePath)).toEqual(
      ['ecdb089ba209', 'f7ee13d89d06', '93c8340f8995', '5dcf8cfed17b', '238cb57e6f30', '1620c755effd'].map((revision) => `<stdin>#${revision}`),
    );
    const stylish = await runCli(['lint', '--stdin'], { cwd: projectRoot, stdin: example('default') });
    expect(stylish.stdout).toContain('<stdin>#1620c755effd\n  67:1  error');
  });
});

describe('Alembic offline SQL (committed fixtures)', () => {
  const file = path.join(formatFixtures, 'alembic', 'merge-and-custom-version-table.sql');

  it('splits at merge revisions, blanks a renamed version table, and keeps the session across revisions', async () => {
    const results = await lintFixtureText(readFileSync(file, 'utf8'), file);
    expect(ruleIdsByMigration(results, path.dirname(file))).toEqual([
      ['merge-and-custom-version-table.sql#5e6f7a8b9c0d', ['create-index-concurrently', 'set-lock-timeout']],
      // The SET lock_timeout of this revision holds for the next one: one run, one connection.
      ['merge-and-custom-version-table.sql#0d1e2f3a4b5c', []],
      ['merge-and-custom-version-table.sql#6a7b8c9d0e1f', []],
    ]);
  });

  it('is told from its comments without --source, and read as Alembic with --source alembic', async () => {
    const text = readFileSync(file, 'utf8');
    const detected = await runCli(['lint', '--stdin', '-f', 'json'], { cwd: formatFixtures, stdin: text });
    const forced = await runCli(['lint', '--stdin', '-f', 'json', '--source', 'alembic'], { cwd: formatFixtures, stdin: text });
    expect(JSON.parse(forced.stdout)).toEqual(JSON.parse(detected.stdout));
    expect((JSON.parse(detected.stdout) as unknown[]).length).toBe(3);
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineConfig, lintFixtureSet, testRule } from '../test/support/rule-tester.js';
import { fixturesDir } from '../test/support/paths.js';
import rule from './run-outside-transaction.js';

const runner = 'the transaction the runner opens around this migration';
const ownMigration = 'Move it to a migration of its own whose first line is `-- pgshift:no-transaction`';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      { line: 5, column: 1, endLine: 6, endColumn: 28, messageId: 'insideTransaction', includes: ['CREATE INDEX CONCURRENTLY cannot run inside a transaction block', runner, ownMigration] },
      { line: 7, column: 1, endLine: 7, endColumn: 45, messageId: 'insideTransaction', includes: ['DROP INDEX CONCURRENTLY'] },
      { line: 8, column: 1, endLine: 8, endColumn: 49, messageId: 'insideTransaction', includes: ['REINDEX CONCURRENTLY'] },
      { line: 9, column: 1, endLine: 9, endColumn: 28, messageId: 'insideTransaction', includes: ['VACUUM cannot'] },
      { line: 10, column: 1, endLine: 11, endColumn: 71, messageId: 'insideTransaction', includes: ['DETACH PARTITION … CONCURRENTLY'] },
      { line: 14, column: 1, endLine: 14, endColumn: 21, messageId: 'insideTransaction', includes: ['REINDEX TABLE on a partitioned table'] },
      { line: 15, column: 1, endLine: 15, endColumn: 8, messageId: 'insideTransaction', includes: ['CLUSTER without a table name'] },
      { line: 16, column: 1, endLine: 16, endColumn: 35, messageId: 'insideTransaction', includes: ['ALTER SYSTEM'] },
      { line: 17, column: 1, endLine: 17, endColumn: 91, messageId: 'insideTransaction', includes: ['CREATE SUBSCRIPTION … WITH (create_slot = true)'] },
      { line: 18, column: 1, endLine: 23, endColumn: 3, messageId: 'insideTransaction', includes: ['DO with COMMIT or ROLLBACK in its body'] },
    ],
  },
  {
    file: 'alone.sql',
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 59, messageId: 'insideTransaction',
        includes: [runner, 'Make `-- pgshift:no-transaction` the first line of this migration'],
      },
    ],
  },
  {
    file: 'explicit-begin.sql',
    reports: [
      {
        line: 4, column: 1, endLine: 4, endColumn: 23, messageId: 'insideTransaction',
        includes: ['the transaction opened by the BEGIN at line 2', 'Take it out of the BEGIN … COMMIT block'],
      },
    ],
  },
  {
    file: 'enum-before-12.sql',
    settings: { pgVersion: 11 },
    reports: [{ line: 2, column: 1, endLine: 2, endColumn: 36, messageId: 'insideTransaction', includes: ['ALTER TYPE … ADD VALUE'] }],
  },
  { file: 'enum-before-12.sql', settings: { pgVersion: 12 }, reports: [] },
  { file: 'valid.sql', reports: [] },
  { file: 'quiet.sql', reports: [] },
  // Each tool has its own way to run a migration outside its transaction, and the advice names it.
  {
    file: 'dbmate-alone.sql',
    source: 'dbmate',
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 70, messageId: 'insideTransaction',
        includes: ['the transaction dbmate opens around this migration', 'Add `transaction:false` to its `-- migrate:up` line, so dbmate runs it outside a transaction'],
      },
    ],
  },
  {
    file: 'sqlx-alone.sql',
    source: 'sqlx',
    reports: [{ line: 1, column: 1, endLine: 1, endColumn: 70, messageId: 'insideTransaction', includes: ['Make `-- no-transaction` the very first line of this migration, so sqlx runs it'] }],
  },
  {
    file: 'popx-alone.up.sql',
    source: 'popx',
    reports: [{ line: 1, column: 1, endLine: 1, endColumn: 70, messageId: 'insideTransaction', includes: ['Rename this file to end in `.autocommit.up.sql`, so popx runs it'] }],
  },
  {
    file: 'diesel-alone.sql',
    source: 'diesel',
    reports: [{ line: 1, column: 1, endLine: 1, endColumn: 70, messageId: 'insideTransaction', includes: ['Set `run_in_transaction = false` in the `metadata.toml` beside this `up.sql`'] }],
  },
  {
    // Flyway runs CONCURRENTLY index builds outside its transaction by itself, but does not recognise REINDEX … CONCURRENTLY.
    file: 'flyway-reindex.sql',
    source: 'flyway',
    reports: [
      {
        line: 1, column: 1, endLine: 1, endColumn: 34, messageId: 'insideTransaction',
        includes: ['the transaction Flyway opens around this migration', 'Put `executeInTransaction=false` in a `.sql.conf` file beside this migration'],
      },
    ],
  },
  {
    // One query of two statements is one implicit transaction, even though golang-migrate opens none.
    file: 'golang-migrate-two-statements.sql',
    source: 'golang-migrate',
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 70, messageId: 'insideTransaction',
        includes: ['the transaction Postgres opens around a query of several statements (golang-migrate sends the whole migration as one query)', 'Move it to a migration file of its own holding only that statement'],
      },
    ],
  },
  { file: 'sqlx-alone.sql', source: 'golang-migrate', reports: [] },
]);

describe('run-outside-transaction suggestions', () => {
  const lint = (file: string) => lintFixtureSet([path.join(fixturesDir, 'rules', 'run-outside-transaction', file)], engineConfig());

  it('adds `transaction:false` to the `-- migrate:up` line of a dbmate migration', async () => {
    const result = await lintFixtureSet([path.join(fixturesDir, 'rules', 'run-outside-transaction', 'dbmate-alone.sql')], engineConfig(), undefined, 'dbmate');
    const [message] = result.messages.filter((m) => m.ruleId === 'run-outside-transaction');
    expect(message?.suggestions).toEqual([{ desc: 'Run this migration outside a transaction', fix: { range: [13, 13], text: ' transaction:false' } }]);
  });

  it('puts the directive on top of a migration that holds nothing else', async () => {
    const [message] = (await lint('alone.sql')).messages.filter((m) => m.ruleId === 'run-outside-transaction');
    expect(message?.suggestions).toEqual([{ desc: 'Run this migration outside a transaction', fix: { range: [0, 0], text: '-- pgshift:no-transaction\n' } }]);
  });

  it('offers nothing when other statements need the transaction', async () => {
    const messages = (await lint('invalid.sql')).messages.filter((m) => m.ruleId === 'run-outside-transaction');
    expect(messages.every((m) => m.suggestions === undefined)).toBe(true);
  });
});

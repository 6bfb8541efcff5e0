import path from 'node:path';
import { expect, it } from 'vitest';
import { engineConfig, lintFixtureSet, testRule } from '../test/support/rule-tester.js';
import { fixturesDir } from '../test/support/paths.js';
import rule from './drop-after-deprecation.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 2, column: 12, endLine: 2, endColumn: 17, messageId: 'dropTable',
        includes: [
          'DROP TABLE users breaks every running instance of the application that still reads or writes users',
          'deprecate it in one release together with the code change that stops using it (`-- pgshift:deprecate users` in one of its migrations), and drop it in the release after',
          'an ACCESS EXCLUSIVE lock on users',
        ],
      },
      { line: 4, column: 22, endLine: 4, endColumn: 34, messageId: 'dropTable', includes: ['DROP TABLE app.sessions', 'CASCADE also drops every view that depends on app.sessions'] },
      { line: 4, column: 61, endLine: 4, endColumn: 77, messageId: 'dropTable', includes: ['DROP TABLE "Legacy"."Audit"', 'CASCADE also drops'] },
      {
        line: 7, column: 3, endLine: 7, endColumn: 26, messageId: 'dropColumn',
        includes: [
          'Dropping column legacy_flag of accounts',
          '`-- pgshift:deprecate accounts.legacy_flag`',
          'If legacy_flag is NOT NULL without a default, drop NOT NULL in the deprecating release (`ALTER TABLE accounts ALTER COLUMN legacy_flag DROP NOT NULL;`)',
          'an ACCESS EXCLUSIVE lock on accounts',
        ],
      },
      { line: 9, column: 3, endLine: 9, endColumn: 40, messageId: 'dropColumn', includes: ['Dropping column "Notes" of accounts', 'CASCADE also drops every view that uses "Notes"'] },
    ],
  },
  {
    file: 'shipped.sql',
    after: ['history.sql'],
    reports: [
      { line: 2, column: 12, endLine: 2, endColumn: 21, messageId: 'dropTable', includes: ['(known here: orders_customer_id_fkey on orders)'] },
      {
        line: 3, column: 20, endLine: 3, endColumn: 43, messageId: 'dropColumn',
        includes: ['Column customer_id is NOT NULL without a default: drop NOT NULL in the deprecating release (`ALTER TABLE orders ALTER COLUMN customer_id DROP NOT NULL;`)'],
      },
      { line: 3, column: 45, endLine: 3, endColumn: 61, messageId: 'dropColumn', includes: ['Dropping column note of orders'] },
    ],
  },
  { file: 'new-objects.sql', reports: [] },
  { file: 'deprecate.sql', reports: [] },
  // Deprecated in release 41, dropped in release 42: allowed.
  { file: 'later-release.sql', after: ['deprecate.sql'], releases: ['41', '42'], reports: [] },
  {
    file: 'same-release.sql',
    after: ['deprecate.sql'],
    releases: ['41', '41'],
    reports: [
      { line: 3, column: 19, endLine: 3, endColumn: 42, messageId: 'dropColumn', includes: ['users.legacy_flag is deprecated in this same release (deprecate.sql)', 'Move the drop to the next release'] },
      { line: 4, column: 11, endLine: 4, endColumn: 23, messageId: 'dropCalled', includes: ['DROP VIEW audit_recent', 'audit_recent is deprecated in this same release (deprecate.sql)'] },
    ],
  },
  {
    // Without releases, pgshift cannot tell the deprecation shipped first.
    file: 'later-release.sql',
    after: ['deprecate.sql'],
    reports: [
      { line: 3, column: 19, endLine: 3, endColumn: 42, messageId: 'dropColumn', includes: ['users.legacy_flag is deprecated in deprecate.sql, but pgshift cannot tell', 'has no "releases"'] },
      { line: 4, column: 11, endLine: 4, endColumn: 23, messageId: 'dropCalled', includes: ['audit_recent is deprecated in deprecate.sql, but pgshift cannot tell'] },
    ],
  },
  {
    file: 'deprecate-and-drop.sql',
    releases: ['41'],
    reports: [{ line: 3, column: 12, endLine: 3, endColumn: 20, messageId: 'dropTable', includes: ['This migration deprecates sessions and drops it too'] }],
  },
  {
    file: 'called.sql',
    releases: ['7'],
    reports: [
      { line: 2, column: 11, endLine: 2, endColumn: 28, messageId: 'dropCalled', includes: ['DROP VIEW app.recent_orders', 'deprecate it in release 7', '`-- pgshift:deprecate view app.recent_orders`'] },
      { line: 3, column: 24, endLine: 3, endColumn: 36, messageId: 'dropCalled', includes: ['DROP MATERIALIZED VIEW daily_totals', 'uses the materialized view'] },
      { line: 4, column: 15, endLine: 4, endColumn: 38, messageId: 'dropCalled', includes: ['DROP FUNCTION app.order_total', '`-- pgshift:deprecate function app.order_total`'] },
      { line: 4, column: 40, endLine: 4, endColumn: 54, messageId: 'dropCalled', includes: ['DROP FUNCTION refresh_totals'] },
      { line: 5, column: 11, endLine: 5, endColumn: 23, messageId: 'dropCalled', includes: ['DROP TYPE order_status', 'CASCADE also drops everything that depends on it'] },
      { line: 6, column: 13, endLine: 6, endColumn: 28, messageId: 'dropCalled', includes: ['DROP DOMAIN positive_amount', '`-- pgshift:deprecate type positive_amount`'] },
    ],
  },
  { file: 'replaced.sql', reports: [] },
  { file: 'temp-table.sql', reports: [] },
  { file: 'select-into.sql', reports: [] },
]);

it('drop-after-deprecation: says nothing about NOT NULL for a column it knows is nullable', async () => {
  const dir = path.join(fixturesDir, 'rules', 'drop-after-deprecation');
  const result = await lintFixtureSet([path.join(dir, 'history.sql'), path.join(dir, 'shipped.sql')], engineConfig());
  const note = result.messages.find((m) => m.ruleId === 'drop-after-deprecation' && m.message.startsWith('Dropping column note'));
  expect(note?.message).toBeDefined();
  expect(note?.message).not.toContain('NOT NULL');
});

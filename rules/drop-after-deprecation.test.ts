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
          'ship the code that stops using users in one release; drop the table in a later release, after that code is deployed everywhere',
          'an ACCESS EXCLUSIVE lock on users',
        ],
      },
      { line: 4, column: 22, endLine: 4, endColumn: 34, messageId: 'dropTable', includes: ['DROP TABLE app.sessions', 'CASCADE also drops every view that depends on app.sessions'] },
      { line: 4, column: 61, endLine: 4, endColumn: 77, messageId: 'dropTable', includes: ['DROP TABLE "Legacy"."Audit"', 'CASCADE also drops'] },
      {
        line: 7, column: 3, endLine: 7, endColumn: 26, messageId: 'dropColumn',
        includes: [
          'Dropping column legacy_flag of accounts',
          'ship the code that stops using legacy_flag in one release; drop the column in a later release',
          'If legacy_flag is NOT NULL without a default, drop NOT NULL in the first release (`ALTER TABLE accounts ALTER COLUMN legacy_flag DROP NOT NULL;`)',
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
        includes: ['Column customer_id is NOT NULL without a default: drop NOT NULL in the first release (`ALTER TABLE orders ALTER COLUMN customer_id DROP NOT NULL;`)'],
      },
      { line: 3, column: 45, endLine: 3, endColumn: 61, messageId: 'dropColumn', includes: ['Dropping column note of orders'] },
    ],
  },
  { file: 'new-objects.sql', reports: [] },
  { file: 'temp-table.sql', reports: [] },
  { file: 'select-into.sql', reports: [] },
  { file: 'valid.sql', reports: [] },
  { file: 'later-release.sql', reports: [] },
]);

it('drop-after-deprecation: says nothing about NOT NULL for a column it knows is nullable', async () => {
  const dir = path.join(fixturesDir, 'rules', 'drop-after-deprecation');
  const result = await lintFixtureSet([path.join(dir, 'history.sql'), path.join(dir, 'shipped.sql')], engineConfig());
  const note = result.messages.find((m) => m.ruleId === 'drop-after-deprecation' && m.message.startsWith('Dropping column note'));
  expect(note?.message).toBeDefined();
  expect(note?.message).not.toContain('NOT NULL');
});

import { expect, it } from 'vitest';
import { testRule } from '../test/support/rule-tester.js';
import { suggestedTexts } from '../test/support/suggestions.js';
import rule from './no-vacuum-full.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 3, column: 1, endLine: 3, endColumn: 18, messageId: 'vacuumFull',
        includes: ['an ACCESS EXCLUSIVE lock on users (blocks every read and write)', '`VACUUM users;` here, outside any transaction', '`pg_repack --no-order --table=users`', 'pg_squeeze'],
      },
      {
        line: 5, column: 1, endLine: 5, endColumn: 59, messageId: 'vacuumFull',
        includes: ['on app."Orders" and line_items', '`vacuum (analyze) app."Orders", line_items (quantity);`', `\`pg_repack --no-order --table='app."Orders"' --table=line_items\``],
      },
      {
        line: 7, column: 1, endLine: 9, endColumn: 9, messageId: 'vacuumFull',
        includes: ["`VACUUM (VERBOSE)\n  -- reclaim the space of last month's purge\n  events;`"],
      },
      { line: 11, column: 1, endLine: 11, endColumn: 14, messageId: 'vacuumFull', includes: ['every table of the database in turn', '`VACUUM;`', '`pg_repack --no-order`'] },
      { line: 13, column: 1, endLine: 13, endColumn: 35, messageId: 'vacuumFull', includes: ['`VACUUM FREEZE VERBOSE ANALYZE;`'] },
    ],
  },
  { file: 'valid.sql', reports: [] },
  // VACUUM must run outside a transaction and CREATE TABLE should not: only the quiet case is shown here.
  { file: 'new-table.sql', reports: [], others: ['autocommit-only-where-required'] },
  {
    file: 'alone.sql',
    reports: [{ line: 1, column: 1, endLine: 1, endColumn: 20, messageId: 'vacuumFull', includes: ['`VACUUM users;` in a migration of its own whose first line is `-- pgshift:no-transaction`'] }],
  },
]);

it('no-vacuum-full suggests a plain VACUUM', async () => {
  const texts = await suggestedTexts(rule, 'invalid.sql');
  expect(texts[1]).toContain('\nvacuum (analyze) app."Orders", line_items (quantity);\n');
  expect(texts[3]).toContain('\nVACUUM;\n');
  expect(await suggestedTexts(rule, 'alone.sql')).toEqual(['-- pgshift:no-transaction\nVACUUM users;\n']);
});

import { expect, it } from 'vitest';
import { testRule } from '../test/support/rule-tester.js';
import { suggestedTexts } from '../test/support/suggestions.js';
import rule from './detach-partition-concurrently.js';

const history = ['history.sql'];
const boundTheWait = "SET lock_timeout = '2s';";

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 60, messageId: 'detach',
        includes: [
          'an ACCESS EXCLUSIVE lock on measurements (blocks every read and write), and the same on partition measurements_2023',
          '`ALTER TABLE measurements DETACH PARTITION measurements_2023 CONCURRENTLY;` in a migration of its own whose first line is `-- pgshift:no-transaction`',
          'refused while measurements has a DEFAULT partition',
          '`ALTER TABLE measurements DETACH PARTITION measurements_2023 FINALIZE;`',
        ],
      },
      {
        // The trailing comment stays, and the semicolon moves below it.
        line: 4, column: 1, endLine: 5, endColumn: 64, messageId: 'detach',
        includes: ['`alter table if exists app."Events"\n  detach partition app."Events_2022" CONCURRENTLY -- archived by a later job\n;`'],
      },
    ],
  },
  { file: 'valid.sql', reports: [] },
  { file: 'new-parent.sql', reports: [] },
  { file: 'alone.sql', reports: [{ line: 1, column: 1, endLine: 1, endColumn: 60, messageId: 'detach' }] },
  {
    file: 'default-partition.sql',
    after: history,
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 48, messageId: 'defaultPartition',
        includes: ['an ACCESS EXCLUSIVE lock on orders', 'orders has a DEFAULT partition (public.orders_rest)', boundTheWait],
      },
    ],
  },
  { file: 'default-partition-timeout.sql', after: history, reports: [] },
  // The DEFAULT partition of history.sql belongs to the table renamed away, or was dropped with its parent.
  { file: 'after-swap.sql', after: [...history, 'swap-parent.sql'], reports: [{ line: 2, column: 1, endLine: 2, endColumn: 48, messageId: 'detach' }] },
  { file: 'after-recreate.sql', after: [...history, 'recreate-parent.sql'], reports: [{ line: 2, column: 1, endLine: 2, endColumn: 48, messageId: 'detach' }] },
  {
    file: 'pg13.sql',
    settings: { pgVersion: 13 },
    reports: [
      {
        line: 1, column: 1, endLine: 1, endColumn: 60, messageId: 'before14',
        includes: ['PostgreSQL 13 has no DETACH PARTITION … CONCURRENTLY', boundTheWait, '`ALTER TABLE measurements DETACH PARTITION measurements_2023 CONCURRENTLY;`'],
      },
    ],
  },
  { file: 'pg13-timeout.sql', settings: { pgVersion: 13 }, reports: [] },
]);

it('detach-partition-concurrently suggests CONCURRENTLY after the partition, with the directive when alone', async () => {
  expect(await suggestedTexts(rule, 'alone.sql')).toEqual(['-- pgshift:no-transaction\nALTER TABLE measurements DETACH PARTITION measurements_2023 CONCURRENTLY;\n']);
  const texts = await suggestedTexts(rule, 'invalid.sql');
  expect(texts[1]).toContain('detach partition app."Events_2022" CONCURRENTLY -- archived by a later job\n;');
});

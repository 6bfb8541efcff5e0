import { expect, it } from 'vitest';
import { testRule } from '../test/support/rule-tester.js';
import { suggestedTexts } from '../test/support/suggestions.js';
import rule from './refresh-materialized-view-concurrently.js';

const history = ['history.sql'];

testRule(rule, [
  {
    file: 'invalid.sql',
    after: history,
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 38, messageId: 'refresh',
        includes: [
          'an ACCESS EXCLUSIVE lock on daily_sales (blocks every read and write)',
          '`REFRESH MATERIALIZED VIEW CONCURRENTLY daily_sales;` holds an EXCLUSIVE lock on daily_sales',
          'may stay inside the transaction',
          'column names only and has no WHERE clause',
        ],
      },
      {
        line: 4, column: 1, endLine: 6, endColumn: 40, messageId: 'refresh',
        includes: ['`refresh materialized view CONCURRENTLY\n  -- pgshift never saw this one: its indexes are unknown\n  reporting."Monthly_Revenue" with data;`'],
      },
      {
        // Its only unique index is partial.
        line: 8, column: 1, endLine: 8, endColumn: 40, messageId: 'needsUniqueIndex',
        includes: [
          'top_customers has none: create one first',
          '`CREATE UNIQUE INDEX CONCURRENTLY ON top_customers (<columns that identify a row>);` in a migration of its own whose first line is `-- pgshift:no-transaction`',
          '`REFRESH MATERIALIZED VIEW CONCURRENTLY top_customers;`',
        ],
      },
    ],
  },
  { file: 'valid.sql', after: history, reports: [] },
  // Creating the unique index first, then refreshing concurrently.
  { file: 'unique-index.sql', after: history, reports: [] },
  { file: 'after-unique-index.sql', after: [...history, 'unique-index.sql'], reports: [] },
  { file: 'quiet.sql', after: history, reports: [] },
  { file: 'new-view.sql', reports: [] },
]);

it('refresh-materialized-view-concurrently suggests CONCURRENTLY only when a usable unique index may exist', async () => {
  const texts = await suggestedTexts(rule, 'invalid.sql', history);
  expect(texts[0]).toContain('\nREFRESH MATERIALIZED VIEW CONCURRENTLY daily_sales;\n');
  expect(texts[2]).toBeUndefined();
});

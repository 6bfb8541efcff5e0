import { describe, expect, it } from 'vitest';
import { testRule } from '../test/support/rule-tester.js';
import { applySuggestions, lintText, readFixture } from '../test/support/suggestions.js';
import rule from './set-lock-timeout.js';

const waitsFor = (lock: string) => [`waits for ${lock}`, "`SET lock_timeout = '2s';`", 'retry the migration'];
const atTop = 'as the first statement of this migration';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 43, messageId: 'missingTimeout',
        includes: [...waitsFor('an ACCESS EXCLUSIVE lock on users (blocks every read and write)'), atTop, "`SET LOCAL lock_timeout = '2s';`"],
      },
    ],
  },
  {
    file: 'quoted-schema.sql',
    reports: [{ line: 2, column: 1, endLine: 5, endColumn: 2, messageId: 'missingTimeout', includes: waitsFor('a SHARE ROW EXCLUSIVE lock on "Billing"."Accounts"') }],
  },
  {
    file: 'reset.sql',
    reports: [{ line: 5, column: 1, endLine: 6, endColumn: 26, messageId: 'missingTimeout', includes: [...waitsFor('an ACCESS EXCLUSIVE lock on app.orders'), 'right before this statement'] }],
  },
  { file: 'zero.sql', reports: [{ line: 3, column: 1, endLine: 3, endColumn: 21, messageId: 'missingTimeout', includes: ['audit_log', 'right before this statement'] }] },
  {
    file: 'local-in-autocommit.sql',
    reports: [{ line: 5, column: 1, endLine: 5, endColumn: 55, messageId: 'missingTimeout', includes: ['right before this statement'] }],
  },
  { file: 'set-after.sql', reports: [{ line: 1, column: 1, endLine: 1, endColumn: 18, messageId: 'missingTimeout', includes: ['sessions', atTop] }] },
  { file: 'valid.sql', reports: [] },
  { file: 'set-local.sql', reports: [] },
  { file: 'set-config.sql', reports: [] },
  { file: 'new-table.sql', reports: [] },
  { file: 'weak-locks.sql', reports: [] },
  { file: 'nowait.sql', reports: [] },
  { file: 'concurrently.sql', reports: [] },
  { file: 'applied-by-pgshift.sql', reports: [], settings: { appliedBy: 'pgshift' } },
]);

describe('set-lock-timeout suggestion', () => {
  const lint = (text: string) => lintText('set-lock-timeout', text);
  const fixed = async (text: string) => applySuggestions(text, await lint(text));

  it('puts the SET first, above comments, and the result is quiet', async () => {
    const result = await fixed(readFixture('set-lock-timeout', 'invalid.sql'));
    expect(result.startsWith("SET lock_timeout = '2s';\n-- Adds a column")).toBe(true);
    expect(await lint(result)).toEqual([]);
  });

  it('keeps directives that must stay on top above the SET, and a disable-next-line with its line', async () => {
    const text = '-- pgshift:no-transaction\n-- pgshift-disable-next-line create-index-concurrently -- tiny table\nCREATE INDEX i ON t (a);\nALTER TABLE t ADD COLUMN b text;\n';
    const result = await fixed(text);
    expect(result).toBe(
      "-- pgshift:no-transaction\nSET lock_timeout = '2s';\n-- pgshift-disable-next-line create-index-concurrently -- tiny table\nCREATE INDEX i ON t (a);\nALTER TABLE t ADD COLUMN b text;\n",
    );
    expect(await lint(result)).toEqual([]);
  });

  it('sets the timeout right before the statement when an earlier one turned it off', async () => {
    const result = await fixed(readFixture('set-lock-timeout', 'zero.sql'));
    expect(result).toContain("SET lock_timeout = 0;\nSET lock_timeout = '2s';\nDROP TABLE audit_log;");
    expect(await lint(result)).toEqual([]);
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineConfig, lintFixtureSet, testRule } from '../test/support/rule-tester.js';
import { fixturesDir } from '../test/support/paths.js';
import rule from './valid-directive.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      { line: 1, column: 1, endLine: 1, endColumn: 55, messageId: 'missingReason', includes: ['It still applies', '`-- pgshift-disable-next-line create-index-concurrently -- the table holds 40 rows`'] },
      { line: 3, column: 1, endLine: 3, endColumn: 75, messageId: 'unknownRule', includes: ['no rule `create-index-concurently`'] },
      { line: 5, column: 1, endLine: 5, endColumn: 40, messageId: 'noRules', includes: ['`-- pgshift-disable <rule-id> -- <why it is safe here>`'] },
      { line: 6, column: 1, endLine: 6, endColumn: 27, messageId: 'unknownDirective', includes: ['did you mean `pgshift:no-transaction`?'] },
      { line: 7, column: 1, endLine: 7, endColumn: 25, messageId: 'lateNoTransaction', includes: ['before the first statement (line 2)', 'still runs in one transaction'] },
    ],
  },
  {
    file: 'arguments.sql',
    reports: [{ line: 1, column: 1, endLine: 1, endColumn: 46, messageId: 'noTransactionArguments', includes: ['found "for the index build"', 'still applies'] }],
  },
  {
    file: 'repeated.sql',
    reports: [
      { line: 2, column: 1, endLine: 2, endColumn: 26, messageId: 'repeatedNoTransaction', includes: ['repeats the one at line 1'] },
      { line: 4, column: 1, endLine: 4, endColumn: 26, messageId: 'repeatedNoTransaction' },
    ],
  },
  { file: 'valid.sql', reports: [] },
  {
    // goose does not read pgshift's directive: the migration still runs in goose's transaction.
    file: 'goose-pgshift-directive.sql',
    source: 'goose',
    reports: [
      {
        line: 1, column: 1, endLine: 1, endColumn: 26, messageId: 'foreignRunner',
        includes: ['goose applies this migration and does not read pgshift\'s directive, so it runs the migration in a transaction', 'add `-- +goose NO TRANSACTION` above `-- +goose Up`'],
      },
    ],
    others: ['run-outside-transaction'],
  },
  {
    file: 'deprecate.sql',
    after: ['deprecate-history.sql'],
    reports: [
      { line: 1, column: 1, endLine: 1, endColumn: 33, messageId: 'deprecateMissing', includes: ['`-- pgshift:deprecate users.emial` names a column that does not exist', 'leave public.users without that column'] },
      { line: 2, column: 1, endLine: 2, endColumn: 30, messageId: 'deprecateMissing', includes: ['names a relation that does not exist', 'the migrations before it drop it'] },
      { line: 3, column: 1, endLine: 3, endColumn: 21, messageId: 'deprecateSyntax', includes: ['pgshift:deprecate needs the object'] },
      { line: 4, column: 1, endLine: 4, endColumn: 34, messageId: 'deprecateSyntax', includes: ['pgshift:deprecate column needs table.column'] },
      { line: 5, column: 1, endLine: 5, endColumn: 29, messageId: 'deprecateSyntax', includes: ['"\'users\'" is not a name'] },
    ],
  },
]);

describe('valid-directive', () => {
  const lint = (file: string) => lintFixtureSet([path.join(fixturesDir, 'rules', 'valid-directive', file)], engineConfig());

  it('lets a suppression without a reason still suppress', async () => {
    const result = await lint('invalid.sql');
    expect(result.suppressedMessages.map((m) => [m.line, m.ruleId, m.suppressions])).toEqual([[2, 'create-index-concurrently', [{ kind: 'directive', justification: '' }]]]);
  });

  it('moves a late no-transaction directive to the top', async () => {
    const late = (await lint('invalid.sql')).messages.find((m) => m.messageId === 'lateNoTransaction');
    const fix = late?.suggestions?.[0]?.fix;
    expect(fix?.range[0]).toBe(0);
    expect(fix?.text.startsWith('-- pgshift:no-transaction\n-- pgshift-disable-next-line create-index-concurrently\n')).toBe(true);
    expect(fix?.text.endsWith('-- pgshift:no-transactions\n')).toBe(true);
  });
});

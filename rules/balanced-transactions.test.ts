import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineConfig, lintFixtureSet, testRule } from '../test/support/rule-tester.js';
import { fixturesDir } from '../test/support/paths.js';
import rule from './balanced-transactions.js';

testRule(rule, [
  {
    file: 'begin-in-wrapped.sql',
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 6, messageId: 'beginInRunnerTransaction',
        includes: ['this BEGIN is ignored with a warning', "ends the runner's transaction early", 'Remove the BEGIN and its COMMIT', '`-- pgshift:no-transaction`'],
      },
    ],
  },
  {
    file: 'begin-without-end.sql',
    reports: [{ line: 1, column: 1, endLine: 1, endColumn: 18, messageId: 'beginWithoutEnd', includes: ['this START TRANSACTION does nothing but warn'] }],
  },
  {
    file: 'ends-runner-transaction.sql',
    reports: [
      { line: 2, column: 1, endLine: 2, endColumn: 7, messageId: 'endsRunnerTransaction', includes: ['This COMMIT ends the transaction the runner opens', 'committed on its own'] },
      { line: 4, column: 1, endLine: 4, endColumn: 9, messageId: 'endWithoutTransaction', includes: ['Remove this ROLLBACK', 'there is no transaction in progress'] },
    ],
  },
  {
    file: 'rollback-runner-transaction.sql',
    reports: [{ line: 2, column: 26, endLine: 2, endColumn: 31, messageId: 'endsRunnerTransaction', includes: ['This ABORT', 'rolled back'] }],
  },
  {
    file: 'no-transaction.sql',
    reports: [
      { line: 2, column: 1, endLine: 2, endColumn: 23, messageId: 'savepointOutsideTransaction', includes: ['SAVEPOINT can only be used in transaction blocks'] },
      { line: 4, column: 1, endLine: 4, endColumn: 47, messageId: 'nestedBegin', includes: ['(BEGIN at line 3)', 'this START TRANSACTION is ignored'] },
      { line: 6, column: 1, endLine: 6, endColumn: 4, messageId: 'endWithoutTransaction', includes: ['Remove this END'] },
      { line: 7, column: 1, endLine: 7, endColumn: 17, messageId: 'endWithoutTransaction', includes: ['"COMMIT AND CHAIN can only be used in transaction blocks"'] },
      { line: 8, column: 1, endLine: 8, endColumn: 6, messageId: 'unclosedBegin', includes: ['This BEGIN is never closed'] },
    ],
  },
  { file: 'valid.sql', reports: [] },
  { file: 'own-transactions.sql', reports: [] },
]);

describe('balanced-transactions suggestions', () => {
  it('closes an unclosed transaction at the end of the file', async () => {
    const file = path.join(fixturesDir, 'rules', 'balanced-transactions', 'no-transaction.sql');
    const result = await lintFixtureSet([file], engineConfig());
    const unclosed = result.messages.find((m) => m.messageId === 'unclosedBegin');
    const fix = unclosed?.suggestions?.[0]?.fix;
    expect(fix?.text).toBe(';\nCOMMIT');
    const source = readFileSync(file, 'utf8');
    const fixed = source.slice(0, fix?.range[0]) + fix?.text + source.slice(fix?.range[1]);
    expect(fixed.endsWith('ON orders (reference);\nCOMMIT;\n')).toBe(true);
  });
});

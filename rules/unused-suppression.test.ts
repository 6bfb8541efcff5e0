import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineConfig, lintFixtureSet, testRule } from '../test/support/rule-tester.js';
import { fixturesDir } from '../test/support/paths.js';
import rule from './unused-suppression.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      { line: 1, column: 1, endLine: 1, endColumn: 75, messageId: 'unused', includes: ['`create-index-concurrently` reported nothing on the next line', 'Remove the comment'] },
      { line: 4, column: 1, endLine: 4, endColumn: 104, messageId: 'unused', includes: ['`run-outside-transaction` reported nothing', 'Remove `run-outside-transaction` from it'] },
      { line: 7, column: 1, endLine: 7, endColumn: 70, messageId: 'unsuppressible', includes: ['`valid-directive` reports on directive comments'] },
    ],
  },
  { file: 'valid.sql', reports: [] },
]);

describe('unused-suppression suggestions', () => {
  it('removes a comment only when none of its rules is used', async () => {
    const result = await lintFixtureSet([path.join(fixturesDir, 'rules', 'unused-suppression', 'invalid.sql')], engineConfig());
    const own = result.messages.filter((m) => m.ruleId === 'unused-suppression');
    expect(own.map((m) => m.suggestions?.[0]?.fix ?? null)).toEqual([{ range: [0, 74], text: '' }, null, { range: [360, 429], text: '' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { testRule } from '../test/support/rule-tester.js';
import { applyAllSuggestions } from '../test/support/suggestions.js';
import rule from './prefer-timestamptz.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      { line: 5, column: 15, endLine: 5, endColumn: 24, messageId: 'timestamp', includes: ['Column happened_at is a timestamp without time zone', '`happened_at timestamptz NOT NULL DEFAULT now()`'] },
      { line: 6, column: 15, endLine: 6, endColumn: 45, messageId: 'timestamp', includes: ['`reviewed_at timestamptz(3)`'] },
      { line: 7, column: 11, endLine: 7, endColumn: 31, messageId: 'timestamp', includes: ['windows timestamptz[]'] },
      { line: 11, column: 44, endLine: 11, endColumn: 74, messageId: 'timestamp', includes: ['Column expires_at', 'type /* local */ timestamptz(0);`'] },
    ],
  },
  { file: 'valid.sql', reports: [] },
]);

describe('prefer-timestamptz suggestions', () => {
  it('keep the precision and array brackets, and leave nothing to report', async () => {
    const { fixed, remaining } = await applyAllSuggestions('prefer-timestamptz', 'invalid.sql');
    expect(fixed).toContain('reviewed_at timestamptz(3),\n  windows timestamptz[]\n');
    expect(remaining).toEqual([]);
  });
});

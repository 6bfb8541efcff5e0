import { describe, expect, it } from 'vitest';
import { testRule } from '../test/support/rule-tester.js';
import { applyAllSuggestions } from '../test/support/suggestions.js';
import rule from './prefer-jsonb.js';

const why = ['no equality operator', 'Use jsonb'];

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      { line: 5, column: 11, endLine: 5, endColumn: 15, messageId: 'json', includes: ['Column payload is json', ...why, '`payload jsonb NOT NULL`'] },
      { line: 6, column: 11, endLine: 6, endColumn: 26, messageId: 'json', includes: ['Column headers is json', 'headers jsonb[]'] },
      { line: 9, column: 43, endLine: 9, endColumn: 47, messageId: 'json', includes: ['`alter table app.events add column context jsonb;`'] },
      { line: 12, column: 41, endLine: 12, endColumn: 45, messageId: 'json', includes: ['Column args is json', 'ALTER COLUMN args TYPE /* was text */ jsonb USING args::json;`'] },
    ],
  },
  { file: 'valid.sql', reports: [] },
  { file: 'functions.sql', reports: [] },
  { file: 'user-type.sql', reports: [] },
]);

describe('prefer-jsonb suggestions', () => {
  it('replace only the type, and leave nothing to report', async () => {
    const { fixed, remaining } = await applyAllSuggestions('prefer-jsonb', 'invalid.sql');
    expect(fixed).toContain('payload jsonb NOT NULL,');
    expect(fixed).toContain('headers jsonb[]\n');
    expect(fixed).toContain('add column context jsonb;');
    expect(remaining).toEqual([]);
  });
});

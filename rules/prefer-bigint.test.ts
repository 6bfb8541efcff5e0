import { describe, expect, it } from 'vitest';
import { testRule } from '../test/support/rule-tester.js';
import { applyAllSuggestions } from '../test/support/suggestions.js';
import rule from './prefer-bigint.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      { line: 4, column: 6, endLine: 4, endColumn: 12, messageId: 'smallKey', includes: ['Key column id is serial', '2,147,483,647', 'ACCESS EXCLUSIVE', '`id bigserial PRIMARY KEY`'] },
      { line: 5, column: 12, endLine: 5, endColumn: 19, messageId: 'smallKey', includes: ['Key column owner_id is integer', '`owner_id bigint NOT NULL REFERENCES users (id)`'] },
      { line: 10, column: 10, endLine: 10, endColumn: 14, messageId: 'smallKey', includes: ['Key column tag_no is integer', '`tag_no bigint`'] },
      { line: 16, column: 24, endLine: 16, endColumn: 27, messageId: 'smallKey', includes: ['coupon_id', 'ADD COLUMN coupon_id bigint\n    /* refers to coupons.id */ ,'] },
    ],
  },
  { file: 'valid.sql', reports: [] },
  { file: 'not-columns.sql', reports: [] },
]);

describe('prefer-bigint suggestions', () => {
  it('widen the type in place, and leave nothing to report', async () => {
    const { fixed, remaining } = await applyAllSuggestions('prefer-bigint', 'invalid.sql');
    expect(fixed).toContain('id bigserial PRIMARY KEY');
    expect(remaining).toEqual([]);
  });
});

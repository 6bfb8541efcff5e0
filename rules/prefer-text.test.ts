import { describe, expect, it } from 'vitest';
import { testRule } from '../test/support/rule-tester.js';
import { applyAllSuggestions } from '../test/support/suggestions.js';
import rule from './prefer-text.js';

const why = ['a length check built into the type', 'ACCESS EXCLUSIVE', 'fails while any view uses the column'];

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      { line: 5, column: 9, endLine: 5, endColumn: 21, messageId: 'varchar', includes: ['Column email is varchar(255)', ...why, '`email text CHECK (char_length(email) <= 255) NOT NULL`'] },
      { line: 6, column: 16, endLine: 6, endColumn: 23, messageId: 'char', includes: ['Column country_code is char(2)', 'pads every value with spaces'] },
      { line: 7, column: 8, endLine: 7, endColumn: 31, messageId: 'varchar', includes: ['`name text CHECK (char_length(name) <= 100)`'] },
      {
        line: 10, column: 43, endLine: 10, endColumn: 54, messageId: 'varcharOnExistingTable',
        includes: ['ADD COLUMN nickname text, ADD CONSTRAINT users_nickname_check CHECK (char_length(nickname) <= 40) NOT VALID', '`ALTER TABLE app.users VALIDATE CONSTRAINT users_nickname_check;` in a later migration'],
      },
      { line: 13, column: 43, endLine: 13, endColumn: 55, messageId: 'varcharDeclared', includes: ['Column email is declared varchar(320)'] },
      { line: 15, column: 51, endLine: 15, endColumn: 62, messageId: 'varcharDeclared', includes: ['varchar(20)[]'] },
    ],
  },
  {
    file: 'new-table.sql',
    reports: [{ line: 3, column: 35, endLine: 3, endColumn: 46, messageId: 'varchar', includes: ['`ALTER TABLE tags ADD COLUMN label text CHECK (char_length(label) <= 30);`'] }],
  },
  { file: 'valid.sql', reports: [] },
]);

describe('prefer-text suggestions', () => {
  it('swap varchar(n) for text with the same limit as a CHECK, and leave only what has no mechanical rewrite', async () => {
    const { fixed, remaining } = await applyAllSuggestions('prefer-text', 'invalid.sql');
    expect(fixed).toContain('ADD COLUMN nickname text, ADD CONSTRAINT users_nickname_check CHECK (char_length(nickname) <= 40) NOT VALID  -- shown in the header\n;');
    expect(remaining.map((m) => m.messageId)).toEqual(['char', 'varcharDeclared', 'varcharDeclared']);
  });
});

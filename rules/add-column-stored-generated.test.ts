import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../test/support/paths.js';
import { engineConfig, lintFixtureSet, testRule } from '../test/support/rule-tester.js';
import rule from './add-column-stored-generated.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    settings: { pgVersion: 18 },
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 88, messageId: 'storedVirtualAvailable',
        includes: [
          'an ACCESS EXCLUSIVE lock on users',
          '`ALTER TABLE users ADD COLUMN email_lower text GENERATED ALWAYS AS (lower(email)) VIRTUAL;`',
          '`ALTER TABLE users ADD COLUMN email_lower text;`',
        ],
      },
      {
        line: 4, column: 1, endLine: 7, endColumn: 11, messageId: 'storedVirtualAvailable',
        includes: ['quantity * unit_price -- per row\n  ) VIRTUAL;`', 'add column total numeric;`'],
      },
      {
        line: 9, column: 1, endLine: 9, endColumn: 116, messageId: 'virtualNotNull',
        includes: [
          "`ALTER TABLE events ADD COLUMN day date GENERATED ALWAYS AS ((created_at AT TIME ZONE 'UTC')::date) VIRTUAL;`",
          '`ALTER TABLE events ADD CONSTRAINT events_day_not_null NOT NULL day NOT VALID;`',
        ],
      },
    ],
  },
  {
    file: 'before-18.sql',
    settings: { pgVersion: 17 },
    reports: [
      { line: 2, column: 1, endLine: 2, endColumn: 88, messageId: 'stored', includes: ['pgVersion is 17', '`ALTER TABLE users ADD COLUMN email_lower text;`', 'BEFORE INSERT OR UPDATE trigger'] },
      { line: 3, column: 1, endLine: 3, endColumn: 103, messageId: 'virtualUnsupported', includes: ['PostgreSQL 17 only has STORED ones', 'the deploy breaks'] },
    ],
  },
  { file: 'valid-18.sql', settings: { pgVersion: 18 }, reports: [] },
  { file: 'valid.sql', reports: [] },
  { file: 'new-table.sql', reports: [] },
]);

describe('add-column-stored-generated suggestions', () => {
  it('replaces STORED with VIRTUAL on PostgreSQL 18, and only where no NOT NULL has to go', async () => {
    const file = path.join(fixturesDir, 'rules', rule.meta.id, 'invalid.sql');
    const result = await lintFixtureSet([file], engineConfig({ pgVersion: 18 }));
    const suggestions = result.messages.filter((m) => m.ruleId === rule.meta.id).map((m) => m.suggestions ?? []);
    const text = readFileSync(file, 'utf8');
    const fix = suggestions[0]?.[0]?.fix;
    expect(fix && text.slice(fix.range[0], fix.range[1])).toBe('STORED');
    expect(fix?.text).toBe('VIRTUAL');
    expect(suggestions[2]).toEqual([]);
  });
});

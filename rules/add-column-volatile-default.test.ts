import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../test/support/paths.js';
import { engineConfig, lintFixtureSet, testRule } from '../test/support/rule-tester.js';
import rule from './add-column-volatile-default.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 78, messageId: 'volatile',
        includes: [
          'clock_timestamp() is volatile',
          'an ACCESS EXCLUSIVE lock on users',
          '`ALTER TABLE users ADD COLUMN created_at timestamptz;`',
          '`ALTER TABLE users ALTER COLUMN created_at SET DEFAULT clock_timestamp();`',
        ],
      },
      {
        line: 4, column: 1, endLine: 6, endColumn: 23, messageId: 'volatile',
        includes: [
          'add column if not exists public_id uuid, -- needs a value per row\n  add column note text;`',
          '`ALTER TABLE app."Orders" ALTER COLUMN public_id SET DEFAULT gen_random_uuid();`',
          'CHECK (public_id IS NOT NULL) NOT VALID',
        ],
      },
      {
        line: 8, column: 1, endLine: 9, endColumn: 77, messageId: 'volatile',
        includes: ['random() is volatile', '`ALTER TABLE events ALTER COLUMN bucket SET DEFAULT (random() * 10)::int;`'],
      },
      {
        line: 8, column: 1, endLine: 9, endColumn: 77, messageId: 'volatile',
        includes: ['uuid_generate_v4() is volatile', 'SET DEFAULT uuid_generate_v4();`', 'ADD PRIMARY KEY USING INDEX'],
      },
      {
        line: 11, column: 1, endLine: 11, endColumn: 66, messageId: 'unknownFunction',
        includes: ['pgshift cannot see whether it is volatile', 'STABLE or IMMUTABLE', '-- pgshift-disable-next-line add-column-volatile-default', '`ALTER TABLE accounts ADD COLUMN code text;`'],
      },
    ],
  },
  {
    file: 'before-11.sql',
    settings: { pgVersion: 10 },
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 67, messageId: 'beforeFastDefault',
        includes: ['pgVersion is 10', '`ALTER TABLE users ADD COLUMN status text;`', "SET DEFAULT 'active';`", 'CHECK (status IS NOT NULL) NOT VALID', 'keep the CHECK as the guarantee'],
      },
    ],
  },
  { file: 'valid.sql', reports: [] },
  { file: 'new-table.sql', reports: [] },
  { file: 'suppressed.sql', reports: [] },
]);

describe('add-column-volatile-default suggestions', () => {
  it('drops the default from ADD COLUMN and sets it for new rows after the statement', async () => {
    const file = path.join(fixturesDir, 'rules', rule.meta.id, 'invalid.sql');
    const result = await lintFixtureSet([file], engineConfig());
    const fixes = result.messages.filter((m) => m.ruleId === rule.meta.id).map((m) => m.suggestions?.[0]?.fix);
    const text = readFileSync(file, 'utf8');
    const apply = (fix: { range: readonly [number, number]; text: string } | undefined) => (fix ? text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]) : undefined);
    expect(apply(fixes[0])).toContain('ALTER TABLE users ADD COLUMN created_at timestamptz;\nALTER TABLE users ALTER COLUMN created_at SET DEFAULT clock_timestamp();\n');
    // NOT NULL and PRIMARY KEY would fail without the default: no mechanical fix for those.
    expect(fixes[1]).toBeUndefined();
    expect(fixes[3]).toBeUndefined();
    expect(apply(fixes[4])).toContain('ALTER TABLE accounts ADD COLUMN code text;\nALTER TABLE accounts ALTER COLUMN code SET DEFAULT app.next_code();');
  });
});

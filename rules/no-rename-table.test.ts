import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { MigrationSetLinter } from '../src/engine/linter.js';
import { allRules } from './index.js';
import { engineConfig, lintFixtureSet, testRule } from '../test/support/rule-tester.js';
import { fixturesDir } from '../test/support/paths.js';
import rule from './no-rename-table.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 37, messageId: 'renameTable',
        includes: [
          'Renaming users to accounts breaks every running instance of the application that still uses the name users',
          'in the same transaction, create a view under the old name: `ALTER TABLE users RENAME TO accounts;` followed by `CREATE VIEW users AS SELECT * FROM accounts;`',
          'drop the view users in a later release, after that code is deployed everywhere',
          'an ACCESS EXCLUSIVE lock on users',
        ],
      },
      { line: 4, column: 1, endLine: 6, endColumn: 22, messageId: 'renameTable', includes: ['`CREATE VIEW app."Orders" AS SELECT * FROM app.purchases;`', '-- "purchases" is the new domain name'] },
      { line: 9, column: 1, endLine: 9, endColumn: 37, messageId: 'renameTable', includes: ['`CREATE VIEW items AS SELECT * FROM products;`'] },
    ],
  },
  {
    file: 'no-transaction.sql',
    reports: [
      { line: 3, column: 1, endLine: 3, endColumn: 37, messageId: 'renameTable', includes: ['in one transaction: `BEGIN;`, `ALTER TABLE items RENAME TO products;`, `CREATE VIEW items AS SELECT * FROM products;`, `COMMIT;`'] },
    ],
  },
  { file: 'valid.sql', reports: [] },
  { file: 'new-table.sql', reports: [] },
]);

it.each(['invalid.sql', 'no-transaction.sql'])('no-rename-table: applying the suggestion to %s keeps the old name working', async (file) => {
  const filePath = path.join(fixturesDir, 'rules', 'no-rename-table', file);
  const config = engineConfig({}, { 'no-rename-table': { severity: 'error' } });
  const before = await lintFixtureSet([filePath], config);
  const [first] = before.messages.filter((m) => m.ruleId === 'no-rename-table');
  const fix = first?.suggestions?.[0]?.fix;
  expect(fix).toBeDefined();
  if (!fix) return;
  const text = readFileSync(filePath, 'utf8');
  const fixed = text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
  const after = new MigrationSetLinter(allRules, config).lint({ id: file, filePath: file, text: fixed });
  const remaining = after.messages.filter((m) => m.ruleId === 'no-rename-table' || m.fatal);
  // Only the statements the suggestion did not touch may still be reported.
  expect(remaining.map((m) => m.line)).toEqual(before.messages.filter((m) => m.ruleId === 'no-rename-table' && m !== first).map((m) => m.line + 1));
});

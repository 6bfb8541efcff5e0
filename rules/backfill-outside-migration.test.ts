import path from 'node:path';
import { parseSync } from 'libpg-query';
import { expect, it } from 'vitest';
import { engineConfig, lintFixtureSet, testRule } from '../test/support/rule-tester.js';
import { fixturesDir } from '../test/support/paths.js';
import rule from './backfill-outside-migration.js';

const LOOP = 'run it for each :start from the smallest id of';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 44, messageId: 'changeRows',
        includes: [
          'UPDATE on users changes existing rows inside the migration: it holds a lock on every row it changes, and a ROW EXCLUSIVE lock on users',
          'vacuum cannot clean up behind the open transaction',
          'after the migration it depends on (typically the one that adds the column) has shipped',
          '`UPDATE users SET email_lower = lower(email) WHERE id >= :start AND id < :start + 1000;`',
          `${LOOP} users to the largest, in steps of 1000, each batch in its own transaction (\`id\` stands for the primary key of users)`,
        ],
      },
      {
        line: 4, column: 1, endLine: 8, endColumn: 15, messageId: 'changeRows',
        includes: ['-- normalise', ' where u.id >= :start AND u.id < :start + 1000 AND (p.user_id = u.id and p.active)\nreturning u.id;`'],
      },
      { line: 10, column: 1, endLine: 10, endColumn: 48, messageId: 'changeRows', includes: ['`DELETE FROM "Sessions" WHERE id >= :start AND id < :start + 1000 AND (expires_at < now());`'] },
      {
        line: 12, column: 1, endLine: 12, endColumn: 85, messageId: 'copyRows',
        includes: [
          'INSERT … SELECT into audit copies rows inside the migration',
          '`INSERT INTO audit (user_id, at) SELECT id, now() FROM users WHERE id >= :start AND id < :start + 1000 AND (active) ORDER BY id;`',
          `${LOOP} users`,
        ],
      },
      {
        line: 14, column: 1, endLine: 16, endColumn: 49, messageId: 'changeRows',
        includes: ['MERGE on accounts', 'USING (SELECT * FROM staging_accounts WHERE id >= :start AND id < :start + 1000) s ON a.id = s.id', `${LOOP} staging_accounts`],
      },
    ],
  },
  {
    file: 'shipped.sql',
    after: ['history.sql'],
    reports: [
      {
        line: 1, column: 1, endLine: 1, endColumn: 59, messageId: 'changeRows',
        includes: ["`UPDATE devices SET push_token = NULL WHERE id >= :start AND id < :next AND (push_token = '');`", 'consecutive boundaries :start and :next of id, about 1000 rows of devices apart'],
      },
    ],
  },
  {
    file: 'nested.sql',
    reports: [
      { line: 2, column: 1, endLine: 3, endColumn: 46, messageId: 'changeRows', includes: ['DELETE on queue', 'add `id >= :start AND id < :start + 1000` to the WHERE clause of the DELETE on queue'] },
      { line: 2, column: 1, endLine: 3, endColumn: 46, messageId: 'copyRows', includes: ['into queue_archive', 'split its source query into ranges of the key of the rows it reads'] },
      { line: 5, column: 1, endLine: 5, endColumn: 115, messageId: 'copyRows', includes: ['into totals', 'split its source query'] },
      {
        line: 7, column: 1, endLine: 8, endColumn: 39, messageId: 'changeRows',
        includes: ['restrict its source and every WHEN NOT MATCHED BY SOURCE clause to one range of the key of accounts, `id >= :start AND id < :start + 1000`'],
      },
      { line: 10, column: 1, endLine: 10, endColumn: 65, messageId: 'changeRows', includes: ['add `id >= :start AND id < :start + 1000` to the WHERE clause of the UPDATE on carts'] },
      { line: 12, column: 1, endLine: 12, endColumn: 64, messageId: 'changeRows', includes: ['add `id >= :start AND id < :start + 1000` to the WHERE clause of the DELETE on sessions'] },
    ],
  },
  { file: 'valid.sql', reports: [] },
  { file: 'new-table.sql', reports: [] },
  { file: 'stored.sql', reports: [] },
]);

it('backfill-outside-migration: every batched statement it writes out is valid SQL', async () => {
  const dir = path.join(fixturesDir, 'rules', 'backfill-outside-migration');
  const config = engineConfig({}, { 'backfill-outside-migration': { severity: 'error' } });
  const results = [await lintFixtureSet([path.join(dir, 'invalid.sql')], config), await lintFixtureSet([path.join(dir, 'history.sql'), path.join(dir, 'shipped.sql')], config)];
  const statements = results
    .flatMap((r) => r.messages)
    .filter((m) => m.ruleId === 'backfill-outside-migration')
    .flatMap((m) => [...m.message.matchAll(/`([^`]+;)`/g)].map((match) => match[1] as string));
  expect(statements).toHaveLength(6);
  // :start and :next are psql variables; a parameter stands in for them.
  for (const sql of statements) expect(() => parseSync(sql.replace(/:start|:next/g, '$1'))).not.toThrow();
});

/**
 * Prisma Migrate as it applies PostgreSQL migrations: fixture projects under
 * fixtures/formats/prisma/ (a package.json naming the Prisma version, and
 * `prisma/migrations/<timestamp>_<name>/migration.sql`), linted the way
 * `pgshift lint <project>` lints them. Each expectation on a project is the
 * complete list of results.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverMigrationSets } from '../../src/sources/discover.js';
import { detectSetFormat } from '../../src/sources/formats/index.js';
import { prismaSplitsStatements, prismaVersion } from '../../src/sources/formats/prisma.js';
import { formatFixtures, lintFixtureDir, lintFixtureText, ruleIdsByMigration } from '../support/formats.js';

const project = (name: string) => path.join(formatFixtures, 'prisma', name);

async function messagesOf(name: string, file: string, ruleId: string | null) {
  const results = await lintFixtureDir(`prisma/${name}`);
  const result = results.find((r) => r.filePath === path.join(project(name), file));
  if (!result) throw new Error(`no result for ${file}`);
  return result.messages.filter((m) => m.ruleId === ruleId);
}

const ignored = 'Prisma Migrate never runs this file: it runs only the `migration.sql` of each migration folder. Rename it if it is meant to be a migration.';

describe('Prisma: detection, order and files it never runs', () => {
  it('detects Prisma from migration.sql in folders named by a 14-digit timestamp', async () => {
    const [set] = await discoverMigrationSets(['.'], project('legacy'));
    expect(detectSetFormat(set?.files ?? [], project('legacy'))).toBe('prisma');
  });

  it('runs each folder’s migration.sql in the order of the folder names, and warns about other .sql files', async () => {
    expect(ruleIdsByMigration(await lintFixtureDir('prisma/legacy'), project('legacy'))).toEqual([
      ['prisma/migrations/20240101000000_init/migration.sql', []],
      ['prisma/migrations/20240102000000_index_post_author/migration.sql', []],
      ['prisma/migrations/20240103000000_add_post_published/migration.sql', ['run-outside-transaction', 'set-lock-timeout']],
      ['prisma/migrations/20240104000000_add_post_slug/migration.sql', ['run-outside-transaction', 'set-lock-timeout']],
      // A rollback script written by hand beside a migration, and a seed file: Prisma Migrate runs neither.
      ['prisma/migrations/20240103000000_add_post_published/down.sql', ['(none)']],
      ['prisma/seed.sql', ['(none)']],
    ]);
    for (const file of ['prisma/migrations/20240103000000_add_post_published/down.sql', 'prisma/seed.sql']) {
      expect((await messagesOf('legacy', file, null)).map((m) => [m.severity, m.message])).toEqual([[1, ignored]]);
    }
  });

  it('has no down migrations: a down.sql stays a file Prisma never runs with includeDown', async () => {
    const withDown = ruleIdsByMigration(await lintFixtureDir('prisma/legacy', { includeDown: true }), project('legacy'));
    expect(withDown).toEqual(ruleIdsByMigration(await lintFixtureDir('prisma/legacy'), project('legacy')));
  });

  it('runs a baseline folder named without a timestamp (`0_init`) first, as folder names sort', async () => {
    // Prisma's baselining guide creates prisma/migrations/0_init; folder names sort as text.
    expect(ruleIdsByMigration(await lintFixtureDir('prisma/current'), project('current')).map(([file]) => file)).toEqual([
      'prisma/migrations/0_init/migration.sql',
      'prisma/migrations/20240102000000_index_post_author/migration.sql',
      'prisma/migrations/20240103000000_add_post_published/migration.sql',
      'prisma/migrations/20240104000000_add_post_slug/migration.sql',
    ]);
  });
});

describe('Prisma: how the version in package.json sends migration.sql', () => {
  it('before 7.4, sends migration.sql as one query: a lone CREATE INDEX CONCURRENTLY runs, one beside another statement fails', async () => {
    // prisma-engines sends the script with one simple_query; Postgres runs a query of several statements as one implicit transaction.
    expect(await messagesOf('legacy', 'prisma/migrations/20240102000000_index_post_author/migration.sql', 'run-outside-transaction')).toEqual([]);
    const [message, ...rest] = await messagesOf('legacy', 'prisma/migrations/20240103000000_add_post_published/migration.sql', 'run-outside-transaction');
    expect(rest).toEqual([]);
    expect(message).toMatchObject({ line: 5, column: 1, messageId: 'insideTransaction' });
    expect(message?.message).toContain('it runs inside the transaction Postgres opens around a query of several statements (Prisma Migrate sends the whole migration as one query)');
    expect(message?.message).toContain('Move it to a migration of its own holding only that statement');
  });

  it('from 7.4, sends each statement on its own: CREATE INDEX CONCURRENTLY may share migration.sql', async () => {
    // prisma-engines #5767 ("support CREATE INDEX CONCURRENTLY in migrations").
    expect(ruleIdsByMigration(await lintFixtureDir('prisma/current'), project('current'))).toEqual([
      ['prisma/migrations/0_init/migration.sql', []],
      ['prisma/migrations/20240102000000_index_post_author/migration.sql', []],
      ['prisma/migrations/20240103000000_add_post_published/migration.sql', ['set-lock-timeout']],
      // The file's own BEGIN still opens a transaction, whichever way the statements are sent.
      ['prisma/migrations/20240104000000_add_post_slug/migration.sql', ['run-outside-transaction', 'set-lock-timeout']],
    ]);
  });

  it('from 7.4, still sends migration.sql as one query when it holds a DROP INDEX CONCURRENTLY beside another statement', async () => {
    // Prisma's splitter cannot parse DROP INDEX CONCURRENTLY and falls back to one query (prisma-engines #5847).
    const file = 'prisma/migrations/20240105000000_replace_post_author_idx/migration.sql';
    const cwd = project('current');
    const both = 'CREATE INDEX CONCURRENTLY "Post_authorId_createdAt_idx" ON "Post" ("authorId", "createdAt");\nDROP INDEX CONCURRENTLY "Post_authorId_idx";\n';
    const [result] = await lintFixtureText(both, file, { cwd });
    expect(result?.messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['run-outside-transaction', 1],
      ['run-outside-transaction', 2],
    ]);
    expect(result?.messages[0]?.message).toContain('from 7.4 when it holds a `DROP INDEX CONCURRENTLY`');
    // Alone, it is one statement in autocommit; two CREATE INDEX CONCURRENTLY are split.
    for (const alone of ['DROP INDEX CONCURRENTLY "Post_authorId_idx";\n', 'CREATE INDEX CONCURRENTLY a ON "Post" ("a");\nCREATE INDEX CONCURRENTLY b ON "Post" ("b");\n']) {
      expect((await lintFixtureText(alone, file, { cwd })).map((r) => r.messages)).toEqual([[]]);
    }
  });

  it('without a package.json that names Prisma, assumes the older, stricter behaviour', async () => {
    expect(ruleIdsByMigration(await lintFixtureDir('prisma/no-manifest'), project('no-manifest'))).toEqual([
      ['prisma/migrations/20240101000000_init/migration.sql', []],
      ['prisma/migrations/20240102000000_index_post_author/migration.sql', []],
      ['prisma/migrations/20240103000000_add_post_published/migration.sql', ['run-outside-transaction', 'set-lock-timeout']],
      ['prisma/migrations/20240104000000_add_post_slug/migration.sql', ['run-outside-transaction', 'set-lock-timeout']],
    ]);
  });

  it('reads the version from the package.json nearest the migrations, wherever the lint starts', async () => {
    // The workspace root names no Prisma; packages/db depends on @prisma/client 7.5.1.
    const expected = [
      ['packages/db/prisma/migrations/20240101000000_init/migration.sql', []],
      ['packages/db/prisma/migrations/20240103000000_add_post_published/migration.sql', ['set-lock-timeout']],
    ];
    expect(ruleIdsByMigration(await lintFixtureDir('prisma/monorepo'), project('monorepo'))).toEqual(expected);
    expect(ruleIdsByMigration(await lintFixtureDir('prisma/monorepo/packages/db/prisma/migrations'), project('monorepo'))).toEqual(expected);
  });

  it('takes the version from `prisma` or `@prisma/client`, in dependencies or devDependencies', () => {
    expect(prismaVersion(project('legacy'))).toEqual([5, 22]);
    expect(prismaVersion(path.join(project('current'), 'prisma', 'migrations'))).toEqual([7, 4]);
    expect(prismaVersion(path.join(project('monorepo'), 'packages', 'db', 'prisma'))).toEqual([7, 5]);
    expect(prismaVersion(project('no-manifest'))).toBeUndefined();
    expect([[6, 19], [7, 3], [7, 4], [7, 10], [8, 0]].map(([major, minor]) => prismaSplitsStatements([major as number, minor as number]))).toEqual([false, false, true, true, true]);
    expect(prismaSplitsStatements(undefined)).toBe(false);
  });
});

describe('Prisma: BEGIN and COMMIT inside migration.sql', () => {
  it('reports a CREATE INDEX CONCURRENTLY inside the file’s own BEGIN … COMMIT', async () => {
    for (const name of ['legacy', 'current']) {
      const [message, ...rest] = await messagesOf(name, 'prisma/migrations/20240104000000_add_post_slug/migration.sql', 'run-outside-transaction');
      expect(rest).toEqual([]);
      expect(message).toMatchObject({ line: 8, column: 1, messageId: 'insideTransaction' });
      expect(message?.message).toContain('it runs inside the transaction opened by the BEGIN at line 2');
      expect(message?.message).toContain('Take it out of the BEGIN … COMMIT block');
    }
  });

  it('accepts a migration that wraps itself in BEGIN … COMMIT, as Prisma does not', async () => {
    const text = [
      '-- Prisma does not wrap PostgreSQL migrations in a transaction.',
      'BEGIN;',
      "SET LOCAL lock_timeout = '5s';",
      'ALTER TABLE "Post" ADD COLUMN "slug" TEXT;',
      'ALTER TABLE "Post" ADD COLUMN "summary" TEXT;',
      'COMMIT;',
      '',
    ].join('\n');
    for (const name of ['legacy', 'current']) {
      const results = await lintFixtureText(text, 'prisma/migrations/20240105000000_add_post_slug_and_summary/migration.sql', { cwd: project(name) });
      expect(results.map((r) => r.messages)).toEqual([[]]);
    }
  });
});

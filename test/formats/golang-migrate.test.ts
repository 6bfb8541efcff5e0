/**
 * golang-migrate, read the way its Postgres driver runs it: fixtures/formats/
 * golang-migrate is a Go service with `<version>_<title>.up.sql` and
 * `.down.sql` files in db/migrations. The driver opens no transaction and sends
 * each file as one query string, so Postgres runs a file of two statements or
 * more as one implicit transaction ("If you want to use CREATE INDEX
 * CONCURRENTLY … you have to put such statements in a separate migration
 * files", database/postgres/README.md).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFixtures, lintFixtureDir, lintFixtureText, resultFinder, ruleIdsByMigration } from '../support/formats.js';

const migrations = path.join(formatFixtures, 'golang-migrate', 'db', 'migrations');

const resultFor = resultFinder(migrations);

describe('golang-migrate', () => {
  it('lints the `.up.sql` files in version order; a file named otherwise is a warning', async () => {
    const results = await lintFixtureDir('golang-migrate/db/migrations');
    expect(ruleIdsByMigration(results, migrations)).toEqual([
      ['000001_create_products.up.sql', []],
      ['000002_index_products_sku.up.sql', []],
      ['000003_index_products_created_at.up.sql', ['run-outside-transaction']],
      ['000004_add_products_archived.up.sql', []],
      ['000005_index_products_name.up.sql', ['run-outside-transaction']],
      ['seed.sql', ['(none)']],
    ]);
    expect(resultFor(results, 'seed.sql').messages).toEqual([
      expect.objectContaining({
        ruleId: null,
        severity: 1,
        line: 1,
        column: 1,
        message: 'golang-migrate never runs this file: it runs only files named `<version>_<title>.up.sql` and `.down.sql`. Rename it if it is meant to be a migration.',
      }),
    ]);
  });

  it('with includeDown, lints each `.down.sql` right after the `.up.sql` it reverts', async () => {
    const results = await lintFixtureDir('golang-migrate/db/migrations', { includeDown: true });
    expect(ruleIdsByMigration(results, migrations)).toEqual([
      ['000001_create_products.up.sql', []],
      // Rolled back after the up migration went live: products is an existing table by then.
      ['000001_create_products.down.sql', ['set-lock-timeout']],
      ['000002_index_products_sku.up.sql', []],
      ['000002_index_products_sku.down.sql', []],
      ['000003_index_products_created_at.up.sql', ['run-outside-transaction']],
      ['000003_index_products_created_at.down.sql', []],
      ['000004_add_products_archived.up.sql', []],
      ['000004_add_products_archived.down.sql', []],
      ['000005_index_products_name.up.sql', ['run-outside-transaction']],
      ['000005_index_products_name.down.sql', []],
      ['seed.sql', ['(none)']],
    ]);
  });

  it('runs a file that holds one CONCURRENTLY statement outside any transaction', async () => {
    const results = await lintFixtureDir('golang-migrate/db/migrations', { includeDown: true });
    expect(resultFor(results, '000002_index_products_sku.up.sql').messages).toEqual([]);
    expect(resultFor(results, '000002_index_products_sku.down.sql').messages).toEqual([]);
  });

  it('reports a CONCURRENTLY statement in a file of two statements: golang-migrate sends the file as one query', async () => {
    const [message] = resultFor(await lintFixtureDir('golang-migrate/db/migrations'), '000003_index_products_created_at.up.sql').messages;
    expect(message).toMatchObject({ ruleId: 'run-outside-transaction', severity: 2, line: 2, column: 1 });
    expect(message?.message).toContain('runs inside the transaction Postgres opens around a query of several statements (golang-migrate sends the whole migration as one query)');
    expect(message?.message).toContain('Move it to a migration file of its own holding only that statement');
    // There is no per-file switch to offer.
    expect(message?.suggestions).toBeUndefined();
  });

  it('honours the BEGIN and COMMIT a file brings', async () => {
    const results = await lintFixtureDir('golang-migrate/db/migrations', { includeDown: true });
    // Its own transaction, with SET LOCAL lock_timeout inside it: nothing to report.
    expect(resultFor(results, '000004_add_products_archived.up.sql').messages).toEqual([]);
    expect(resultFor(results, '000004_add_products_archived.down.sql').messages).toEqual([]);
    const [message] = resultFor(results, '000005_index_products_name.up.sql').messages;
    expect(message).toMatchObject({ ruleId: 'run-outside-transaction', line: 2, column: 1 });
    expect(message?.message).toContain('runs inside the transaction opened by the BEGIN at line 1');
    expect(message?.message).toContain('Take it out of the BEGIN … COMMIT block');
  });

  it('passes over an `.up.sql` file without a version, as golang-migrate does', async () => {
    // golang-migrate's source.Parse needs `^([0-9]+)_(.*)\.(down|up)\.(.*)$`; a name it cannot parse is skipped.
    const [result] = await lintFixtureText('CREATE INDEX CONCURRENTLY products_sku_idx ON products (sku);\n', 'golang-migrate/db/migrations/seed.up.sql', {
      source: 'golang-migrate',
    });
    expect(result?.messages).toEqual([expect.objectContaining({ ruleId: null, severity: 1, line: 1, column: 1, message: expect.stringMatching(/^golang-migrate never runs this file/) })]);
  });
});

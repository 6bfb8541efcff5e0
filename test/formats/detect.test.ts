/**
 * Telling the tools apart when the configuration does not name one: a set's
 * format from its file names and project files, then a file's format from the
 * markers inside it. The fixture projects are the ones the format tests lint.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFileFormat, detectSetFormat } from '../../src/sources/formats/index.js';
import { formatFixtures } from '../support/formats.js';

function migrationsOf(dir: string): string[] {
  const root = path.join(formatFixtures, dir);
  return readdirSync(root)
    .filter((name) => name.endsWith('.sql'))
    .map((name) => path.join(root, name));
}

describe('detectSetFormat', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'pgshift-detect-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** A folder of `.up.sql` / `.down.sql` files under `project`, with the given Cargo.toml files (path relative to the project → content). */
  function project(name: string, manifests: Record<string, string>, migrationsDir = 'migrations'): { files: string[]; root: string } {
    const root = path.join(scratch, name, migrationsDir);
    mkdirSync(root, { recursive: true });
    for (const [file, content] of Object.entries(manifests)) {
      mkdirSync(path.dirname(path.join(scratch, name, file)), { recursive: true });
      writeFileSync(path.join(scratch, name, file), content);
    }
    return { root, files: [path.join(root, '20240101000000_create_users.up.sql'), path.join(root, '20240101000000_create_users.down.sql')] };
  }

  it('leaves goose and dbmate sets to the markers inside their files: their names carry no format', () => {
    expect(detectSetFormat(migrationsOf('goose/migrations'), path.join(formatFixtures, 'goose/migrations'))).toBe('pgshift');
    expect(detectSetFormat(migrationsOf('dbmate/db/migrations'), path.join(formatFixtures, 'dbmate/db/migrations'))).toBe('pgshift');
  });

  it('takes `.up.sql` / `.down.sql` files for golang-migrate', () => {
    expect(detectSetFormat(migrationsOf('golang-migrate/db/migrations'), path.join(formatFixtures, 'golang-migrate/db/migrations'))).toBe('golang-migrate');
  });

  it('takes a set for sqlx when a Cargo.toml at or above it depends on sqlx, whatever the names', () => {
    const root = path.join(formatFixtures, 'sqlx/migrations');
    const files = migrationsOf('sqlx/migrations');
    expect(detectSetFormat(files, root)).toBe('sqlx');
    expect(detectSetFormat(files.filter((file) => file.endsWith('.up.sql') || file.endsWith('.down.sql')), root)).toBe('sqlx');
    expect(detectSetFormat(files.filter((file) => !/\.(up|down)\.sql$/.test(file)), root)).toBe('sqlx');
  });

  it('reads the ways a Cargo.toml depends on sqlx, and a workspace root above the crate', () => {
    const table = project('dependency-table', { 'Cargo.toml': '[package]\nname = "api"\n\n[dependencies.sqlx]\nversion = "0.8"\nfeatures = ["postgres"]\n' });
    expect(detectSetFormat(table.files, table.root)).toBe('sqlx');
    const workspace = project(
      'workspace',
      {
        'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n\n[workspace.dependencies]\nsqlx = { version = "0.8", features = ["postgres"] }\n',
        'crates/db/Cargo.toml': '[package]\nname = "db"\n\n[dependencies]\nsqlx = { workspace = true }\n',
      },
      'crates/db/migrations',
    );
    expect(detectSetFormat(workspace.files, workspace.root)).toBe('sqlx');
  });

  it('keeps `.up.sql` files golang-migrate\'s when the Cargo.toml does not depend on sqlx, or lies outside the repository', () => {
    const other = project('diesel-crate', { 'Cargo.toml': '[package]\nname = "api"\n\n[dependencies]\nsqlx-core = "0.8"\ndiesel = "2"\n# sqlx = "0.7"\n' });
    expect(detectSetFormat(other.files, other.root)).toBe('golang-migrate');
    // The search stops at the repository's root.
    const outside = project('outside', { 'Cargo.toml': '[dependencies]\nsqlx = "0.8"\n', 'repo/.git/HEAD': 'ref: refs/heads/main\n' }, 'repo/migrations');
    expect(detectSetFormat(outside.files, outside.root)).toBe('golang-migrate');
  });

  it('takes a set with a dialect or `.autocommit` in its names for popx, before anything else', () => {
    expect(detectSetFormat(migrationsOf('popx/persistence/sql/migrations'), path.join(formatFixtures, 'popx/persistence/sql/migrations'))).toBe('popx');
    // Even in a sqlx crate: those names are popx's alone.
    const root = path.join(formatFixtures, 'sqlx/migrations');
    expect(detectSetFormat([path.join(root, '20240401000001000000_identities.up.sql'), path.join(root, '20240402000001000000_identities_nid_idx.autocommit.up.sql')], root)).toBe('popx');
    expect(detectSetFormat([path.join(root, '20240401000001000000_identities.postgres.up.sql')], root)).toBe('popx');
  });
});

describe('detectFileFormat', () => {
  const fixture = (file: string) => readFileSync(path.join(formatFixtures, file), 'utf8');

  it('reads goose files in a set whose names say nothing, by `-- +goose Up` in any case', () => {
    for (const file of migrationsOf('goose/migrations')) expect(detectFileFormat(readFileSync(file, 'utf8'), 'pgshift')).toBe('goose');
    expect(detectFileFormat('-- +goose up\nCREATE TABLE t (id int);\n', 'pgshift')).toBe('goose');
    expect(detectFileFormat('-- Users.\n\n-- +goose NO TRANSACTION\n--+goose UP\nCREATE TABLE t (id int);\n', 'pgshift')).toBe('goose');
    // goose refuses an annotation with leading whitespace; it is no goose marker.
    expect(detectFileFormat('  -- +goose Up\nCREATE TABLE t (id int);\n', 'pgshift')).toBe('pgshift');
  });

  it('reads dbmate files by `-- migrate:up`, with or without options', () => {
    for (const file of migrationsOf('dbmate/db/migrations')) expect(detectFileFormat(readFileSync(file, 'utf8'), 'pgshift')).toBe('dbmate');
    expect(detectFileFormat('--migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n--migrate:down\n', 'pgshift')).toBe('dbmate');
    expect(detectFileFormat('-- migrate:upgrade the users table\nCREATE TABLE t (id int);\n', 'pgshift')).toBe('pgshift');
  });

  it('reads a file that starts with `-- no-transaction` as sqlx, where the names leave room for it', () => {
    expect(detectFileFormat(fixture('sqlx/migrations/20240305100000_index_invoices_account.sql'), 'pgshift')).toBe('sqlx');
    expect(detectFileFormat(fixture('sqlx/migrations/20240311120000_index_invoices_currency.up.sql'), 'golang-migrate')).toBe('sqlx');
    // sqlx itself would run these in a transaction: nothing marks them as sqlx's.
    expect(detectFileFormat(fixture('sqlx/migrations/20240306100000_index_invoices_due_on.sql'), 'pgshift')).toBe('pgshift');
    expect(detectFileFormat(fixture('sqlx/migrations/20240306100000_index_invoices_due_on.sql'), 'golang-migrate')).toBe('golang-migrate');
  });

  it('keeps the format the names gave: a marker inside a file does not change it', () => {
    const goose = fixture('goose/migrations/00002_index_accounts_email.sql');
    const dbmate = fixture('dbmate/db/migrations/20240112100000_index_orders_customer.sql');
    for (const text of [goose, dbmate, '-- no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);\n']) {
      expect(detectFileFormat(text, 'popx')).toBe('popx');
      expect(detectFileFormat(text, 'sqlx')).toBe('sqlx');
    }
    // golang-migrate files are plain SQL: goose and dbmate markers in them are comments.
    expect(detectFileFormat(goose, 'golang-migrate')).toBe('golang-migrate');
    expect(detectFileFormat(dbmate, 'golang-migrate')).toBe('golang-migrate');
  });
});

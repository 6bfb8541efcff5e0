/**
 * pgshift's own layout: plain `.sql` files, each one migration, and a
 * `<name>.down.sql` beside `<name>.sql` or `<name>.up.sql` that reverts it.
 * Names like `V0001.Sessions.up.sql` (Authelia's runner) are not
 * golang-migrate's, so the set stays pgshift's.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectSetFormat } from '../../src/sources/formats/index.js';
import { formatFixtures, lintFixtureDir, ruleIdsByMigration } from '../support/formats.js';

const migrations = path.join(formatFixtures, 'pgshift', 'migrations');

describe('pgshift format', () => {
  it('is what a set of `.up.sql` files without golang-migrate names is', () => {
    const files = ['V0001.Sessions.up.sql', 'V0001.Sessions.down.sql'].map((name) => path.join(migrations, name));
    expect(detectSetFormat(files, migrations)).toBe('pgshift');
  });

  it('lints only the up migrations by default', async () => {
    const results = await lintFixtureDir('pgshift/migrations');
    expect(ruleIdsByMigration(results, migrations)).toEqual([
      ['V0001.Sessions.up.sql', []],
      ['V0002.SessionsExpiry.up.sql', []],
      ['V0003.SessionsRevoked.sql', []],
    ]);
  });

  it('with includeDown, lints each `.down.sql` right after the migration it reverts', async () => {
    const results = await lintFixtureDir('pgshift/migrations', { includeDown: true });
    expect(ruleIdsByMigration(results, migrations)).toEqual([
      ['V0001.Sessions.up.sql', []],
      // Rolled back once sessions is live: a drop in a down migration needs no deprecation, but a lock timeout.
      ['V0001.Sessions.down.sql', ['set-lock-timeout']],
      ['V0002.SessionsExpiry.up.sql', []],
      ['V0002.SessionsExpiry.down.sql', []],
      ['V0003.SessionsRevoked.sql', []],
      ['V0003.SessionsRevoked.down.sql', []],
    ]);
  });
});

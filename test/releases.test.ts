/**
 * Releases end to end: fixture projects under fixtures/releases/, each with
 * its pgshift.config.json, linted as the CLI lints them. Each expectation is
 * the complete list of findings.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../src/lint/index.js';
import { fixturesDir } from './support/paths.js';

async function findings(project: string, overrides = {}): Promise<string[]> {
  const cwd = path.join(fixturesDir, 'releases', project);
  const { results } = await lintFiles({ cwd, overrides });
  return results.flatMap((r) => r.messages.map((m) => `${path.relative(cwd, r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? 'fatal'}`));
}

async function messages(project: string, ruleId: string): Promise<string[]> {
  const { results } = await lintFiles({ cwd: path.join(fixturesDir, 'releases', project) });
  return results.flatMap((r) => r.messages.filter((m) => m.ruleId === ruleId).map((m) => m.message));
}

describe('releases', () => {
  it('reports a drop without a deprecation, naming the release and the two steps', async () => {
    expect(await findings('drop-without-deprecation')).toEqual(['migrations/1.1/001_drop_flag.sql:2:19 drop-after-deprecation']);
    const [message] = await messages('drop-without-deprecation', 'drop-after-deprecation');
    expect(message).toContain('Dropping column legacy_flag of users');
    expect(message).toContain('deprecate it in release 1.1 together with the code change that stops using it (`-- pgshift:deprecate users.legacy_flag` in one of its migrations), and drop it in the release after');
  });

  it('reports a deprecation and a drop in the same release', async () => {
    expect(await findings('same-release')).toEqual(['migrations/1.1/002_drop_flag.sql:2:19 drop-after-deprecation']);
    const [message] = await messages('same-release', 'drop-after-deprecation');
    expect(message).toContain('users.legacy_flag is deprecated in this same release (1.1/001_stop_using_flag.sql)');
  });

  it('allows the drop a release after the deprecation (releases listed in the config)', async () => {
    expect(await findings('later-release')).toEqual([]);
  });

  it('without releases, assumes the deprecation and the drop may ship together', async () => {
    expect(await findings('no-releases')).toEqual(['db/200_drop.sql:2:19 drop-after-deprecation', 'db/200_drop.sql:3:11 drop-after-deprecation']);
    for (const message of await messages('no-releases', 'drop-after-deprecation')) expect(message).toContain('has no "releases"');
  });

  it('treats a table created in the same release as new and one from an earlier release as live', async () => {
    expect(await findings('new-table')).toEqual(['migrations/2024.10/002_indexes.sql:7:1 create-index-concurrently']);
  });

  it('lets SET NOT NULL rely on a CHECK validated in an earlier migration from PostgreSQL 12, not before', async () => {
    expect(await findings('set-not-null')).toEqual([]);
    expect(await findings('set-not-null', { pgVersion: 11 })).toEqual(['migrations/3/001_set_not_null.sql:2:1 set-not-null-via-check']);
  });
});

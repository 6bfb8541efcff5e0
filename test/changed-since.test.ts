/**
 * `pgshift lint --changed-since <rev>`, the pull-request gate: only the
 * migrations the branch adds or changes are reported, while every migration
 * still feeds the schema model.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=pgshift', '-c', 'user.email=pgshift@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, encoding: 'utf8' });
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
}

/** A repository whose main branch holds releases 0 and 1; the branch `feature` adds release 2. */
function repository(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgshift-changed-'));
  git(dir, 'init', '-q');
  write(dir, {
    'pgshift.config.json': JSON.stringify({ migrations: 'migrations', releases: 'directories' }),
    'migrations/r0/001_create_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, legacy_code text);\n',
    // Unsafe, but merged long ago: a pull request that does not touch it must not be blocked by it.
    'migrations/r1/002_index_and_deprecate.sql': "-- pgshift:deprecate orders.legacy_code\nSET lock_timeout = '2s';\nCREATE INDEX orders_id_idx ON orders (id);\n",
  });
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'release 1');
  git(dir, 'checkout', '-qb', 'feature');
  // Allowed only because release 1 deprecated the column: the unchanged files must still be read.
  write(dir, { 'migrations/r2/003_drop_legacy_code.sql': "SET lock_timeout = '2s';\nALTER TABLE orders DROP COLUMN legacy_code;\n" });
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'drop legacy_code');
  return dir;
}

async function reported(dir: string, args: string[]): Promise<{ code: number; files: string[]; rules: string[] }> {
  const run = await runCli(['lint', '-f', 'json', ...args], { cwd: dir });
  expect(run.stderr).toBe('');
  const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string | null }[] }[];
  return {
    code: run.code,
    files: results.map((r) => path.relative(dir, r.filePath).split(path.sep).join('/')),
    rules: results.flatMap((r) => r.messages.map((m) => m.ruleId ?? '(none)')),
  };
}

describe('pgshift lint --changed-since', () => {
  it('reports only what the branch changed, judged with the whole history', async () => {
    const dir = repository();
    expect(await reported(dir, [])).toEqual({ code: 1, files: ['migrations/r0/001_create_orders.sql', 'migrations/r1/002_index_and_deprecate.sql', 'migrations/r2/003_drop_legacy_code.sql'], rules: ['create-index-concurrently'] });
    expect(await reported(dir, ['--changed-since', 'main'])).toEqual({ code: 0, files: ['migrations/r2/003_drop_legacy_code.sql'], rules: [] });
    // Without the history, nothing shows the column was deprecated a release earlier.
    expect((await reported(dir, ['migrations/r2/003_drop_legacy_code.sql'])).rules).toEqual(['drop-after-deprecation']);
  });

  it('counts uncommitted and untracked files, and not what main gained after the branch left it', async () => {
    const dir = repository();
    git(dir, 'checkout', '-q', 'main');
    // Compared with main's tip, this file differs on the branch; compared with where the branch left main, it does not.
    write(dir, { 'migrations/r1/002_index_and_deprecate.sql': "-- pgshift:deprecate orders.legacy_code\nSET lock_timeout = '2s';\nCREATE INDEX orders_id_idx ON orders (id); -- edited on main\n" });
    git(dir, 'commit', '-qam', 'later on main');
    git(dir, 'checkout', '-q', 'feature');
    write(dir, {
      'migrations/r2/005_untracked.sql': 'CREATE INDEX orders_id_2_idx ON orders (id);\n',
      'migrations/r0/001_create_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, legacy_code text, note text);\n',
    });
    const run = await reported(dir, ['--changed-since', 'main']);
    expect(run.files).toEqual(['migrations/r0/001_create_orders.sql', 'migrations/r2/003_drop_legacy_code.sql', 'migrations/r2/005_untracked.sql']);
    expect(run.rules).toEqual(['create-index-concurrently', 'set-lock-timeout']);
  });

  it('exits 2 with git’s reason for a revision it does not know, and refuses --stdin', async () => {
    const dir = repository();
    const unknown = await runCli(['lint', '--changed-since', 'no-such-branch'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^pgshift: --changed-since: cannot compare with 'no-such-branch'/);
    const stdin = await runCli(['lint', '--stdin', '--changed-since', 'main'], { cwd: dir, stdin: 'SELECT 1;' });
    expect(stdin.code).toBe(2);
  });
});

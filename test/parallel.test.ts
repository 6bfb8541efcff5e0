/**
 * Linting on several threads gives exactly the results of one thread, also
 * when a migration set is cut between threads and the later one needs the
 * earlier migrations' schema (here: the column types ALTER COLUMN TYPE is
 * judged against).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planChunks } from '../src/lint/parallel.js';
import type { FileJob } from '../src/lint/chunk.js';
import { spawnCli } from './support/cli.js';

function project(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgshift-parallel-'));
  for (const set of ['billing', 'catalog']) {
    mkdirSync(path.join(dir, set));
    const tables = Array.from({ length: 30 }, (_, i) => `CREATE TABLE ${set}_${i} (id bigint PRIMARY KEY, code varchar(10));`);
    writeFileSync(path.join(dir, set, '0_tables.sql'), tables.join('\n'));
    for (let i = 0; i < 30; i++) {
      // Catalog-only when the earlier varchar(10) is known; reported when it is not.
      writeFileSync(path.join(dir, set, `${i + 1}_widen.sql`), `SET LOCAL lock_timeout = '2s';\nALTER TABLE ${set}_${i} ALTER COLUMN code TYPE varchar(20);\nCREATE INDEX ${set}_${i}_code ON ${set}_${i} (code);\n`);
    }
  }
  return dir;
}

describe('parallel lint', () => {
  it('gives the same results on 1, 2 and 3 threads', () => {
    const dir = project();
    const outputs = [1, 2, 3].map((threads) => spawnCli(['lint', 'billing', 'catalog', '-f', 'json'], { cwd: dir, env: { PGSHIFT_THREADS: String(threads) } }));
    for (const run of outputs) expect(run.stderr).toBe('');
    const [one, two, three] = outputs.map((run) => JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string }[] }[]);
    expect(one).toHaveLength(62);
    // Only the index builds are reported: every type change was judged with the history.
    expect(new Set(one!.flatMap((r) => r.messages.map((m) => m.ruleId)))).toEqual(new Set(['create-index-concurrently']));
    expect(two).toEqual(one);
    expect(three).toEqual(one);
  });
});

describe('planChunks', () => {
  const jobs = ['a1', 'a2', 'a3', 'b1', 'b2', 'b3'].map(
    (p): FileJob => ({ path: p, id: `${p}.sql`, set: p.startsWith('a') ? 0 : 1, setRoot: '.', format: 'pgshift', explicitFormat: false, direction: 'up', includeDown: false }),
  );
  const sizes = new Map(jobs.map((j) => [j.path, 100_000]));

  it('cuts the ordered files into contiguous chunks and marks the sets that cross a cut', () => {
    const chunks = planChunks(jobs, sizes, 2);
    // The worker's share is smaller by what its start-up costs.
    expect(chunks.map((c) => c.jobs.map((j) => j.path))).toEqual([['a1', 'a2', 'a3', 'b1', 'b2'], ['b3']]);
    expect(chunks.map((c) => [c.continuesEarlier, c.continuesLater])).toEqual([
      [false, true],
      [true, false],
    ]);
  });

  it('gives every worker the same share after its start-up', () => {
    const chunks = planChunks(jobs, sizes, 3);
    expect(chunks.map((c) => c.jobs.length)).toEqual([4, 1, 1]);
    expect(chunks.map((c) => [c.continuesEarlier, c.continuesLater])).toEqual([
      [false, true],
      [true, true],
      [true, false],
    ]);
  });
});

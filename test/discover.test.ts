import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileJobs } from '../src/lint/lint-set.js';
import { compareNatural, discoverMigrationSets, NoFilesError } from '../src/sources/discover.js';

function tree(files: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgshift-discover-'));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), 'SELECT 1;');
  }
  return dir;
}

describe('discoverMigrationSets', () => {
  it('finds a directory\'s *.sql files recursively, in natural order, skipping hidden entries and node_modules', async () => {
    const dir = tree(['db/10_c.sql', 'db/2_b.sql', 'db/1_a.sql', 'db/20240101_x/migration.sql', 'db/notes.txt', 'db/.draft.sql', 'db/.cache/3.sql', 'db/node_modules/p/4.sql']);
    const [set] = await discoverMigrationSets(['db'], dir);
    expect(set?.root).toBe(path.join(dir, 'db'));
    expect(set?.files.map((f) => path.relative(set.root, f))).toEqual(['1_a.sql', '2_b.sql', '10_c.sql', path.join('20240101_x', 'migration.sql')]);
  });

  it('makes each path argument a set and names migrations relative to it', async () => {
    const dir = tree(['a/1.sql', 'b/x/2.sql', 'b/x/10.sql', 'c/3.sql']);
    const sets = await discoverMigrationSets(['a', 'b/*/*.sql', 'c/3.sql'], dir);
    expect(fileJobs(sets).map((j) => [j.set, j.id])).toEqual([
      [0, '1.sql'],
      [1, 'x/2.sql'],
      [1, 'x/10.sql'],
      [2, '3.sql'],
    ]);
  });

  it('lists a file only once, in the first set that names it', async () => {
    const dir = tree(['m/1.sql', 'm/2.sql']);
    const sets = await discoverMigrationSets(['m/1.sql', 'm'], dir);
    expect(sets.map((s) => s.files.map((f) => path.basename(f)))).toEqual([['1.sql'], ['2.sql']]);
  });

  it('rejects a path or glob that matches nothing, but accepts an empty directory', async () => {
    const dir = tree(['empty/readme.txt']);
    await expect(discoverMigrationSets(['missing.sql'], dir)).rejects.toThrow(NoFilesError);
    await expect(discoverMigrationSets(['nothing/*.sql'], dir)).rejects.toThrow("No files matching 'nothing/*.sql' were found.");
    expect(await discoverMigrationSets(['empty'], dir)).toEqual([]);
  });

  it('compares names naturally', () => {
    expect(['10_x.sql', '2_x.sql', '1_x.sql', 'V1_10__a.sql', 'V1_9__a.sql'].sort(compareNatural)).toEqual(['1_x.sql', '2_x.sql', '10_x.sql', 'V1_9__a.sql', 'V1_10__a.sql']);
  });
});

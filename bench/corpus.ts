/**
 * npm run bench: lint every file of ../shared/corpus (one migration set per
 * project folder) in a fresh process, several times, and print files/s,
 * MB/s, wall time and peak memory.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const corpus = path.resolve(root, '..', 'shared', 'corpus');
const runs = Number(process.env.BENCH_RUNS ?? 7);

let projects: string[];
try {
  projects = readdirSync(corpus, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'LICENSES')
    .map((d) => path.join(corpus, d.name));
} catch {
  console.log(`bench skipped: ${corpus} is absent`);
  process.exit(0);
}

let files = 0;
let bytes = 0;
for (const dir of projects) {
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.sql')) continue;
    files++;
    bytes += statSync(path.join(dir, name)).size;
  }
}

const walls: number[] = [];
const rss: number[] = [];
for (let i = 0; i < runs; i++) {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [path.join(here, 'lint-once.js'), 'lint', '--format', 'json', ...projects], { encoding: 'utf8' });
  walls.push(Number(process.hrtime.bigint() - started) / 1e6);
  const report = JSON.parse(child.stderr.trim().split('\n').pop() ?? '{}') as { code?: number; maxRssKb?: number };
  if (report.code === undefined || report.code > 1) throw new Error(`lint failed: ${child.stderr}`);
  rss.push((report.maxRssKb ?? 0) / 1024);
}
const sorted = [...walls].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] as number;
const mb = bytes / 1e6;
console.log(`corpus: ${files} files, ${mb.toFixed(2)} MB, ${projects.length} migration sets`);
console.log(`wall: median ${median.toFixed(0)} ms, min ${(sorted[0] as number).toFixed(0)} ms, max ${(sorted[sorted.length - 1] as number).toFixed(0)} ms over ${runs} fresh processes`);
console.log(`throughput (median): ${(files / (median / 1000)).toFixed(0)} files/s, ${(mb / (median / 1000)).toFixed(2)} MB/s`);
console.log(`peak memory: ${Math.max(...rss).toFixed(0)} MB RSS`);

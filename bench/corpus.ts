/**
 * npm run bench: lint every file of ../shared/corpus in a fresh process,
 * several times, and print files/s, MB/s, wall time and peak memory; once with
 * one migration set per project folder (schema history carried across each
 * project's files) and once with every file as a set of its own, to show
 * what the history costs.
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

const files = projects.flatMap((dir) => readdirSync(dir).filter((name) => name.endsWith('.sql')).map((name) => path.join(dir, name)));
const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
const mb = bytes / 1e6;

interface Measured {
  median: number;
  min: number;
  max: number;
  rssMb: number;
}

/** Lint in fresh processes; wall time from spawn to exit, peak memory as the child reports it. */
function measure(args: string[]): Measured {
  const walls: number[] = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    // The bench runs pgshift from the corpus folder, where no pgshift.config.json applies.
    const child = spawnSync(process.execPath, [path.join(here, 'lint-once.js'), 'lint', '--format', 'json', ...args], { encoding: 'utf8', cwd: corpus, maxBuffer: 1 << 30 });
    walls.push(Number(process.hrtime.bigint() - started) / 1e6);
    const report = JSON.parse(child.stderr.trim().split('\n').pop() ?? '{}') as { code?: number; maxRssKb?: number };
    if (report.code === undefined || report.code > 1) throw new Error(`lint failed: ${child.stderr}`);
    rss = Math.max(rss, (report.maxRssKb ?? 0) / 1024);
  }
  const sorted = [...walls].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] as number, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, rssMb: rss };
}

function print(label: string, m: Measured): void {
  console.log(`${label}: median ${m.median.toFixed(0)} ms (min ${m.min.toFixed(0)}, max ${m.max.toFixed(0)}) over ${runs} fresh processes; ` +
    `${(files.length / (m.median / 1000)).toFixed(0)} files/s, ${(mb / (m.median / 1000)).toFixed(2)} MB/s; peak ${m.rssMb.toFixed(0)} MB RSS`);
}

console.log(`corpus: ${files.length} files, ${mb.toFixed(2)} MB, ${projects.length} projects`);
const perProject = measure(projects.map((p) => path.relative(corpus, p)));
print('one migration set per project', perProject);
const perFile = measure(files.map((f) => path.relative(corpus, f)));
print('every file a set of its own  ', perFile);
console.log(`schema history across files costs ${(perProject.median / perFile.median).toFixed(2)}x the time of linting the files one by one`);

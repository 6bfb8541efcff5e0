/**
 * npm run bench:runner: what `pgshift upgrade` adds per migration over plain
 * `psql -f` of the same files, against the same embedded PostgreSQL 18.
 *
 * For N small migrations (a table, an index on it, a column, each in its own
 * file), each is timed on fresh databases, several times: psql once per file
 * with `--single-transaction` (how a shell script applies migrations); one psql
 * session that runs every file in its own `BEGIN` … `COMMIT` (the least a
 * client can send); and `pgshift upgrade --url` once for the whole set (its
 * lint gate, ledger, advisory lock, settings and watcher included). Two sizes give the fixed cost
 * (start-up, lint) and the cost per migration apart: the per-migration
 * difference is the slope of pgshift's time minus the slope of psql's.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbedded } from '../src/runner/embedded.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const cli = path.join(root, 'bin', 'pgshift.js');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const sizes = [20, 100];

if (spawnSync('psql', ['--version']).status !== 0) {
  console.log('runner bench skipped: psql is not installed');
  process.exit(0);
}

function project(count: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), `pgshift-bench-${count}-`));
  chmodSync(dir, 0o755);
  mkdirSync(path.join(dir, 'migrations'));
  writeFileSync(path.join(dir, 'pgshift.config.json'), '{ "migrations": "migrations" }\n');
  for (let i = 1; i <= count; i++) {
    const name = String(i).padStart(4, '0');
    const table = `t${Math.ceil(i / 3)}`;
    const sql =
      i % 3 === 1
        ? `CREATE TABLE ${table} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text);\n`
        : i % 3 === 2
          ? `CREATE INDEX ${table}_v_idx ON ${table} (v);\n`
          : `ALTER TABLE ${table} ADD COLUMN w integer;\n`;
    writeFileSync(path.join(dir, 'migrations', `${name}_step.sql`), sql);
  }
  return dir;
}

type Tool = 'psql' | 'session' | 'pgshift';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function timed(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

const home = mkdtempSync(path.join(tmpdir(), 'pgshift-bench-pg-'));
chmodSync(home, 0o755);
const server = await startEmbedded({ home, persistent: false });
const admin = new pg.Client({ connectionString: server.url });
await admin.connect();
let databases = 0;
async function freshDatabase(): Promise<string> {
  const name = `bench_${++databases}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return url.toString();
}

try {
  const results: Record<'count' | Tool, number>[] = [];
  for (const count of sizes) {
    const dir = project(count);
    const files = Array.from({ length: count }, (_, i) => path.join(dir, 'migrations', `${String(i + 1).padStart(4, '0')}_step.sql`));
    const session = path.join(dir, 'all.psql');
    writeFileSync(session, files.map((file) => `BEGIN;\n\\i ${file}\nCOMMIT;\n`).join(''));
    const psqlTimes: number[] = [];
    const sessionTimes: number[] = [];
    const pgshiftTimes: number[] = [];
    for (let run = 0; run < runs; run++) {
      const forPsql = await freshDatabase();
      psqlTimes.push(
        timed(() => {
          for (const file of files) {
            const done = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-d', forPsql, '-f', file], { encoding: 'utf8' });
            if (done.status !== 0) throw new Error(`psql failed: ${done.stderr}`);
          }
        }),
      );
      const forSession = await freshDatabase();
      sessionTimes.push(
        timed(() => {
          const done = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', forSession, '-f', session], { encoding: 'utf8' });
          if (done.status !== 0) throw new Error(`psql failed: ${done.stderr}`);
        }),
      );
      const forPgshift = await freshDatabase();
      pgshiftTimes.push(
        timed(() => {
          const done = spawnSync(process.execPath, [cli, 'upgrade', '--url', forPgshift], { cwd: dir, encoding: 'utf8' });
          if (done.status !== 0) throw new Error(`pgshift upgrade failed: ${done.stdout}${done.stderr}`);
        }),
      );
    }
    rmSync(dir, { recursive: true, force: true });
    results.push({ count, psql: median(psqlTimes), session: median(sessionTimes), pgshift: median(pgshiftTimes) });
    console.log(`${count} migrations: psql -f per file ${median(psqlTimes).toFixed(0)} ms, one psql session ${median(sessionTimes).toFixed(0)} ms, pgshift upgrade ${median(pgshiftTimes).toFixed(0)} ms (medians of ${runs} runs)`);
  }
  const [small, large] = results as [(typeof results)[number], (typeof results)[number]];
  const slope = (key: Tool) => (large[key] - small[key]) / (large.count - small.count);
  const fixed = (key: Tool) => small[key] - slope(key) * small.count;
  console.log(`per migration: psql -f per file ${slope('psql').toFixed(1)} ms, one psql session ${slope('session').toFixed(1)} ms, pgshift ${slope('pgshift').toFixed(1)} ms`);
  console.log(`pgshift adds ${(slope('pgshift') - slope('psql')).toFixed(1)} ms per migration over psql -f per file, ${(slope('pgshift') - slope('session')).toFixed(1)} ms over one psql session`);
  console.log(`fixed cost per run: psql -f ${fixed('psql').toFixed(0)} ms, one psql session ${fixed('session').toFixed(0)} ms, pgshift ${fixed('pgshift').toFixed(0)} ms (node start-up, lint gate, connection, lock, ledger)`);
} finally {
  await admin.end();
  await server.stop();
  rmSync(home, { recursive: true, force: true });
}

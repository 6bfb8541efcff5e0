/**
 * Spread migration sets over worker threads. Parsing dominates the cost and a
 * set must be linted in order by one thread, so whole sets are the unit of
 * work, packed largest first onto the least loaded worker.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EngineConfig, RuleSetting } from '../engine/linter.js';
import type { LintResult } from '../engine/results.js';
import type { LintSettings } from '../engine/rule.js';

/** Below this much SQL, starting workers (about 60 ms each) costs more than it saves. */
const MIN_BYTES_FOR_WORKERS = 400_000;

export interface WireConfig {
  settings: LintSettings;
  rules: [string, RuleSetting][];
}

export interface WorkerInput {
  sets: string[][];
  config: WireConfig;
  baseDir: string;
}

export function engineConfigToWire(config: EngineConfig): WireConfig {
  return { settings: config.settings, rules: [...config.rules] };
}

export function engineConfigFromWire(wire: WireConfig): EngineConfig {
  return { settings: wire.settings, rules: new Map(wire.rules) };
}

/** Worker count for this input: 1 means lint in the calling thread. */
export function plannedWorkers(sets: readonly string[][], sizes: ReadonlyMap<string, number>): number {
  // Workers run compiled JavaScript; from TypeScript sources (tests) everything runs in-process.
  if (import.meta.url.endsWith('.ts')) return 1;
  const total = sets.flat().reduce((sum, f) => sum + (sizes.get(f) ?? 0), 0);
  if (total < MIN_BYTES_FOR_WORKERS) return 1;
  return Math.min(availableParallelism(), sets.length);
}

export function fileSizes(files: readonly string[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const f of files) {
    try {
      sizes.set(f, statSync(f).size);
    } catch {
      sizes.set(f, 0);
    }
  }
  return sizes;
}

/** Lint sets on `workers` threads; results come back in the order of `sets`. */
export async function lintInWorkers(sets: readonly string[][], sizes: ReadonlyMap<string, number>, workers: number, config: EngineConfig, baseDir: string): Promise<LintResult[][]> {
  const bins = Array.from({ length: workers }, () => ({ load: 0, indexes: [] as number[] }));
  const order = sets.map((files, index) => ({ index, size: files.reduce((s, f) => s + (sizes.get(f) ?? 0), 0) })).sort((a, b) => b.size - a.size);
  for (const { index, size } of order) {
    const bin = bins.reduce((least, b) => (b.load < least.load ? b : least));
    bin.load += size;
    bin.indexes.push(index);
  }
  const wire = engineConfigToWire(config);
  const perBin = await Promise.all(
    bins
      .filter((bin) => bin.indexes.length > 0)
      .map(async (bin) => {
        const input: WorkerInput = { sets: bin.indexes.map((i) => sets[i] as string[]), config: wire, baseDir };
        const results = await runWorker(input);
        return bin.indexes.map((setIndex, k) => ({ setIndex, results: results[k] as LintResult[] }));
      }),
  );
  const out: LintResult[][] = new Array(sets.length);
  for (const { setIndex, results } of perBin.flat()) out[setIndex] = results;
  return out;
}

function runWorker(input: WorkerInput): Promise<LintResult[][]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: input });
    let settled = false;
    worker.once('message', (results: LintResult[][]) => {
      settled = true;
      resolve(results);
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`lint worker exited with code ${code}`));
    });
  });
}

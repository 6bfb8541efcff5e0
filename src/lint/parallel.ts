/**
 * Spreading a lint over the machine's cores. Parsing is nearly all the cost
 * and needs no history, so the ordered list of all files is cut into one
 * contiguous chunk per thread, balanced by bytes; the calling thread takes the
 * first chunk and worker threads the rest. A set cut between two chunks is
 * finished by the later thread once the earlier one hands over its schema
 * state, so results are exactly those of a sequential lint.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { EngineConfig, RuleSetting, SetState } from '../engine/linter.js';
import type { LintResult } from '../engine/results.js';
import type { LintSettings, Rule } from '../engine/rule.js';
import { type Chunk, type FileJob, type Handover, lintChunk } from './chunk.js';

/** Below this much SQL a worker's start-up (about 80 ms) costs more than it saves. */
const MIN_BYTES_FOR_WORKERS = 300_000;

export interface WireConfig {
  settings: LintSettings;
  rules: [string, RuleSetting][];
}

export interface WorkerInput {
  chunk: Chunk;
  config: WireConfig;
  baseDir: string;
  previous: MessagePort | undefined;
  next: MessagePort | undefined;
}

export function engineConfigToWire(config: EngineConfig): WireConfig {
  return { settings: config.settings, rules: [...config.rules] };
}

export function engineConfigFromWire(wire: WireConfig): EngineConfig {
  return { settings: wire.settings, rules: new Map(wire.rules) };
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

/** How many threads this input deserves: 1 means lint in the calling thread only. */
export function plannedThreads(totalBytes: number, fileCount: number): number {
  // Workers run compiled JavaScript; from TypeScript sources (the test runner) everything stays in-process.
  if (import.meta.url.endsWith('.ts')) return 1;
  if (totalBytes < MIN_BYTES_FOR_WORKERS) return 1;
  return Math.max(1, Math.min(availableParallelism(), fileCount));
}

/** Contiguous chunks of the ordered jobs with roughly equal bytes each. */
export function planChunks(jobs: readonly FileJob[], sizes: ReadonlyMap<string, number>, threads: number): Chunk[] {
  const total = jobs.reduce((sum, j) => sum + (sizes.get(j.path) ?? 0), 0);
  const chunks: FileJob[][] = [[]];
  let filled = 0;
  for (const job of jobs) {
    const current = chunks[chunks.length - 1] as FileJob[];
    // Close the chunk once it holds its share of the bytes.
    if (current.length > 0 && chunks.length < threads && filled >= (total * chunks.length) / threads) chunks.push([]);
    (chunks[chunks.length - 1] as FileJob[]).push(job);
    filled += sizes.get(job.path) ?? 0;
  }
  return chunks.map((c, i) => ({
    jobs: c,
    continuesEarlier: i > 0 && chunks[i - 1]?.[chunks[i - 1]!.length - 1]?.set === c[0]?.set,
    continuesLater: i < chunks.length - 1 && chunks[i + 1]?.[0]?.set === c[c.length - 1]?.set,
  }));
}

function portHandover(previous: MessagePort | undefined, next: MessagePort | undefined): Handover {
  return {
    receive: () =>
      new Promise((resolve, reject) => {
        if (!previous) return reject(new Error('no previous chunk to receive a set state from'));
        previous.once('message', (state: SetState) => resolve(state));
      }),
    send: (state) => {
      if (!next) throw new Error('no next chunk to hand a set state to');
      next.postMessage(state);
    },
  };
}

/** Lint the sets on `threads` threads; results in the order of the files. */
export async function lintInParallel(sets: readonly string[][], sizes: ReadonlyMap<string, number>, threads: number, rules: readonly Rule[], config: EngineConfig, baseDir: string): Promise<LintResult[]> {
  const jobs = sets.flatMap((files, set) => files.map((path) => ({ path, set })));
  const chunks = planChunks(jobs, sizes, threads);
  const channels = chunks.slice(1).map(() => new MessageChannel());
  const wire = engineConfigToWire(config);

  // Start the workers before the calling thread gets busy with its own chunk.
  const workerResults = chunks.slice(1).map((chunk, i) => {
    const previous = channels[i]?.port2;
    const next = channels[i + 1]?.port1;
    const input: WorkerInput = { chunk, config: wire, baseDir, previous, next };
    return runWorker(input, [previous, next].filter((p): p is MessagePort => p !== undefined));
  });
  const first = chunks[0] as Chunk;
  const own = await lintChunk(first, rules, config, baseDir, portHandover(undefined, channels[0]?.port1));
  const rest = await Promise.all(workerResults);
  for (const channel of channels) {
    channel.port1.close();
    channel.port2.close();
  }
  return [own, ...rest].flat();
}

function runWorker(input: WorkerInput, transfer: MessagePort[]): Promise<LintResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: input, transferList: transfer });
    let settled = false;
    worker.once('message', (results: LintResult[]) => {
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

export { portHandover };

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

/**
 * Threads to lint with. V8 already keeps a second core busy with concurrent
 * garbage collection and compilation for the main thread (on a 2-core machine
 * a second lint thread measured slower than one), so one core per machine is
 * left to it. PGSHIFT_THREADS sets the number outright.
 */
export function availableThreads(): number {
  // Workers run compiled JavaScript; from TypeScript sources (the test runner) everything stays in-process.
  if (import.meta.url.endsWith('.ts')) return 1;
  const explicit = explicitThreads();
  return explicit ?? Math.max(1, availableParallelism() - 1);
}

function explicitThreads(): number | undefined {
  const value = Number.parseInt(process.env.PGSHIFT_THREADS ?? '', 10);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/** How many threads this input deserves: 1 means lint in the calling thread only. */
export function plannedThreads(totalBytes: number, fileCount: number): number {
  if (totalBytes < MIN_BYTES_FOR_WORKERS && explicitThreads() === undefined) return 1;
  return Math.max(1, Math.min(availableThreads(), fileCount));
}

/**
 * Estimated cost of a file in bytes of SQL: parsing grows with the bytes,
 * and each file adds a fixed cost (reading it, creating every rule, building
 * its result) worth about this many bytes.
 */
const PER_FILE_COST = 1_500;
/** A worker spends its first ~80 ms starting up and compiling; the calling thread uses them on its own share. */
const WORKER_START_COST = 250_000;

/** Contiguous chunks of the ordered jobs, each worth about the same time to lint. */
export function planChunks(jobs: readonly FileJob[], sizes: ReadonlyMap<string, number>, threads: number): Chunk[] {
  const cost = (job: FileJob) => (sizes.get(job.path) ?? 0) + PER_FILE_COST;
  // Every chunk after the first pays the start-up; spread evenly, that makes the first chunk bigger.
  const total = jobs.reduce((sum, j) => sum + cost(j), 0) + WORKER_START_COST * (threads - 1);
  const share = total / threads;
  const chunks: FileJob[][] = [[]];
  let filled = 0;
  for (const job of jobs) {
    const current = chunks[chunks.length - 1] as FileJob[];
    const boundary = share * chunks.length - WORKER_START_COST * (chunks.length - 1);
    if (current.length > 0 && chunks.length < threads && filled >= boundary) chunks.push([]);
    (chunks[chunks.length - 1] as FileJob[]).push(job);
    filled += cost(job);
  }
  return chunks.map((c, i) => ({
    jobs: c,
    continuesEarlier: i > 0 && chunks[i - 1]?.[chunks[i - 1]!.length - 1]?.set === c[0]?.set,
    continuesLater: i < chunks.length - 1 && chunks[i + 1]?.[0]?.set === c[c.length - 1]?.set,
  }));
}

export function portHandover(previous: MessagePort | undefined, next: MessagePort | undefined): Handover {
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

/**
 * Worker threads started ahead of need: a worker spends its first ~100 ms
 * loading pgshift and compiling the parser, which can overlap with finding
 * the files. Workers that get no chunk are terminated.
 */
export class WorkerPool {
  readonly #workers: Worker[];

  constructor(count: number) {
    this.#workers = Array.from({ length: count }, () => new Worker(new URL('./worker.js', import.meta.url)));
  }

  get size(): number {
    return this.#workers.length;
  }

  run(index: number, input: WorkerInput, transfer: MessagePort[]): Promise<LintResult[][]> {
    const worker = this.#workers[index];
    if (!worker) throw new Error(`no lint worker ${index}`);
    return new Promise((resolve, reject) => {
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
      worker.postMessage(input, transfer);
    });
  }

  /** Stop the workers (those that finished exit on their own). */
  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}

/** Lint the sets on the calling thread and the pool's workers; the results of each job, in the order of the jobs. */
export async function lintInParallel(jobs: readonly FileJob[], sizes: ReadonlyMap<string, number>, pool: WorkerPool, rules: readonly Rule[], config: EngineConfig): Promise<LintResult[][]> {
  const chunks = planChunks(jobs, sizes, pool.size + 1);
  const channels = chunks.slice(1).map(() => new MessageChannel());
  const wire = engineConfigToWire(config);

  // Hand the workers their chunks before the calling thread gets busy with its own.
  const workerResults = chunks.slice(1).map((chunk, i) => {
    const previous = channels[i]?.port2;
    const next = channels[i + 1]?.port1;
    const input: WorkerInput = { chunk, config: wire, previous, next };
    return pool.run(i, input, [previous, next].filter((p): p is MessagePort => p !== undefined));
  });
  const first = chunks[0] as Chunk;
  try {
    const own = await lintChunk(first, rules, config, portHandover(undefined, channels[0]?.port1));
    const rest = await Promise.all(workerResults);
    return [own, ...rest].flat();
  } finally {
    for (const channel of channels) {
      channel.port1.close();
      channel.port2.close();
    }
  }
}

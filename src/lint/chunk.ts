/**
 * One thread's share of a parallel lint: a contiguous run of files from the
 * ordered list of all sets. Sets that start and end inside the chunk are
 * linted as they are parsed. The set the chunk begins in the middle of is
 * parsed first and linted once the previous chunk hands over that set's
 * schema state; the set the chunk ends in the middle of is handed on.
 */
import { MigrationSetLinter, type EngineConfig, type SetState } from '../engine/linter.js';
import type { LintResult } from '../engine/results.js';
import type { Rule } from '../engine/rule.js';
import type { ReleaseRef } from '../model/schema.js';
import type { Direction, FormatId } from '../sources/formats/index.js';
import { lintPreparedFile, prepareFile, type PreparedFile } from './lint-set.js';

/** One file to lint, as plain data that can go to another thread. */
export interface FileJob {
  path: string;
  /** the migration's id: its path relative to its set's folder */
  id: string;
  /** index of the file's set */
  set: number;
  /** the set's folder */
  setRoot: string;
  /** the set's format */
  format: FormatId;
  /** the format was configured, not detected: markers inside the file do not change it */
  explicitFormat: boolean;
  direction: Direction;
  /** for a down file, the id of the up migration it undoes */
  undoes?: string;
  /** lint down migrations too */
  includeDown: boolean;
  /** the tool never runs the file, and why: it gets a warning instead of a lint */
  ignored?: string;
  /** the release it ships in, from the configuration */
  release?: ReleaseRef | undefined;
}

export interface Chunk {
  jobs: FileJob[];
  /** the first set began in an earlier chunk: wait for its state */
  continuesEarlier: boolean;
  /** the last set goes on in a later chunk: hand its state on */
  continuesLater: boolean;
}

export interface Handover {
  receive(): Promise<SetState>;
  send(state: SetState): void;
}

/** The results of each job of the chunk, in order. */
export async function lintChunk(chunk: Chunk, rules: readonly Rule[], config: EngineConfig, handover: Handover): Promise<LintResult[][]> {
  const { jobs } = chunk;
  const results = new Array<LintResult[]>(jobs.length);
  const firstSet = jobs[0]?.set;
  const lastSet = jobs[jobs.length - 1]?.set;
  let k = 0;

  const held: PreparedFile[] = [];
  if (chunk.continuesEarlier) {
    for (; k < jobs.length && jobs[k]?.set === firstSet; k++) held.push(prepareFile(jobs[k] as FileJob));
  }
  const heldCount = k;

  let linter: MigrationSetLinter | undefined;
  for (; k < jobs.length; k++) {
    const job = jobs[k] as FileJob;
    if (k === heldCount || job.set !== jobs[k - 1]?.set) linter = new MigrationSetLinter(rules, config);
    results[k] = lintPreparedFile(linter as MigrationSetLinter, prepareFile(job), rules, config);
    const endsSet = k === jobs.length - 1;
    if (endsSet && chunk.continuesLater && job.set === lastSet) handover.send((linter as MigrationSetLinter).exportState());
  }

  if (chunk.continuesEarlier) {
    const continued = new MigrationSetLinter(rules, config, await handover.receive());
    held.forEach((prepared, i) => (results[i] = lintPreparedFile(continued, prepared, rules, config)));
    // A set spanning the whole chunk goes on to the next one.
    if (heldCount === jobs.length && chunk.continuesLater) handover.send(continued.exportState());
  }
  return results;
}

/**
 * Reading migrations and linting them in set order. A set (the migrations of
 * one history) is linted by one linter so the schema model carries across
 * files; chunks of a set may be parsed on other threads ahead of time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MigrationSetLinter, prepareMigration, type EngineConfig, type MigrationSource, type PreparedMigration, type SetState } from '../engine/linter.js';
import { fatalResult, type LintResult } from '../engine/results.js';
import type { Rule } from '../engine/rule.js';
import { SourceText } from '../parse/source-text.js';
import { decodeMigration } from '../sources/decode.js';
import type { ReleasesConfig } from '../config/config.js';
import type { ReleaseRef } from '../model/schema.js';
import type { MigrationSet } from '../sources/discover.js';
import { assignReleases } from '../sources/releases.js';
import type { FileJob } from './chunk.js';

/** A migration's id: its path relative to its set's folder, with forward slashes. */
export function migrationId(filePath: string, setRoot: string): string {
  return path.relative(setRoot, filePath).split(path.sep).join('/');
}

/** The files of the sets in apply order (by release, then natural order), each with its set's index, its id and its release. */
export function fileJobs(sets: readonly MigrationSet[], releases?: ReleasesConfig, baseDir = ''): FileJob[] {
  const released = assignReleases(sets, releases, baseDir);
  return sets.flatMap((set, index) =>
    (released[index] ?? []).map(({ path: file, release }) => ({ path: file, id: migrationId(file, set.root), set: index, release })),
  );
}

/** Bytes to a migration source; invalid UTF-8 is a fatal result instead. */
export function sourceFromBytes(bytes: Uint8Array, id: string, filePath: string, release?: ReleaseRef): MigrationSource | LintResult {
  const decoded = decodeMigration(bytes);
  if (decoded.ok) return { id, filePath, text: decoded.text, ...(release ? { release } : {}) };
  const before = new SourceText(new TextDecoder().decode(bytes.subarray(0, decoded.byteOffset)));
  return fatalResult(filePath, decoded.message, before.positionAt(before.text.length));
}

/** Read and parse one file; what cannot be read or decoded is a fatal result. */
export function prepareFile({ path: filePath, id, release }: FileJob): PreparedMigration | LintResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(filePath);
  } catch (error) {
    return fatalResult(filePath, `cannot read the file: ${(error as Error).message}`, { line: 1, column: 1 });
  }
  const source = sourceFromBytes(bytes, id, filePath, release);
  return 'text' in source ? prepareMigration(source) : source;
}

export function isResult(value: PreparedMigration | LintResult): value is LintResult {
  return 'messages' in value;
}

export function lintPreparedWith(linter: MigrationSetLinter, prepared: PreparedMigration | LintResult): LintResult {
  return isResult(prepared) ? prepared : linter.lintPrepared(prepared);
}

/** The jobs grouped by set, in order. */
export function jobsBySet(jobs: readonly FileJob[]): FileJob[][] {
  const sets: FileJob[][] = [];
  for (const job of jobs) (sets[job.set] ??= []).push(job);
  return sets.filter((set) => set !== undefined);
}

/** Lint the jobs of one set in order, in this thread. */
export function lintSetFiles(jobs: readonly FileJob[], rules: readonly Rule[], config: EngineConfig, state?: SetState): LintResult[] {
  const linter = new MigrationSetLinter(rules, config, state);
  return jobs.map((job) => lintPreparedWith(linter, prepareFile(job)));
}

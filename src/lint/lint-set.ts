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

/** A migration's id: its path relative to the project, with forward slashes. */
export function migrationId(filePath: string, baseDir: string): string {
  return path.relative(baseDir, filePath).split(path.sep).join('/');
}

/** Bytes to a migration source; invalid UTF-8 is a fatal result instead. */
export function sourceFromBytes(bytes: Uint8Array, id: string, filePath: string): MigrationSource | LintResult {
  const decoded = decodeMigration(bytes);
  if (decoded.ok) return { id, filePath, text: decoded.text };
  const before = new SourceText(new TextDecoder().decode(bytes.subarray(0, decoded.byteOffset)));
  return fatalResult(filePath, decoded.message, before.positionAt(before.text.length));
}

/** Read and parse one file; what cannot be read or decoded is a fatal result. */
export function prepareFile(filePath: string, baseDir: string): PreparedMigration | LintResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(filePath);
  } catch (error) {
    return fatalResult(filePath, `cannot read the file: ${(error as Error).message}`, { line: 1, column: 1 });
  }
  const source = sourceFromBytes(bytes, migrationId(filePath, baseDir), filePath);
  return 'text' in source ? prepareMigration(source) : source;
}

export function isResult(value: PreparedMigration | LintResult): value is LintResult {
  return 'messages' in value;
}

export function lintPreparedWith(linter: MigrationSetLinter, prepared: PreparedMigration | LintResult): LintResult {
  return isResult(prepared) ? prepared : linter.lintPrepared(prepared);
}

export function lintSetFiles(files: readonly string[], rules: readonly Rule[], config: EngineConfig, baseDir: string, state?: SetState): LintResult[] {
  const linter = new MigrationSetLinter(rules, config, state);
  return files.map((file) => lintPreparedWith(linter, prepareFile(file, baseDir)));
}

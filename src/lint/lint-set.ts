/**
 * Lint one migration set, file by file in order, with one schema model
 * shared across the set. Used in the main thread and in worker threads alike.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MigrationSetLinter, type EngineConfig } from '../engine/linter.js';
import { fatalResult, type LintResult } from '../engine/results.js';
import type { Rule } from '../engine/rule.js';
import { SourceText } from '../parse/source-text.js';
import { decodeMigration } from '../sources/decode.js';

/** A migration's id: its path relative to the project, with forward slashes. */
export function migrationId(filePath: string, baseDir: string): string {
  return path.relative(baseDir, filePath).split(path.sep).join('/');
}

export function lintSetFiles(files: readonly string[], rules: readonly Rule[], config: EngineConfig, baseDir: string): LintResult[] {
  const linter = new MigrationSetLinter(rules, config);
  return files.map((filePath) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(filePath);
    } catch (error) {
      return fatalResult(filePath, `cannot read the file: ${(error as Error).message}`, { line: 1, column: 1 });
    }
    return lintBytes(linter, bytes, migrationId(filePath, baseDir), filePath);
  });
}

/** Lint a migration given as bytes (a file, standard input): invalid UTF-8 is one fatal message. */
export function lintBytes(linter: MigrationSetLinter, bytes: Uint8Array, id: string, filePath: string): LintResult {
  const decoded = decodeMigration(bytes);
  if (!decoded.ok) {
    const before = new SourceText(new TextDecoder().decode(bytes.subarray(0, decoded.byteOffset)));
    return fatalResult(filePath, decoded.message, before.positionAt(before.text.length));
  }
  return linter.lint({ id, filePath, text: decoded.text });
}

/**
 * goose (pressly/goose): one file holds `-- +goose Up` and optionally
 * `-- +goose Down`. goose runs a file in one transaction, or with
 * `-- +goose NO TRANSACTION` anywhere in it, each statement on its own. goose
 * cuts statements at lines, not at semicolons: a statement ends on a line whose
 * last word ends in `;`, so statements that share a line are sent as one query,
 * and so is a `-- +goose StatementBegin` … `StatementEnd` block. Annotations
 * are whole lines starting with `--`, matched case-insensitively.
 */
import type { RunnerInfo, TransactionPlan } from '../../engine/rule.js';
import type { Range } from '../../parse/source-text.js';
import { migrationUnit, type MigrationFormat, type ReadOutcome } from './format.js';
import { keepOnly, linesOf, type Line } from './text.js';

const NO_TRANSACTION = '-- +goose NO TRANSACTION';

export const GOOSE_RUNNER: RunnerInfo = {
  tool: 'goose',
  outsideTransaction: `a migration of its own marked \`${NO_TRANSACTION}\``,
  optOut: { instruction: `Add \`${NO_TRANSACTION}\` above \`-- +goose Up\``, edit: { range: [0, 0], text: `${NO_TRANSACTION}\n` }, singleQuery: false },
};

/** The annotation a line holds, lower-cased (`up`, `no transaction`, …), or undefined. */
export function gooseAnnotation(line: string): string | undefined {
  const match = /^--\s*\+goose\s+(.*?)\s*$/i.exec(line);
  return match ? (match[1] as string).toLowerCase().replace(/\s+/g, ' ') : undefined;
}

export function hasGooseUp(text: string): boolean {
  return /^--\s*\+goose\s+up\s*$/im.test(text);
}

export const gooseFormat: MigrationFormat = {
  id: 'goose',
  tool: 'goose',
  // goose runs every top-level `<version>_<name>.sql`; up and down live in the same file.
  select: (files) => files.map((path) => ({ path, direction: 'up' })),
  read(file, { includeDown }): ReadOutcome {
    const lines = linesOf(file.text);
    const annotated = lines.flatMap((line) => {
      const annotation = gooseAnnotation(line.text);
      return annotation === undefined ? [] : [{ line, annotation }];
    });
    const up = annotated.find((a) => a.annotation === 'up')?.line;
    if (!up) return { fatal: 'goose needs a `-- +goose Up` line before the statements of the migration; it refuses this file.', index: 0 };
    // goose reads only comments and blank lines above `-- +goose Up`.
    const early = lines.find((line) => line.start < up.start && line.text.trim() !== '' && !line.text.trim().startsWith('--'));
    if (early) return { fatal: 'goose needs the statements of the migration below `-- +goose Up`; it refuses a file with SQL above it.', index: early.start };
    const down = annotated.find((a) => a.annotation === 'down' && a.line.start > up.start)?.line;
    const noTransaction = annotated.some((a) => a.annotation === 'no transaction');
    const plan: TransactionPlan = noTransaction
      ? { mode: 'none', declaredAutocommit: true, declaredBy: `\`${NO_TRANSACTION}\``, sentTogether: queriesSent(lines) }
      : { mode: 'wrapped', declaredAutocommit: false };
    const end = down?.start ?? file.text.length;
    const units = [migrationUnit(file, { text: keepOnly(file.text, [0, end]), transaction: plan, runner: GOOSE_RUNNER })];
    if (includeDown && down) {
      // Comments before `-- +goose Up` (pgshift directives among them) belong to both parts.
      units.push(migrationUnit(file, { text: keepOnly(file.text, [0, file.text.length], [[up.start, down.start]]), label: 'down', direction: 'down', reverts: true, transaction: plan, runner: GOOSE_RUNNER }));
    }
    return { units };
  },
};

/**
 * The text of each query goose sends: a StatementBegin … StatementEnd block,
 * or the lines from a statement's first one (comments and blank lines before
 * it are dropped) to the first that ends in `;`.
 */
function queriesSent(lines: readonly Line[]): Range[] {
  const queries: Range[] = [];
  let block: Line | undefined;
  let start: number | undefined;
  for (const line of lines) {
    const annotation = gooseAnnotation(line.text);
    if (annotation === 'statementbegin') {
      block = line;
      start = undefined;
    } else if (annotation === 'statementend') {
      if (block) queries.push([block.next, line.start]);
      block = undefined;
    } else if (block === undefined && annotation === undefined) {
      if (start === undefined && (line.text === '' || line.text.trim().startsWith('--'))) continue;
      start ??= line.start;
      if (endsWithSemicolon(line.text)) {
        queries.push([start, line.end]);
        start = undefined;
      }
    }
  }
  return queries;
}

/** goose's test for the end of a statement: the last word before a `--` word ends in `;`. */
function endsWithSemicolon(line: string): boolean {
  const words = line.split(/\s+/).filter((word) => word !== '');
  const comment = words.findIndex((word) => word.startsWith('--'));
  return (comment < 0 ? words : words.slice(0, comment)).at(-1)?.endsWith(';') ?? false;
}

/**
 * goose (pressly/goose): one file holds `-- +goose Up` and optionally
 * `-- +goose Down`. goose runs a file in one transaction, or with
 * `-- +goose NO TRANSACTION` anywhere in it, each statement on its own; a
 * `-- +goose StatementBegin` … `StatementEnd` block is sent as one query.
 * Annotations are whole lines starting with `--`, matched case-insensitively.
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
    const down = annotated.find((a) => a.annotation === 'down' && a.line.start > up.start)?.line;
    const noTransaction = annotated.some((a) => a.annotation === 'no transaction');
    const blocks = statementBlocks(annotated);
    const plan: TransactionPlan = noTransaction
      ? { mode: 'none', declaredAutocommit: true, declaredBy: `\`${NO_TRANSACTION}\``, sentTogether: blocks }
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

/** The text between each StatementBegin and StatementEnd: goose sends it as one query. */
function statementBlocks(annotated: { line: Line; annotation: string }[]): Range[] {
  const blocks: Range[] = [];
  let begin: Line | undefined;
  for (const { line, annotation } of annotated) {
    if (annotation === 'statementbegin') begin = line;
    else if (annotation === 'statementend' && begin) {
      blocks.push([begin.next, line.start]);
      begin = undefined;
    }
  }
  return blocks;
}

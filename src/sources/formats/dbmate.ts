/**
 * dbmate (amacneil/dbmate): a file holds `-- migrate:up` and `-- migrate:down`
 * sections, and newer dbmate allows several up/down pairs per file. Each
 * section runs in its own transaction, or with `transaction:false` on its
 * marker line, as one query string without one: Postgres then runs a section
 * of two or more statements in one implicit transaction.
 */
import type { RunnerInfo, TransactionPlan } from '../../engine/rule.js';
import { migrationUnit, type FileToRead, type MigrationFormat, type MigrationUnit, type ReadOutcome } from './format.js';
import type { Range } from '../../parse/source-text.js';
import { keepOnly, linesOf, type Line } from './text.js';

/** dbmate's own marker expressions, applied line by line. */
const UP = /^--\s*migrate:up(\s*$|\s+\S+)/;
const DOWN = /^--\s*migrate:down(\s*$|\s+\S+)/;

export function hasDbmateUp(text: string): boolean {
  return /^--\s*migrate:up(\s*$|\s+\S+)/m.test(text);
}

/** The advice for a section: a down section has its own marker line and its own `transaction:false`. */
function runnerFor(marker: Line, direction: 'up' | 'down'): RunnerInfo {
  return {
    tool: 'dbmate',
    outsideTransaction: `a migration of its own whose \`-- migrate:${direction}\` line ends in \`transaction:false\`, holding only that statement (dbmate sends such a section as one query)`,
    optOut: { instruction: `Add \`transaction:false\` to its \`-- migrate:${direction}\` line`, edit: { range: [marker.end, marker.end], text: ' transaction:false' }, singleQuery: true },
  };
}

/** The `key:value` options after a marker; dbmate turns the transaction off only for exactly `transaction:false`. */
function planFor(marker: Line, direction: 'up' | 'down'): TransactionPlan {
  const options = marker.text.replace(/^--\s*migrate:(up|down)/, '').trim().split(/\s+/);
  return options.includes('transaction:false')
    ? { mode: 'single-query', declaredAutocommit: true, declaredBy: `\`transaction:false\` on its \`-- migrate:${direction}\` line` }
    : { mode: 'wrapped', declaredAutocommit: false };
}

export const dbmateFormat: MigrationFormat = {
  id: 'dbmate',
  tool: 'dbmate',
  select: (files) => files.map((path) => ({ path, direction: 'up' })),
  read(file, { includeDown }): ReadOutcome {
    const lines = linesOf(file.text);
    const ups = lines.filter((line) => UP.test(line.text));
    if (ups.length === 0) return { fatal: 'dbmate needs a `-- migrate:up` line before the statements of the migration; it refuses this file.', index: 0 };
    const units: MigrationUnit[] = [];
    // Comments before the first section (pgshift directives among them) belong to every section.
    const preamble = ups[0]?.start ?? 0;
    // dbmate allows only comments and blank lines there.
    const early = lines.find((line) => line.start < preamble && line.text.trim() !== '' && !line.text.trim().startsWith('--'));
    if (early) return { fatal: 'dbmate does not run statements above the first `-- migrate:up` line; it refuses this file.', index: early.start };
    for (const [i, up] of ups.entries()) {
      const sectionEnd = ups[i + 1]?.start ?? file.text.length;
      const [down, secondDown] = lines.filter((line) => line.start > up.start && line.start < sectionEnd && DOWN.test(line.text));
      if (!down) return { fatal: 'dbmate needs a `-- migrate:down` line after `-- migrate:up`, even for an empty down migration; it refuses this file.', index: up.start };
      if (secondDown) return { fatal: 'dbmate needs a `-- migrate:up` line before each `-- migrate:down` line; it refuses this file.', index: secondDown.start };
      const number = ups.length > 1 ? `${i + 1}` : undefined;
      const id = number === undefined ? file.id : `${file.id}#${number}`;
      units.push(section(file, { marker: up, kept: [0, down.start], blank: [preamble, up.start], id, label: number, direction: 'up' }));
      if (includeDown) {
        const label = number === undefined ? 'down' : `${number}.down`;
        units.push(section(file, { marker: down, kept: [0, sectionEnd], blank: [preamble, down.start], id: `${id}#down`, label, direction: 'down' }));
      }
    }
    return { units };
  },
};

interface Section {
  marker: Line;
  kept: Range;
  blank: Range;
  id: string;
  label: string | undefined;
  direction: 'up' | 'down';
}

function section(file: FileToRead, { marker, kept, blank, id, label, direction }: Section): MigrationUnit {
  return migrationUnit(file, {
    id,
    text: keepOnly(file.text, kept, [blank]),
    ...(label === undefined ? {} : { label }),
    direction,
    reverts: direction === 'down',
    transaction: planFor(marker, direction),
    runner: runnerFor(marker, direction),
  });
}

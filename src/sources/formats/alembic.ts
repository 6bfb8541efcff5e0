/**
 * Alembic's offline SQL (`alembic upgrade --sql`): one script for a whole run,
 * cut into revisions at the `-- Running upgrade <from> -> <to>` comments that
 * Alembic prints. The BEGIN and COMMIT it prints are the transactions, and they
 * span revisions: one transaction for the whole run by default, one per
 * revision with `transaction_per_migration` (its BEGIN printed just before the
 * revision's comment), and COMMIT … BEGIN around an `autocommit_block()`.
 * The statements that keep the version table are Alembic's, not the user's:
 * they are blanked out before linting.
 */
import type { RunnerInfo, TransactionPlan } from '../../engine/rule.js';
import { asNode } from '../../parse/ast.js';
import { parseStatements, type Statement } from '../../parse/parse-sql.js';
import { SourceText, type Range } from '../../parse/source-text.js';
import { migrationUnit, type Direction, type FileToRead, type MigrationFormat, type MigrationUnit, type ReadOutcome } from './format.js';
import { keepOnly, linesOf } from './text.js';

export const ALEMBIC_RUNNER: RunnerInfo = {
  tool: 'Alembic',
  outsideTransaction: 'an `autocommit_block()` of its revision (`with op.get_context().autocommit_block():`), which Alembic prints between a COMMIT and a BEGIN',
};

const SCRIPT: TransactionPlan = { mode: 'script', declaredAutocommit: false };

/** `-- Running upgrade <from> -> <to>`; merge points list several revisions separated by commas. */
const RUNNING = /^-- Running (upgrade|downgrade) (.*?) -> (.*?)\s*$/;

export function isAlembicOutput(text: string): boolean {
  return /^-- Running (upgrade|downgrade) .*? -> /m.test(text);
}

interface Revision {
  direction: Direction;
  from: string;
  to: string;
  /** where the revision's text starts: its comment, or the BEGIN Alembic printed just before it */
  start: number;
}

export const alembicFormat: MigrationFormat = {
  id: 'alembic',
  tool: 'Alembic',
  select: (files) => files.map((path) => ({ path, direction: 'up' })),
  read(file, { includeDown }): ReadOutcome {
    const parsed = parseStatements(new SourceText(file.text));
    // Text Postgres cannot parse is reported as it stands, as one migration.
    if (!parsed.ok) return { units: [migrationUnit(file, { transaction: SCRIPT, runner: ALEMBIC_RUNNER })] };
    const revisions = revisionsOf(file.text, parsed.statements);
    if (revisions.some((r) => r.direction === 'down') && !includeDown) {
      return { skipped: 'This is Alembic downgrade output; pgshift lints downgrades only with --include-down.' };
    }
    if (revisions.length === 0) return { units: [migrationUnit(file, { transaction: SCRIPT, runner: ALEMBIC_RUNNER })] };
    const bookkeeping = versionTableStatements(file.text, parsed.statements);
    const units: MigrationUnit[] = revisions.map((revision, i) => {
      const end = revisions[i + 1]?.start ?? file.text.length;
      // The first revision also holds what Alembic printed before it: the first BEGIN and the version table.
      const start = i === 0 ? 0 : revision.start;
      const stream = revisions.length === 1 ? 'only' : i === 0 ? 'first' : i === revisions.length - 1 ? 'last' : 'next';
      return unitFor(file, revision, keepOnly(file.text, [start, end], bookkeeping), stream);
    });
    return { units };
  },
};

function unitFor(file: FileToRead, revision: Revision, text: string, stream: MigrationUnit['stream']): MigrationUnit {
  // A downgrade is named after the revision it takes away.
  const id = revision.direction === 'up' ? revision.to : `${revision.from}.down`;
  return migrationUnit(file, {
    id,
    label: id,
    text,
    direction: revision.direction,
    reverts: false,
    transaction: SCRIPT,
    runner: ALEMBIC_RUNNER,
    ...(stream ? { stream } : {}),
  });
}

function revisionsOf(text: string, statements: readonly Statement[]): Revision[] {
  const revisions: Revision[] = [];
  for (const line of linesOf(text)) {
    const match = RUNNING.exec(line.text);
    if (!match) continue;
    const direction: Direction = match[1] === 'upgrade' ? 'up' : 'down';
    revisions.push({ direction, from: (match[2] as string).trim(), to: (match[3] as string).trim(), start: beginBefore(text, statements, line.start) ?? line.start });
  }
  return revisions;
}

/** A BEGIN with nothing but white space between it and the comment belongs to the revision that follows (`transaction_per_migration`). */
function beginBefore(text: string, statements: readonly Statement[], commentStart: number): number | undefined {
  let previous: Statement | undefined;
  for (const statement of statements) {
    if (statement.range[0] >= commentStart) break;
    previous = statement;
  }
  const kind = previous && asNode(previous.node, 'TransactionStmt')?.kind;
  if (!previous || (kind !== 'TRANS_STMT_BEGIN' && kind !== 'TRANS_STMT_START')) return undefined;
  const between = text.slice(previous.range[1], commentStart);
  if (!/^\s*;?\s*$/.test(between)) return undefined;
  return text.lastIndexOf('\n', previous.range[0]) + 1;
}

/**
 * The statements that keep Alembic's version table, with their semicolons. The
 * table is the one whose `version_num` Alembic sets (`alembic_version` unless
 * env.py names another).
 */
function versionTableStatements(text: string, statements: readonly Statement[]): Range[] {
  const table = versionTable(statements) ?? 'alembic_version';
  return statements.filter((s) => targetTable(s) === table).map(({ range: [start, end] }) => [start, text[end] === ';' ? end + 1 : end] as const);
}

function versionTable(statements: readonly Statement[]): string | undefined {
  for (const statement of statements) {
    const insert = asNode(statement.node, 'InsertStmt');
    const insertsVersion = insert?.cols?.some((c) => asNode(c, 'ResTarget')?.name === 'version_num');
    const update = asNode(statement.node, 'UpdateStmt');
    const setsVersion = update?.targetList?.some((t) => asNode(t, 'ResTarget')?.name === 'version_num');
    if (insertsVersion || setsVersion) return targetTable(statement);
  }
  return undefined;
}

function targetTable(statement: Statement): string | undefined {
  const node = statement.node;
  const relation =
    asNode(node, 'CreateStmt')?.relation ?? asNode(node, 'InsertStmt')?.relation ?? asNode(node, 'UpdateStmt')?.relation ?? asNode(node, 'DeleteStmt')?.relation;
  if (relation) return relation.relname;
  const drop = asNode(node, 'DropStmt');
  if (drop?.removeType !== 'OBJECT_TABLE' || drop.objects?.length !== 1) return undefined;
  const names = asNode(drop.objects[0], 'List')?.items?.map((item) => asNode(item, 'String')?.sval);
  return names?.[names.length - 1];
}

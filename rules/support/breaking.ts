/**
 * Shared by the breaking-change and backfill rules: the wording of the
 * two-release recipe, where each object of a multi-object statement sits in
 * the source (so one statement can carry one report per object), and the
 * batched form of a data change.
 */
import type { RangeVar } from 'libpg-query';
import type { Edit, RuleContext } from '../../src/engine/rule.js';
import { quoteIdent } from '../../src/parse/ast.js';
import type { Token } from '../../src/parse/parse-sql.js';
import type { Range } from '../../src/parse/source-text.js';
import { describeLock, type LockMode } from '../../src/model/locks.js';
import type { RelationRef } from '../../src/model/resolve.js';
import { insertAfter, insertBefore, isComment, isKeyword } from '../../src/parse/tokens.js';

/** When the second half of a two-release change may ship, in the same words in every message. */
export const LATER_RELEASE = 'in a later release, after that code is deployed everywhere';

/** The two steps that replace a drop. */
export function twoReleases(object: string, finish: string): string {
  return `ship the code that stops using ${object} in one release; ${finish} ${LATER_RELEASE}`;
}

/** The lock the current statement takes on `relation`, worded by describeLock. */
export function lockOn(context: RuleContext, relation: RelationRef, fallback: LockMode = 'ACCESS EXCLUSIVE'): string {
  const mode = context.current?.locks().find((l) => l.relation.key === relation.key)?.mode ?? fallback;
  return describeLock(mode, relation.text);
}

/** A string as an SQL literal. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Foreign keys of other tables that reference `relation`, as far as the replay saw them: "orders_user_id_fkey on orders". */
export function knownReferences(context: RuleContext, relation: RelationRef): string[] {
  return context.schema.model
    .referencing(relation.key)
    .filter(({ table }) => `${table.schema}.${table.name}` !== relation.key)
    .map(({ table, constraint }) => `${quoteIdent(constraint.name)} on ${quoteIdent(table.name)}`);
}

/** " (known here: a, b)" after a list of what a CASCADE takes along, when the replay saw any of it. */
export function knownHere(names: readonly string[]): string {
  return names.length > 0 ? ` (known here: ${names.join(', ')})` : '';
}

// ---------------------------------------------------------------------------
// Where things are in a statement's tokens

/** The statement's tokens without comments, so that neighbours in the list are neighbours in the grammar. */
export function codeTokens(context: RuleContext): Token[] {
  return (context.current?.tokens() ?? []).filter((t) => !isComment(t));
}

const OPENING = new Set(['(', '[']);
const CLOSING = new Set([')', ']']);

/**
 * Walks `code` from `from` at the nesting level of code[from] and returns the
 * index of the first token at that level for which `stop` holds, or the index
 * where the level closes (a `)` or the end of the statement).
 */
export function scanLevel(code: readonly Token[], from: number, stop: (token: Token, index: number) => boolean): number {
  let depth = 0;
  for (let i = from; i < code.length; i++) {
    const token = code[i] as Token;
    if (depth === 0 && (CLOSING.has(token.text) || stop(token, i))) return i;
    if (OPENING.has(token.text)) depth++;
    else if (CLOSING.has(token.text)) depth--;
  }
  return code.length;
}

/** Spans of the comma-separated items that start at code[from], up to `end` (exclusive) at the same level. */
function listSpans(code: readonly Token[], from: number, end: (token: Token) => boolean = () => false): Range[] {
  const spans: Range[] = [];
  let start = from;
  for (;;) {
    const stop = scanLevel(code, start, (t) => t.text === ',' || end(t));
    const first = code[start];
    const last = code[stop - 1];
    if (first && last && stop > start) spans.push([first.range[0], last.range[1]]);
    if (code[stop]?.text !== ',') return spans;
    start = stop + 1;
  }
}

/** Index in `code` of the token that starts at a parse tree location. */
export function codeIndexAt(context: RuleContext, code: readonly Token[], location: number | undefined): number {
  const position = context.current?.indexOfLocation(location) ?? -1;
  return code.findIndex((t) => t.range[0] === position);
}

/** Index just past a possibly qualified name (`a`, `s.a`, `"S"."a"`) that starts at code[i]. */
function afterName(code: readonly Token[], i: number): number {
  let k = i;
  while (code[k + 1]?.text === '.' && code[k + 2]) k += 2;
  return k + 1;
}

/** The spans when there is one for each of `count` parse tree items, else none (each report then covers the statement). */
function oneEach(spans: Range[], count: number | undefined): Range[] {
  return spans.length === count ? spans : [];
}

/**
 * Spans of the objects a `DROP <kind> [IF EXISTS] a, b [CASCADE]` names, in the
 * order of the DropStmt's objects; `kind` is the keyword just before them.
 */
export function droppedObjectSpans(context: RuleContext, kind: string, count: number | undefined): Range[] {
  const code = codeTokens(context);
  let i = code.findIndex((t) => isKeyword(t, kind));
  if (i < 0) return [];
  i++;
  if (isKeyword(code[i] as Token, 'IF') && isKeyword(code[i + 1] as Token, 'EXISTS')) i += 2;
  return oneEach(listSpans(code, i, (t) => isKeyword(t, 'CASCADE') || isKeyword(t, 'RESTRICT')), count);
}

/** Spans of an ALTER TABLE's subcommands, in the order of its cmds. */
export function alterTableCommandSpans(context: RuleContext, relation: RangeVar | undefined, count: number | undefined): Range[] {
  const code = codeTokens(context);
  const name = codeIndexAt(context, code, relation?.location);
  if (name < 0) return [];
  let i = afterName(code, name);
  if (code[i]?.text === '*') i++;
  return oneEach(listSpans(code, i), count);
}

// ---------------------------------------------------------------------------
// Batches

const INTEGER_TYPES = new Set(['int2', 'int4', 'int8', 'numeric', 'serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial']);

/** The key a batch loop walks: the table's primary key when the replay knows it. */
export interface BatchKey {
  column: string;
  /** the replay saw the primary key; otherwise `id` stands for it */
  known: boolean;
  /** ranges can step by a number */
  integer: boolean;
}

export const BATCH_SIZE = 1000;

/** What a batch is keyed on when the replay never saw the primary key. */
export const ASSUMED_KEY: BatchKey = { column: 'id', known: false, integer: true };

export function batchKey(relation: RelationRef): BatchKey {
  const primaryKey = [...(relation.table?.constraints.values() ?? [])].find((c) => c.kind === 'primary key');
  const column = primaryKey?.columns.length === 1 ? primaryKey.columns[0] : undefined;
  if (!column) return ASSUMED_KEY;
  const type = relation.table?.columns.get(column)?.type;
  return { column, known: true, integer: !type || type.name === '?' || INTEGER_TYPES.has(type.name) };
}

/** `id >= :start AND id < :start + 1000`, qualified when the statement reads other tables too. */
export function rangeCondition(key: BatchKey, qualifier?: string): string {
  const column = qualifier ? `${quoteIdent(qualifier)}.${quoteIdent(key.column)}` : quoteIdent(key.column);
  return key.integer ? `${column} >= :start AND ${column} < :start + ${BATCH_SIZE}` : `${column} >= :start AND ${column} < :next`;
}

/** `id IN (SELECT id FROM t WHERE … LIMIT 1000)`: the next batch of a change that takes its rows out of `condition`. */
export function nextBatch(relation: string, key: BatchKey, condition?: string): string {
  const column = quoteIdent(key.column);
  return `${column} IN (SELECT ${column} FROM ${relation}${condition ? ` WHERE ${condition}` : ''} LIMIT ${BATCH_SIZE})`;
}

/** How the batches are driven, for the message. */
export function batchLoop(key: BatchKey, relation: string): string {
  const column = quoteIdent(key.column);
  const loop = key.integer
    ? `run it for each :start from the smallest ${column} of ${relation} to the largest, in steps of ${BATCH_SIZE}`
    : `run it for consecutive boundaries :start and :next of ${column}, about ${BATCH_SIZE} rows of ${relation} apart`;
  return `${loop}, each batch in its own transaction${keyNote(key, relation)}`;
}

/** Says what `id` means when the replay never saw the primary key. */
export function keyNote(key: BatchKey, relation: string): string {
  return key.known ? '' : ` (\`${key.column}\` stands for the primary key of ${relation})`;
}

const SELECT_TAIL = ['GROUP', 'HAVING', 'WINDOW', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'FOR', 'RETURNING', 'UNION', 'INTERSECT', 'EXCEPT'];

/** Ends the WHERE clause (or the FROM list) of an UPDATE, DELETE or SELECT: what may follow it at the same level. */
function endsWhere(code: readonly Token[]) {
  return (token: Token, i: number) =>
    SELECT_TAIL.some((word) => isKeyword(token, word)) || (isKeyword(token, 'ON') && isKeyword(code[i + 1] as Token, 'CONFLICT'));
}

/**
 * Edits that add `condition` to the WHERE clause of the statement part that
 * starts at code[from] (an UPDATE's or DELETE's target, a SELECT keyword), or
 * add a WHERE clause when it has none. Undefined for WHERE CURRENT OF.
 */
export function addCondition(code: readonly Token[], from: number, condition: string): Edit[] | undefined {
  const ends = endsWhere(code);
  const where = scanLevel(code, from, (t, i) => isKeyword(t, 'WHERE') || ends(t, i));
  const whereToken = code[where];
  if (whereToken && isKeyword(whereToken, 'WHERE')) {
    const first = code[where + 1];
    const last = code[scanLevel(code, where + 1, ends) - 1];
    if (!first || !last || isKeyword(first, 'CURRENT')) return undefined;
    return [insertBefore(first, `${condition} AND (`), insertAfter(last, ')')];
  }
  const last = code[where - 1];
  return last ? [insertAfter(last, ` WHERE ${condition}`)] : undefined;
}

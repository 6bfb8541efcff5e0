/**
 * What the constraint rules share: where a constraint's text is in its
 * statement (so NOT VALID can be appended, or an inline constraint lifted out
 * of ADD COLUMN), the statements of the NOT VALID recipe, and the facts the
 * replay gives about constraints and columns.
 */
import type { AlterTableCmd, AlterTableStmt, ColumnDef, Constraint } from 'libpg-query';
import type { Edit, LintSettings, RuleContext, StatementContext } from '../../src/engine/rule.js';
import { asNode, quoteIdent } from '../../src/parse/ast.js';
import type { Token } from '../../src/parse/parse-sql.js';
import type { Range } from '../../src/parse/source-text.js';
import { findKeyword, insertAfter, isComment, tokenAt } from '../../src/parse/tokens.js';
import { makeObjectName } from '../../src/model/replay.js';
import type { RelationRef } from '../../src/model/resolve.js';
import type { ConstraintState } from '../../src/model/schema.js';
import { asStatement } from './recipes.js';

/** One subcommand of an ALTER TABLE, with the constraint or column it adds, if any. */
export interface TableCommand {
  cmd: AlterTableCmd;
  /** ADD CONSTRAINT's constraint */
  constraint: Constraint | undefined;
  /** ADD COLUMN's column */
  column: ColumnDef | undefined;
}

export interface AlteredTable {
  statement: StatementContext;
  table: RelationRef;
  commands: TableCommand[];
}

/** An ALTER TABLE on a table (not ALTER INDEX, VIEW or SEQUENCE), resolved, with its subcommands. */
export function alteredTable(context: RuleContext, node: AlterTableStmt): AlteredTable | undefined {
  const statement = context.current;
  if (!statement || node.objtype !== 'OBJECT_TABLE') return undefined;
  const commands: TableCommand[] = [];
  for (const c of node.cmds ?? []) {
    const cmd = asNode(c, 'AlterTableCmd');
    if (!cmd) continue;
    const constraint = cmd.subtype === 'AT_AddConstraint' ? asNode(cmd.def, 'Constraint') : undefined;
    const column = cmd.subtype === 'AT_AddColumn' ? asNode(cmd.def, 'ColumnDef') : undefined;
    commands.push({ cmd, constraint, column });
  }
  return { statement, table: context.relation(node.relation), commands };
}

/**
 * The same, for the lock rules: undefined also when the table was created in
 * this scope, since it is empty and unseen by running code, so nothing waits.
 */
export function alteredLiveTable(context: RuleContext, node: AlterTableStmt): AlteredTable | undefined {
  const altered = alteredTable(context, node);
  return altered?.table.isNew ? undefined : altered;
}

/** Clauses the parser lists as separate nodes after the column constraint they modify. */
const ATTRIBUTE_TYPES = new Set([
  'CONSTR_ATTR_DEFERRABLE',
  'CONSTR_ATTR_NOT_DEFERRABLE',
  'CONSTR_ATTR_DEFERRED',
  'CONSTR_ATTR_IMMEDIATE',
  'CONSTR_ATTR_ENFORCED',
  'CONSTR_ATTR_NOT_ENFORCED',
]);

export interface ColumnConstraint {
  constraint: Constraint;
  /** DEFERRABLE, NOT ENFORCED and the like, written after it */
  attributes: Constraint[];
  /** the column constraint written after this one (its text ends where that one starts) */
  next: Constraint | undefined;
}

/** The constraints declared inline on a column, each with the attribute clauses that follow it. */
export function columnConstraints(column: ColumnDef | undefined): ColumnConstraint[] {
  const out: ColumnConstraint[] = [];
  for (const node of column?.constraints ?? []) {
    const constraint = asNode(node, 'Constraint');
    if (!constraint) continue;
    const last = out[out.length - 1];
    if (ATTRIBUTE_TYPES.has(constraint.contype ?? '')) {
      last?.attributes.push(constraint);
      continue;
    }
    if (last) last.next = constraint;
    out.push({ constraint, attributes: [], next: undefined });
  }
  return out;
}

/** PostgreSQL 18's NOT ENFORCED: the constraint is stored but never checked, so nothing is scanned. */
export function isNotEnforced(column: ColumnConstraint): boolean {
  return column.attributes.some((a) => a.contype === 'CONSTR_ATTR_NOT_ENFORCED');
}

/** Index of the last code token before `stop`, or -1. */
function lastCodeBefore(tokens: readonly Token[], stop: number): number {
  for (let i = stop - 1; i >= 0; i--) if (!isComment(tokens[i] as Token)) return i;
  return -1;
}

/** Index of the last code token of the ALTER subcommand that token `from` is in: before the next top-level comma. */
export function subcommandEnd(tokens: readonly Token[], from: number): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (isComment(token) || token.kind === 'SCONST') continue;
    if (token.text === '(') depth++;
    else if (token.text === ')') depth--;
    else if (token.text === ',' && depth === 0) return lastCodeBefore(tokens, i);
  }
  return lastCodeBefore(tokens, tokens.length);
}

/** Token indices of a constraint's text: its first token and its last (attributes included). */
export interface ConstraintTokens {
  tokens: Token[];
  first: number;
  last: number;
}

/**
 * Where a constraint is written in the statement. A table constraint runs to
 * the end of its subcommand; a column constraint to where the column's next
 * constraint starts.
 */
export function locateConstraint(statement: StatementContext, constraint: Constraint, next?: Constraint): ConstraintTokens | undefined {
  const tokens = statement.tokens();
  const first = tokenAt(tokens, statement.indexOfLocation(constraint.location));
  if (first < 0) return undefined;
  const nextStart = next ? tokenAt(tokens, statement.indexOfLocation(next.location)) : -1;
  const last = nextStart > first ? lastCodeBefore(tokens, nextStart) : subcommandEnd(tokens, first);
  return last >= first ? { tokens, first, last } : undefined;
}

/** The source range a located constraint covers, for the report. */
export function constraintRange(located: ConstraintTokens): Range {
  return [(located.tokens[located.first] as Token).range[0], (located.tokens[located.last] as Token).range[1]];
}

/** Source text of the located constraint from its first `keyword` on, e.g. `REFERENCES p (id) ON DELETE CASCADE`. */
export function constraintTextFrom(located: ConstraintTokens, keyword: string, source: StatementContext): string | undefined {
  const start = findKeyword(located.tokens, keyword, located.first);
  if (start < 0 || start > located.last) return undefined;
  return sliceTokens(located.tokens, start, located.last, source);
}

/** The statement's text from token `first` through token `last`. */
export function sliceTokens(tokens: readonly Token[], first: number, last: number, statement: StatementContext): string {
  const offset = statement.statement.range[0];
  return statement.text.slice((tokens[first] as Token).range[0] - offset, (tokens[last] as Token).range[1] - offset);
}

/**
 * The comma-separated items of the first parenthesised list at or after
 * token `from`, as written, and the index of its closing parenthesis.
 */
export function parenthesizedItems(statement: StatementContext, tokens: readonly Token[], from: number): { items: string[]; close: number } | undefined {
  let depth = 0;
  let itemStart = -1;
  let itemEnd = -1;
  const items: string[] = [];
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (isComment(token)) continue;
    const punctuation = token.kind === 'SCONST' ? '' : token.text;
    if (depth === 1 && (punctuation === ',' || punctuation === ')')) {
      if (itemStart >= 0) items.push(sliceTokens(tokens, itemStart, itemEnd, statement));
      itemStart = -1;
      if (punctuation === ')') return { items, close: i };
      continue;
    }
    if (punctuation === '(' && depth++ === 0) continue;
    if (punctuation === ')') depth--;
    if (depth >= 1) {
      if (itemStart < 0) itemStart = i;
      itemEnd = i;
    }
  }
  return undefined;
}

/** A keyword and the parenthesised list after it, as written: `INCLUDE (total)`, `WITH (fillfactor = 90)`. */
export function parenthesizedClause(located: ConstraintTokens, keyword: string, statement: StatementContext): string | undefined {
  const start = findKeyword(located.tokens, keyword, located.first);
  if (start < 0 || start > located.last) return undefined;
  let depth = 0;
  for (let i = start + 1; i <= located.last; i++) {
    const token = located.tokens[i] as Token;
    if (isComment(token) || token.kind === 'SCONST') continue;
    if (token.text === '(') depth++;
    else if (token.text === ')' && --depth === 0) return sliceTokens(located.tokens, start, i, statement);
  }
  return undefined;
}

/** Append NOT VALID to a located constraint. */
export function appendNotValid(located: ConstraintTokens): Edit {
  return insertAfter(located.tokens[located.last] as Token, ' NOT VALID');
}

/** Remove an inline column constraint, with the space before it, from ADD COLUMN. */
export function removeConstraint(located: ConstraintTokens): Edit {
  const before = lastCodeBefore(located.tokens, located.first);
  const start = before >= 0 ? (located.tokens[before] as Token).range[1] : (located.tokens[located.first] as Token).range[0];
  return { range: [start, (located.tokens[located.last] as Token).range[1]], text: '' };
}

/** Insert statements after the current one (before its semicolon, which then closes the last). */
function appendStatements(statement: StatementContext, sql: readonly string[]): Edit {
  const end = statement.statement.range[1];
  return { range: [end, end], text: sql.map((s) => `;\n${s}`).join('') };
}

/**
 * The NOT VALID route for a constraint declared on ADD COLUMN, where NOT VALID
 * cannot be written: the statement without it, then ADD CONSTRAINT … NOT VALID
 * with `definition` (`CHECK (…)`, `FOREIGN KEY (c) REFERENCES …`), then
 * VALIDATE CONSTRAINT. The edits do the first two in place.
 */
export function liftOutOfAddColumn(
  statement: StatementContext,
  table: RelationRef,
  located: ConstraintTokens,
  name: string,
  definition: string,
): { addColumn: string; addConstraint: string; validate: string; edits: Edit[] } {
  const withoutIt = removeConstraint(located);
  const addConstraint = `ALTER TABLE ${table.text} ADD CONSTRAINT ${quoteIdent(name)} ${definition} NOT VALID`;
  return {
    addColumn: asStatement(statement.rewrite([withoutIt])),
    addConstraint: asStatement(addConstraint),
    validate: asStatement(validateConstraint(table, name)),
    edits: [withoutIt, appendStatements(statement, [addConstraint])],
  };
}

/** `ALTER TABLE t VALIDATE CONSTRAINT c` */
export function validateConstraint(table: RelationRef, name: string): string {
  return `ALTER TABLE ${table.text} VALIDATE CONSTRAINT ${quoteIdent(name)}`;
}

/** The CHECK the recipes add to prove a column NOT NULL: `<table>_<column>_not_null`, shortened like Postgres' own names. */
export function notNullCheckName(table: RelationRef, column: string): string {
  return makeObjectName(table.name, column, 'not_null');
}

/** The statements that add, validate and finally drop that CHECK. */
export function notNullCheckRecipe(table: RelationRef, column: string): { add: string; validate: string; drop: string } {
  const name = notNullCheckName(table, column);
  return {
    add: `ALTER TABLE ${table.text} ADD CONSTRAINT ${quoteIdent(name)} CHECK (${quoteIdent(column)} IS NOT NULL) NOT VALID`,
    validate: validateConstraint(table, name),
    drop: `ALTER TABLE ${table.text} DROP CONSTRAINT ${quoteIdent(name)}`,
  };
}

/** Column names as a parenthesised list: `(a, "B")`. */
export function columnList(columns: readonly string[]): string {
  return `(${columns.map(quoteIdent).join(', ')})`;
}

/**
 * A CHECK (col IS NOT NULL), or a PostgreSQL 18 NOT NULL constraint, on the
 * column. Once validated, it lets SET NOT NULL (and ADD PRIMARY KEY … USING
 * INDEX) skip their scan, from PostgreSQL 12 on.
 */
export function provingConstraint(constraints: Iterable<ConstraintState>, column: string, validated: boolean): ConstraintState | undefined {
  for (const constraint of constraints) {
    if ((constraint.kind === 'check' || constraint.kind === 'not null') && constraint.provesNotNull === column && constraint.validated === validated) return constraint;
  }
  return undefined;
}

/** True when the replay shows that SET NOT NULL on the column would not scan. */
export function notNullIsProven(table: RelationRef, column: string, settings: LintSettings): boolean {
  const state = table.table;
  if (!state) return false;
  if (state.columns.get(column)?.notNull) return true;
  return settings.pgVersion >= 12 && provingConstraint(state.constraints.values(), column, true) !== undefined;
}

/**
 * Shared by the rewrite rules: which ALTER TABLE targets a live table, where
 * the parts of an ADD COLUMN definition sit in the source (so a recipe can
 * drop a DEFAULT or NOT NULL and keep the user's formatting), and the
 * recipes the rules hand out.
 */
import type { AlterTableStmt, ColumnDef, Constraint, Node, RangeVar } from 'libpg-query';
import type { Edit, RuleContext, StatementContext, Visitors } from '../../src/engine/rule.js';
import type { Range } from '../../src/parse/source-text.js';
import type { Token } from '../../src/parse/parse-sql.js';
import { asNode, quoteIdent } from '../../src/parse/ast.js';
import { findKeyword, isComment, nameSpan, tokenAt } from '../../src/parse/tokens.js';
import { defaultConstraintName } from '../../src/model/replay.js';
import type { RelationRef } from '../../src/model/resolve.js';

/**
 * The table an ALTER TABLE changes, when it may hold production rows; undefined
 * for a table created in this scope and for views and foreign tables, which
 * have no heap to rewrite.
 */
export function liveTable(context: RuleContext, statement: AlterTableStmt): RelationRef | undefined {
  if (statement.objtype !== 'OBJECT_TABLE') return undefined;
  const table = context.relation(statement.relation);
  if (table.isNew || table.kind === 'view' || table.kind === 'foreign table') return undefined;
  return table;
}

/** What an ALTER TABLE on a live table changes: the statement being linted, the table, and its name as the statement wrote it. */
export interface AlterTarget {
  statement: StatementContext;
  /** the ALTER TABLE's relation as parsed */
  relation: RangeVar | undefined;
  table: RelationRef;
  /** `app."Orders"`, ready to put in a statement built from the user's own text */
  text: string;
}

/** The live table an ALTER TABLE changes, or undefined when there is nothing to report on (see liveTable). */
export function alterTarget(context: RuleContext, statement: AlterTableStmt): AlterTarget | undefined {
  const current = context.current;
  const table = current && liveTable(context, statement);
  if (!current || !table) return undefined;
  let text: string | undefined;
  return {
    statement: current,
    relation: statement.relation,
    table,
    // As written (quotes and schema kept); lexing the statement waits until a message needs it.
    get text() {
      return (text ??= writtenRelation(current, statement.relation?.location, table.text));
    },
  };
}

export interface AddedColumn {
  column: ColumnDef;
  constraints: Constraint[];
}

/** Visitors that call `check` for every ADD COLUMN of an ALTER TABLE on a live table. */
export function forEachAddedColumn(context: RuleContext, check: (added: AddedColumn, target: AlterTarget) => void): Visitors {
  return {
    AlterTableStmt(node) {
      const target = alterTarget(context, node);
      if (!target) return;
      for (const added of addedColumns(node)) check(added, target);
    },
  };
}

/** Every ADD COLUMN of an ALTER TABLE, with its inline constraints unwrapped. */
function addedColumns(statement: AlterTableStmt): AddedColumn[] {
  const out: AddedColumn[] = [];
  for (const c of statement.cmds ?? []) {
    const cmd = asNode(c, 'AlterTableCmd');
    const column = cmd?.subtype === 'AT_AddColumn' ? asNode(cmd.def, 'ColumnDef') : undefined;
    if (column) out.push({ column, constraints: constraintsOf(column.constraints) });
  }
  return out;
}

function constraintsOf(nodes: readonly Node[] | undefined): Constraint[] {
  return (nodes ?? []).map((n) => asNode(n, 'Constraint')).filter((c): c is Constraint => c !== undefined);
}

/** An explicit `DEFAULT NULL` (or `NULL::type`), which Postgres does not store as a default at all. */
function isNullDefault(expression: Node | undefined): boolean {
  const value = asNode(expression, 'TypeCast')?.arg ?? expression;
  return asNode(value, 'A_Const')?.isnull === true;
}

/** The constraints that make a column NOT NULL: NOT NULL itself and PRIMARY KEY. */
export function notNullClauses(constraints: readonly Constraint[]): Constraint[] {
  return constraints.filter((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY');
}

/** A real default: DEFAULT with anything but NULL. */
export function defaultClause(constraints: readonly Constraint[]): Constraint | undefined {
  return constraints.find((c) => c.contype === 'CONSTR_DEFAULT' && !isNullDefault(c.raw_expr));
}

interface Clause {
  constraint: Constraint | undefined;
  /** token indices of the clause's first and last code token */
  first: number;
  last: number;
}

/**
 * Where a column definition's parts are in the statement's tokens (ADD COLUMN,
 * or ALTER COLUMN … TYPE): its name, its type, and each constraint clause
 * (from the clause's first token, `CONSTRAINT name` included, to the token
 * before the next clause).
 */
export class ColumnSource {
  readonly #statement: StatementContext;
  readonly #tokens: Token[];
  readonly name: Token;
  readonly type: Clause;
  readonly #using: Clause | undefined;
  readonly #clauses: Clause[];

  private constructor(statement: StatementContext, tokens: Token[], name: Token, type: Clause, using: Clause | undefined, clauses: Clause[]) {
    this.#statement = statement;
    this.#tokens = tokens;
    this.name = name;
    this.type = type;
    this.#using = using;
    this.#clauses = clauses;
  }

  static of(statement: StatementContext, column: ColumnDef): ColumnSource | undefined {
    const tokens = statement.tokens();
    const at = (location: number | undefined) => (location === undefined ? -1 : tokenAt(tokens, statement.indexOfLocation(location)));
    const nameIndex = at(column.location);
    const name = tokens[nameIndex];
    if (!name) return undefined;
    const end = definitionEnd(tokens, nameIndex);
    const typeIndex = at(column.typeName?.location);
    const starts: { index: number; constraint: Constraint | undefined }[] = [{ index: typeIndex, constraint: undefined }];
    for (const constraint of constraintsOf(column.constraints)) starts.push({ index: at(constraint.location), constraint });
    if (column.collClause) starts.push({ index: at(column.collClause.location), constraint: undefined });
    // ALTER COLUMN … TYPE keeps its USING expression in raw_default, located at the expression, not the keyword.
    let usingIndex = -1;
    if (column.raw_default) {
      usingIndex = findKeyword(tokens, 'USING', typeIndex);
      if (usingIndex >= 0 && usingIndex <= end) starts.push({ index: usingIndex, constraint: undefined });
    }
    if (starts.some((s) => s.index < 0)) return undefined;
    starts.sort((a, b) => a.index - b.index);
    const clauses = starts.map((start, k) => ({
      constraint: start.constraint,
      first: start.index,
      last: lastCodeToken(tokens, start.index, (starts[k + 1]?.index ?? end + 1) - 1),
    }));
    const type = clauses.find((c) => c.first === typeIndex) as Clause;
    const using = clauses.find((c) => c.first === usingIndex);
    return new ColumnSource(statement, tokens, name, type, using, clauses.filter((c) => c.constraint !== undefined));
  }

  /** The source text of a clause, or of a constraint's clause. */
  text(of: Clause | Constraint): string {
    const clause = 'first' in of ? of : this.#clause(of);
    if (!clause) return '';
    return this.#slice([(this.#tokens[clause.first] as Token).range[0], (this.#tokens[clause.last] as Token).range[1]]);
  }

  /** The expression of a DEFAULT clause as written (what follows the DEFAULT keyword). */
  defaultExpression(constraint: Constraint): string {
    const clause = this.#clause(constraint);
    return clause ? this.#textAfter(clause, 'DEFAULT') : '';
  }

  /** The expression of ALTER COLUMN … TYPE … USING as written. */
  usingExpression(): string {
    return this.#using ? this.#textAfter(this.#using, 'USING') : '';
  }

  #textAfter(clause: Clause, keyword: string): string {
    let k = findKeyword(this.#tokens, keyword, clause.first) + 1;
    while (k < clause.last && isComment(this.#tokens[k] as Token)) k++;
    const start = this.#tokens[k];
    return start && k <= clause.last ? this.#slice([start.range[0], (this.#tokens[clause.last] as Token).range[1]]) : '';
  }

  /** The last token of a constraint's clause (STORED or VIRTUAL ends a GENERATED clause that says it). */
  lastToken(constraint: Constraint): Token | undefined {
    const clause = this.#clause(constraint);
    return clause ? this.#tokens[clause.last] : undefined;
  }

  /** Edits that delete the clauses of these constraints, with the space before each. */
  remove(constraints: readonly Constraint[]): Edit[] {
    const edits: Edit[] = [];
    for (const constraint of constraints) {
      const clause = this.#clause(constraint);
      if (!clause) continue;
      const before = this.#tokens[clause.first - 1];
      // Deleting the newline after a `--` comment would comment out what follows.
      const start = before && before.kind !== 'SQL_COMMENT' ? before.range[1] : (this.#tokens[clause.first] as Token).range[0];
      edits.push({ range: [start, (this.#tokens[clause.last] as Token).range[1]], text: '' });
    }
    return edits;
  }

  /** An edit that replaces the column's type as written. */
  replaceType(text: string): Edit {
    return { range: [(this.#tokens[this.type.first] as Token).range[0], (this.#tokens[this.type.last] as Token).range[1]], text };
  }

  #clause(constraint: Constraint): Clause | undefined {
    return this.#clauses.find((c) => c.constraint === constraint);
  }

  #slice(range: Range): string {
    const offset = this.#statement.statement.range[0];
    return this.#statement.text.slice(range[0] - offset, range[1] - offset);
  }
}

/** Index of the last token of the definition that starts at token `from`: before a `,` at depth 0, or the statement's end. */
function definitionEnd(tokens: readonly Token[], from: number): number {
  let depth = 0;
  for (let k = from; k < tokens.length; k++) {
    const text = (tokens[k] as Token).text;
    if (text === '(' || text === '[') depth++;
    else if (text === ')' || text === ']') depth--;
    else if (text === ',' && depth === 0) return k - 1;
  }
  return tokens.length - 1;
}

function lastCodeToken(tokens: readonly Token[], first: number, last: number): number {
  let k = last;
  while (k > first && isComment(tokens[k] as Token)) k--;
  return k;
}

/** The table's name as the statement wrote it (`app."Orders"`), for statements built from the user's own text. */
function writtenRelation(statement: StatementContext, location: number | undefined, fallback: string): string {
  const tokens = statement.tokens();
  const span = nameSpan(tokens, tokenAt(tokens, statement.indexOfLocation(location)));
  if (!span) return fallback;
  const offset = statement.statement.range[0];
  return statement.text.slice(span[0] - offset, span[1] - offset);
}

/** ADD CONSTRAINT … NOT NULL col NOT VALID arrives in PostgreSQL 18. */
const NOT_NULL_NOT_VALID_VERSION = 18;
/** From PostgreSQL 12, SET NOT NULL skips its scan when a validated CHECK proves the column has no NULL. */
const SET_NOT_NULL_TRUSTS_CHECK_VERSION = 12;

/**
 * How to make an existing column NOT NULL without a long lock, for the
 * target version: PostgreSQL 18 has NOT NULL … NOT VALID; 12 to 17 use a
 * validated CHECK, which SET NOT NULL trusts instead of scanning; before 12
 * SET NOT NULL always scans, so the validated CHECK is the guarantee.
 */
function notNullRecipe(context: RuleContext, target: AlterTarget, column: string, constraintName?: string): string {
  const tableText = target.text;
  const name = quoteIdent(constraintName ?? defaultConstraintName(target.table.name, 'not null', [column]));
  const col = quoteIdent(column);
  if (context.settings.pgVersion >= NOT_NULL_NOT_VALID_VERSION) {
    return `\`ALTER TABLE ${tableText} ADD CONSTRAINT ${name} NOT NULL ${col} NOT VALID;\`, then in a later migration \`ALTER TABLE ${tableText} VALIDATE CONSTRAINT ${name};\``;
  }
  const add = `\`ALTER TABLE ${tableText} ADD CONSTRAINT ${name} CHECK (${col} IS NOT NULL) NOT VALID;\`, then in a later migration \`ALTER TABLE ${tableText} VALIDATE CONSTRAINT ${name};\``;
  if (context.settings.pgVersion >= SET_NOT_NULL_TRUSTS_CHECK_VERSION) {
    return `${add}, then \`ALTER TABLE ${tableText} ALTER COLUMN ${col} SET NOT NULL;\` (PostgreSQL 12+ trusts the validated CHECK instead of scanning) and drop the CHECK`;
  }
  return `${add} and keep the CHECK as the guarantee (before PostgreSQL 12, SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock)`;
}

/** What the ADD COLUMN declared that must come back once a nullable column is backfilled. */
export interface RemovedKeys {
  notNull: boolean;
  primaryKey: boolean;
  /** the name the statement gave its NOT NULL constraint */
  notNullName?: string | undefined;
}

/** The steps after a nullable column is backfilled that bring back what the ADD COLUMN declared. */
export function restoreSteps(context: RuleContext, target: AlterTarget, column: string, restore: RemovedKeys): string {
  const steps: string[] = [];
  if (restore.notNull || restore.primaryKey) steps.push(`make it NOT NULL: ${notNullRecipe(context, target, column, restore.notNullName)}`);
  if (restore.primaryKey) {
    steps.push(`build a unique index on ${quoteIdent(column)} with CREATE UNIQUE INDEX CONCURRENTLY and add the key with \`ALTER TABLE ${target.text} ADD PRIMARY KEY USING INDEX <index>;\``);
  }
  return steps.length === 0 ? '' : `; then ${steps.join('; then ')}`;
}

/** What restoreSteps must bring back after these clauses were taken out. */
export function removedKeys(removed: readonly Constraint[]): RemovedKeys {
  const notNull = removed.find((c) => c.contype === 'CONSTR_NOTNULL');
  return { notNull: notNull !== undefined, primaryKey: removed.some((c) => c.contype === 'CONSTR_PRIMARY'), notNullName: notNull?.conname };
}

/** A sentence list: "a", "a and b", "a, b and c". */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * What the index-work rules share: making a statement concurrent as a text
 * edit, and the advice for statements that have no concurrent form.
 */
import type { Edit, RuleContext, StatementContext } from '../../src/engine/rule.js';
import type { Token } from '../../src/parse/parse-sql.js';
import type { Range } from '../../src/parse/source-text.js';
import { findKeyword, insertAfter, isComment, isKeyword, nameSpan, nextCodeToken } from '../../src/parse/tokens.js';

/** For statements that cannot be made concurrent: the lock request is quick once granted, the queue behind it is not. */
export const BOUND_THE_WAIT =
  "set a short lock timeout before it (`SET lock_timeout = '2s';`): the statement then gives up instead of holding traffic behind it, and the migration can be retried";

/** Why an ACCESS EXCLUSIVE request hurts even when the statement itself is quick. */
export const HELD_AND_QUEUED =
  'until its transaction commits; and while it waits for the queries already running on the table, every new query on the table queues behind it';

/**
 * The lock wait is already bounded, so a statement with no concurrent form
 * has done all it can: the migration set lock_timeout, or pgshift's runner
 * sets it.
 */
export function lockWaitBounded(context: RuleContext): boolean {
  return context.session.hasTimeout('lock_timeout') || context.settings.appliedBy === 'pgshift';
}

/** ` CONCURRENTLY` right after a token. */
export function insertConcurrently(after: Token): Edit {
  return insertAfter(after, ' CONCURRENTLY');
}

/**
 * A suggestion's edits for a statement that must run outside a transaction:
 * alone in a file the runner wraps in a transaction, the statement also needs
 * the directive. With other statements around it, moving it is the user's call.
 */
export function outsideTransactionEdits(context: RuleContext, edits: readonly Edit[]): Edit[] {
  const edit = context.migration.runner.optOut?.edit;
  if (edit && context.migration.transaction.mode === 'wrapped' && context.migration.statements.length === 1) return [edit, ...edits];
  return [...edits];
}

/** The source text of a range inside the current statement, as written. */
export function writtenText(statement: StatementContext, range: Range): string {
  const start = statement.statement.range[0];
  return statement.text.slice(range[0] - start, range[1] - start);
}

/**
 * Deletes token `i` with the space after it, or before it at the end of the
 * statement; never the line break that ends a `--` comment.
 */
export function deleteToken(tokens: readonly Token[], i: number): Edit {
  const token = tokens[i] as Token;
  const next = tokens[i + 1];
  if (next) return { range: [token.range[0], next.range[0]], text: '' };
  const previous = tokens[i - 1];
  const from = previous && previous.kind !== 'SQL_COMMENT' ? previous.range[1] : token.range[0];
  return { range: [from, token.range[1]], text: '' };
}

/** Index of the code token (not a comment) before `i`, or -1. */
export function previousCodeToken(tokens: readonly Token[], i: number): number {
  for (let k = i - 1; k >= 0; k--) if (!isComment(tokens[k] as Token)) return k;
  return -1;
}

/**
 * The spans of a comma-separated list of possibly qualified names starting at
 * token `first` (`DROP INDEX a, s.b, "C"`), and the index of its last token.
 */
export function nameListSpans(tokens: readonly Token[], first: number): { spans: Range[]; last: number } {
  const spans: Range[] = [];
  let i = first;
  let last = first;
  for (;;) {
    const span = nameSpan(tokens, i);
    if (!span) break;
    spans.push(span);
    last = tokens.findIndex((t) => t.range[1] === span[1]);
    const comma = nextCodeToken(tokens, last);
    if (tokens[comma]?.text !== ',') break;
    i = nextCodeToken(tokens, comma);
  }
  return { spans, last };
}

/** The first code token after `i`, past an `IF [NOT] EXISTS`. */
export function nextPastIfExists(tokens: readonly Token[], i: number): number {
  let k = nextCodeToken(tokens, i);
  if (tokens[k] && isKeyword(tokens[k] as Token, 'IF')) {
    const exists = findKeyword(tokens, 'EXISTS', k);
    if (exists >= 0) k = nextCodeToken(tokens, exists);
  }
  return k;
}

/** `pg_repack` with a `--table` for each table, quoted for a POSIX shell where the name has quotes. */
export function pgRepackCommand(options: readonly string[], tables: readonly string[]): string {
  const args = tables.map((t) => `--table=${/^[\w.$]+$/.test(t) ? t : `'${t.replace(/'/g, `'\\''`)}'`}`);
  return `\`${['pg_repack', ...options, ...args].join(' ')}\``;
}

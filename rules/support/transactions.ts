/**
 * Shared by the transaction rules: which statements need autocommit, which
 * ones only set the session up, and where the transaction a statement runs in
 * was opened.
 */
import type { RuleContext } from '../../src/engine/rule.js';
import { autocommitRequirement, type AutocommitRequirement } from '../../src/model/autocommit.js';
import { setConfigCalls } from '../../src/model/session.js';
import { asNode } from '../../src/parse/ast.js';
import type { Statement } from '../../src/parse/parse-sql.js';


/** Whether the statement must run outside a transaction block, judged with the schema as of just before it. */
export function requirementOf(context: RuleContext, statement: Statement): AutocommitRequirement | undefined {
  return autocommitRequirement(statement.node, {
    pgVersion: context.settings.pgVersion,
    schema: context.schema,
    transaction: context.current?.statement === statement ? context.current.transaction.id : undefined,
    earlier: () => context.migration.statements.slice(0, statement.index),
  });
}

/** SET, RESET and `SELECT set_config(…)`: they only prepare the session (timeouts, search path, role). */
export function isSessionSetting(statement: Statement): boolean {
  if (statement.tag === 'VariableSetStmt') return true;
  const select = asNode(statement.node, 'SelectStmt');
  const calls = setConfigCalls(statement.node);
  return select !== undefined && calls.length > 0 && calls.length === select.targetList?.length && !select.fromClause;
}

/** BEGIN, COMMIT, ROLLBACK, SAVEPOINT and the like; COMMIT PREPARED and ROLLBACK PREPARED finish another session's transaction. */
export function isTransactionControl(statement: Statement): boolean {
  const kind = asNode(statement.node, 'TransactionStmt')?.kind;
  return kind !== undefined && kind !== 'TRANS_STMT_COMMIT_PREPARED' && kind !== 'TRANS_STMT_ROLLBACK_PREPARED';
}

/** 1-based line a statement starts on. */
export function lineOf(context: RuleContext, statement: Statement): number {
  return context.migration.positionAt(statement.range[0]).line;
}

/** The BEGIN in this migration that opened the explicit transaction the current statement runs in. */
export function openingBegin(context: RuleContext): Statement | undefined {
  const openedAt = context.current?.transaction.openedAt;
  return openedAt === undefined ? undefined : context.migration.statements[openedAt];
}

/** Where the transaction the current statement runs in comes from, completing "it runs inside …". */
export function transactionOrigin(context: RuleContext): string {
  const current = context.current;
  const begin = openingBegin(context);
  if (begin) return `the transaction opened by the BEGIN at line ${lineOf(context, begin)}`;
  const line = current?.transaction.openedAtLine;
  if (current?.transaction.explicit) return `the transaction opened by the BEGIN${line === undefined ? '' : ` at line ${line}`} in an earlier part of this script`;
  if (current?.transaction.implicit) {
    const sent = context.migration.transaction.mode === 'single-query' ? 'the whole migration' : 'this block of statements';
    return `the transaction Postgres opens around a query of several statements (${context.migration.runner.tool} sends ${sent} as one query)`;
  }
  return `the transaction ${context.migration.runner.tool === 'pgshift' ? 'the runner' : context.migration.runner.tool} opens around this migration`;
}

/**
 * A wrapped migration that would be valid as it stands once it opts out of the
 * runner's transaction: it holds only statements that need autocommit and
 * session settings, or a single statement where the runner would then send
 * the migration as one query.
 */
export function fitsNoTransaction(context: RuleContext): boolean {
  const migration = context.migration;
  const optOut = migration.runner.optOut;
  if (migration.transaction.mode !== 'wrapped' || optOut === undefined) return false;
  if (optOut.singleQuery) return migration.statements.length === 1 && requirementOf(context, migration.statements[0] as Statement) !== undefined;
  return migration.statements.every((s) => isSessionSetting(s) || (!isTransactionControl(s) && requirementOf(context, s) !== undefined));
}

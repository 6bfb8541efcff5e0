/**
 * Shared by the transaction rules: which statements need autocommit, which
 * ones only set the session up, and where the transaction a statement runs in
 * was opened.
 */
import type { RuleContext } from '../../src/engine/rule.js';
import { autocommitRequirement, type AutocommitRequirement } from '../../src/model/autocommit.js';
import { setConfigCalls } from '../../src/model/session.js';
import { TransactionTracker } from '../../src/model/transactions.js';
import { asNode } from '../../src/parse/ast.js';
import type { Statement } from '../../src/parse/parse-sql.js';

export const NO_TRANSACTION_DIRECTIVE = '-- pgshift:no-transaction';

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

/** The transaction state after replaying the migration's transaction control up to (not including) `before`. */
export function transactionsBefore(context: RuleContext, before: number): TransactionTracker {
  const tracker = new TransactionTracker(context.migration.transactionMode, 1);
  for (const statement of context.migration.statements.slice(0, before)) {
    const control = asNode(statement.node, 'TransactionStmt');
    if (control) tracker.apply(control, statement.index);
  }
  return tracker;
}

/** The BEGIN that opened the explicit transaction the current statement runs in. */
export function openingBegin(context: RuleContext): Statement | undefined {
  const current = context.current;
  if (!current?.transaction.explicit) return undefined;
  const openedAt = transactionsBefore(context, current.statement.index).openedAt;
  return openedAt === undefined ? undefined : context.migration.statements[openedAt];
}

/**
 * A wrapped migration that would be valid as it stands with `-- pgshift:no-transaction`
 * on top: it holds only statements that need autocommit and session settings.
 */
export function fitsNoTransaction(context: RuleContext): boolean {
  const migration = context.migration;
  if (migration.transactionMode !== 'wrapped') return false;
  return migration.statements.every((s) => isSessionSetting(s) || (!isTransactionControl(s) && requirementOf(context, s) !== undefined));
}

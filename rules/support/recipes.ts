/**
 * Wording shared by several rules' messages, so the same advice reads the
 * same everywhere.
 */
import type { RuleContext } from '../../src/engine/rule.js';

/** Where a statement that must not run in a transaction goes. */
export function noTransactionPlacement(context: RuleContext): string {
  if (context.migration.transactionMode === 'none' && !context.current?.transaction.explicit) return 'here, outside any transaction';
  return 'in a migration of its own whose first line is `-- pgshift:no-transaction`';
}

/** A statement as it should be written, ready to paste. */
export function asStatement(sql: string): string {
  return `\`${sql.trim()};\``;
}

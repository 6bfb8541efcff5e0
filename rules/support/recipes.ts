/**
 * Wording shared by several rules' messages, so the same advice reads the
 * same everywhere.
 */
import type { RuleContext } from '../../src/engine/rule.js';
import { scanTokens } from '../../src/parse/parse-sql.js';
import { SourceText } from '../../src/parse/source-text.js';

/** Where a statement that must not run in a transaction goes. */
export function noTransactionPlacement(context: RuleContext): string {
  if (context.migration.transaction.declaredAutocommit && context.current?.transaction.id === undefined) return 'here, outside any transaction';
  return `in ${context.migration.runner.outsideTransaction}`;
}

/** A statement as it should be written, ready to paste. */
export function asStatement(sql: string): string {
  const text = sql.trim();
  // After a trailing `--` comment, the semicolon goes on a line of its own or the comment swallows it.
  // Only text with a `--` on its last line can end in one, so the lexer runs only then.
  const last = text.slice(text.lastIndexOf('\n') + 1).includes('--') ? scanTokens(new SourceText(text))?.at(-1) : undefined;
  return `\`${text}${last?.kind === 'SQL_COMMENT' ? '\n' : ''};\``;
}

import { defineRule } from '../src/engine/rule.js';
import { asNode } from '../src/parse/ast.js';
import type { Token } from '../src/parse/parse-sql.js';
import { isComment } from '../src/parse/tokens.js';
import { lineOf } from './support/transactions.js';

const WRAP_ADVICE = 'let the runner wrap the migration in its one transaction; a statement that must run outside a transaction goes to {{outside}}';

const ENDING_KINDS = new Set(['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_PREPARE']);
const SAVEPOINT_KINDS = new Set(['TRANS_STMT_SAVEPOINT', 'TRANS_STMT_RELEASE', 'TRANS_STMT_ROLLBACK_TO']);

const END_EFFECTS: Partial<Record<string, string>> = {
  TRANS_STMT_ROLLBACK: 'everything before it is rolled back',
  TRANS_STMT_PREPARE: 'everything before it is set aside for two-phase commit until a COMMIT PREPARED',
};

export default defineRule({
  meta: {
    id: 'balanced-transactions',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Open and close transactions in pairs, and only where the runner leaves that to the file.',
      category: 'transaction',
    },
    messages: {
      beginInRunnerTransaction: `The runner already runs this migration in a transaction: this {{keyword}} is ignored with a warning ("there is already a transaction in progress") and the COMMIT that follows ends the runner's transaction early, so the statements after it run in autocommit, one at a time, and the migration no longer applies as one unit. Remove the {{keyword}} and its COMMIT and ${WRAP_ADVICE}.`,
      beginWithoutEnd:
        'The runner already runs this migration in a transaction: this {{keyword}} does nothing but warn ("there is already a transaction in progress"). Remove it.',
      nestedBegin:
        'A transaction is already open here (BEGIN at line {{line}}): this {{keyword}} is ignored with a warning ("there is already a transaction in progress") and the first COMMIT that follows ends the transaction of line {{line}}, so the statements after that COMMIT run in autocommit. Remove this {{keyword}} and the COMMIT that was meant to close it.',
      endsRunnerTransaction: `This {{keyword}} ends the transaction the runner opens around this migration: {{effect}}, the statements after it run {{after}}, and the migration no longer applies as one unit. Remove it and ${WRAP_ADVICE}.`,
      endWithoutTransaction: 'No transaction is open here: {{consequence}}. Remove this {{keyword}}, or add the BEGIN it was meant to close.',
      unclosedBegin:
        'This {{keyword}} is never closed: the migration ends with its transaction open, so nothing after it is committed by the file; Postgres rolls it all back when the session ends, and a runner that keeps the session runs its next work inside it. Add a COMMIT where the transaction should end.',
      savepointOutsideTransaction:
        '{{keyword}} can only be used in transaction blocks, and no transaction is open here: Postgres rejects it with an error and the migration fails. Remove it, or put it between BEGIN and COMMIT.',
    },
    hasSuggestions: true,
  },
  create(context) {
    const keyword = () => leadingKeywords(context.current?.tokens() ?? []);
    const outside = context.migration.runner.outsideTransaction;
    const endsLater = (index: number) =>
      context.migration.statements.slice(index + 1).some((s) => ENDING_KINDS.has(asNode(s.node, 'TransactionStmt')?.kind ?? ''));
    return {
      TransactionStmt(node) {
        const current = context.current;
        if (!current) return;
        const before = current.transaction;
        const event = current.transactionEvent;

        if (SAVEPOINT_KINDS.has(node.kind ?? '')) {
          if (before.id === undefined) context.report({ messageId: 'savepointOutsideTransaction', data: { keyword: keyword() } });
          return;
        }
        if (event.kind === 'begin' && event.nested) {
          const opener = before.openedAt === undefined ? undefined : context.migration.statements[before.openedAt];
          if (before.explicit && opener) context.report({ messageId: 'nestedBegin', data: { keyword: keyword(), line: lineOf(context, opener) } });
          else context.report({ messageId: endsLater(current.statement.index) ? 'beginInRunnerTransaction' : 'beginWithoutEnd', data: { keyword: keyword(), outside } });
          return;
        }
        if (event.kind !== 'end') return;
        if (event.withoutTransaction) {
          const written = node.chain ? `${keyword()} AND CHAIN` : keyword();
          const consequence = node.chain
            ? `Postgres rejects it with an error ("${written} can only be used in transaction blocks") and the migration fails`
            : 'Postgres only warns ("there is no transaction in progress") and does nothing';
          context.report({ messageId: 'endWithoutTransaction', data: { keyword: written, consequence } });
        } else if (event.closedRunnerTransaction) {
          context.report({
            messageId: 'endsRunnerTransaction',
            data: {
              keyword: keyword(),
              effect: END_EFFECTS[node.kind ?? ''] ?? 'everything before it is committed on its own',
              after: node.chain ? 'in a new transaction' : 'in autocommit, one at a time',
              outside,
            },
          });
        }
      },
      'Migration:exit'() {
        const migration = context.migration;
        // A script (Alembic's output) may leave a transaction open for its next part; a runner's own transaction is not the file's to close.
        if (migration.streamContinues || migration.transaction.mode === 'wrapped') return;
        const end = migration.finalTransaction();
        if (!end.explicit) return;
        const begin = end.openedAt === undefined ? undefined : migration.statements[end.openedAt];
        const last = migration.statements[migration.statements.length - 1];
        if (!last) return;
        context.report({
          messageId: 'unclosedBegin',
          data: { keyword: begin && asNode(begin.node, 'TransactionStmt')?.kind === 'TRANS_STMT_START' ? 'START TRANSACTION' : 'BEGIN' },
          range: (begin ?? last).range,
          // Inserted before the last statement's own semicolon, so both statements keep one.
          suggestions: [{ desc: 'Commit at the end of the file', edits: [{ range: [last.range[1], last.range[1]], text: ';\nCOMMIT' }] }],
        });
      },
    };
  },
});

/** How the statement was written, for the message: BEGIN, START TRANSACTION, END, ABORT, RELEASE SAVEPOINT … */
function leadingKeywords(tokens: readonly Token[]): string {
  const [first = '', second = ''] = tokens.filter((t) => !isComment(t)).map((t) => t.text.toUpperCase());
  if (first === 'START') return 'START TRANSACTION';
  if (first === 'RELEASE') return 'RELEASE SAVEPOINT';
  if (first === 'ROLLBACK' && second === 'TO') return 'ROLLBACK TO SAVEPOINT';
  if (first === 'PREPARE') return 'PREPARE TRANSACTION';
  return first;
}

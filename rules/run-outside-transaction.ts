import { defineRule } from '../src/engine/rule.js';
import { fitsNoTransaction, openingBegin, requirementOf, transactionOrigin } from './support/transactions.js';

export default defineRule({
  meta: {
    id: 'run-outside-transaction',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Run statements that cannot run inside a transaction block in a migration without one.',
      category: 'transaction',
    },
    messages: {
      insideTransaction:
        '{{command}} cannot run inside a transaction block, but here it runs inside {{transaction}}, so Postgres rejects it and the migration fails. {{placement}}.',
    },
    hasSuggestions: true,
  },
  create(context) {
    return {
      Statement(statement) {
        const current = context.current;
        if (!current || current.transaction.id === undefined) return;
        const requirement = requirementOf(context, statement);
        // When it depends on what pgshift cannot see (is the table partitioned?), the statement may well be fine.
        if (!requirement?.certain) return;

        const runner = context.migration.runner;
        const optOut = fitsNoTransaction(context) ? runner.optOut : undefined;
        let placement = `Move it to ${runner.outsideTransaction}`;
        if (optOut) placement = `${optOut.instruction}, so ${runner.tool === 'pgshift' ? 'the runner' : runner.tool} runs it outside a transaction`;
        else if (openingBegin(context)) placement = `Take it out of the BEGIN … COMMIT block; it belongs in ${runner.outsideTransaction}`;
        context.report({
          messageId: 'insideTransaction',
          data: { command: requirement.command, transaction: transactionOrigin(context), placement },
          suggestions: optOut?.edit ? [{ desc: 'Run this migration outside a transaction', edits: [optOut.edit] }] : [],
        });
      },
    };
  },
});

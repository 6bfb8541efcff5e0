import { defineRule } from '../src/engine/rule.js';
import { fitsNoTransaction, lineOf, NO_TRANSACTION_DIRECTIVE, openingBegin, requirementOf } from './support/transactions.js';

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

        const begin = openingBegin(context);
        const transaction = begin ? `the transaction opened by the BEGIN at line ${lineOf(context, begin)}` : 'the transaction the runner opens around this migration';
        const alone = fitsNoTransaction(context);
        const ownMigration = `a migration of its own whose first line is \`${NO_TRANSACTION_DIRECTIVE}\``;
        let placement = `Move it to ${ownMigration}`;
        if (alone) placement = `Make \`${NO_TRANSACTION_DIRECTIVE}\` the first line of this migration, so the runner sends each statement on its own`;
        else if (begin) placement = `Take it out of the BEGIN … COMMIT block; it belongs in ${ownMigration}`;
        context.report({
          messageId: 'insideTransaction',
          data: { command: requirement.command, transaction, placement },
          suggestions: alone ? [{ desc: 'Run this migration outside a transaction', edits: [{ range: [0, 0], text: `${NO_TRANSACTION_DIRECTIVE}\n` }] }] : [],
        });
      },
    };
  },
});

import { defineRule } from '../src/engine/rule.js';
import { describeLock } from '../src/model/locks.js';
import { findKeyword } from '../src/parse/tokens.js';
import { insertConcurrently } from './support/index-work.js';
import { asStatement, noTransactionPlacement } from './support/recipes.js';

const HOLDS = "REFRESH MATERIALIZED VIEW holds {{lock}} while it reruns the view's query, which grows with the data, so every read of {{view}} waits for the whole refresh.";

export default defineRule({
  meta: {
    id: 'refresh-materialized-view-concurrently',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Refresh existing materialized views with REFRESH MATERIALIZED VIEW CONCURRENTLY.',
      category: 'index',
    },
    messages: {
      refresh: `${HOLDS} Refresh it concurrently: {{rewritten}} holds {{concurrentLock}} instead, and may stay inside the transaction. It needs a unique index on {{view}} that uses column names only and has no WHERE clause, and a view that is already populated.`,
      needsUniqueIndex: `${HOLDS} REFRESH … CONCURRENTLY needs a unique index on {{view}} that uses column names only and has no WHERE clause, and {{view}} has none: create one first, {{createIndex}} {{placement}}; then {{rewritten}} holds {{concurrentLock}} instead, and may stay inside the transaction.`,
    },
    hasSuggestions: true,
  },
  create(context) {
    return {
      RefreshMatViewStmt(node) {
        const statement = context.current;
        // WITH NO DATA only swaps in empty storage: no query runs.
        if (!statement || node.concurrent || node.skipData) return;
        const view = context.relation(node.relation);
        // A new view is unseen by running code; an unpopulated one cannot be read (nor refreshed concurrently) anyway.
        if (view.isNew || view.table?.populated === false) return;

        const tokens = statement.tokens();
        const viewKeyword = tokens[findKeyword(tokens, 'VIEW')];
        if (!viewKeyword) return;
        const concurrently = insertConcurrently(viewKeyword);
        const data = {
          view: view.text,
          lock: describeLock('ACCESS EXCLUSIVE', view.text),
          concurrentLock: describeLock('EXCLUSIVE', view.text),
          rewritten: asStatement(statement.rewrite([concurrently])),
        };

        // The replay saw the view created, so it saw every index on it too.
        const indexesKnown = view.table?.created !== undefined;
        const usable = context.schema.model.indexesOn(view.key).some((index) => index.unique && index.valid && !index.partial && !index.expressions);
        if (indexesKnown && !usable) {
          context.report({
            messageId: 'needsUniqueIndex',
            data: { ...data, createIndex: asStatement(`CREATE UNIQUE INDEX CONCURRENTLY ON ${view.text} (<columns that identify a row>)`), placement: noTransactionPlacement(context) },
          });
          return;
        }
        context.report({ messageId: 'refresh', data, suggestions: [{ desc: 'Refresh concurrently', edits: [concurrently] }] });
      },
    };
  },
});

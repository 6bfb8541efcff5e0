import { defineRule } from '../src/engine/rule.js';
import { asNode } from '../src/parse/ast.js';
import { nameSpan, tokenAt } from '../src/parse/tokens.js';
import { asStatement } from './support/recipes.js';
import { batchKey, keyNote, knownHere, knownReferences, lockOn, nextBatch, twoReleases } from './support/breaking.js';

export default defineRule({
  meta: {
    id: 'no-truncate',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Do not TRUNCATE a table that running code uses.',
      category: 'breaking',
    },
    messages: {
      truncate:
        'TRUNCATE {{table}} deletes every row while running code still reads and writes the table, and takes {{lock}} until its transaction commits; transactions with an older snapshot then see it empty (TRUNCATE is not MVCC-safe).{{cascade}} If the rows must go, delete them in batches outside the migration, {{batched}}, repeated until it deletes nothing{{keyNote}}. If the table itself is obsolete, {{steps}}.',
    },
  },
  create(context) {
    return {
      TruncateStmt(node) {
        const statement = context.current;
        if (!statement) return;
        const tokens = statement.tokens();
        for (const item of node.relations ?? []) {
          const relation = asNode(item, 'RangeVar');
          const table = context.relation(relation);
          if (table.isNew) continue;
          const cascade =
            node.behavior === 'DROP_CASCADE'
              ? ` CASCADE also empties every table with a foreign key to ${table.text}, and the tables that reference those in turn${knownHere(knownReferences(context, table))}.`
              : '';
          const key = batchKey(table);
          const range = nameSpan(tokens, tokenAt(tokens, statement.indexOfLocation(relation?.location)));
          context.report({
            messageId: 'truncate',
            data: {
              table: table.text,
              lock: lockOn(context, table),
              cascade,
              batched: asStatement(`DELETE FROM ${table.text} WHERE ${nextBatch(table.text, key)}`),
              keyNote: keyNote(key, table.text),
              steps: twoReleases(table.text, 'drop it'),
            },
            range,
          });
        }
      },
    };
  },
});

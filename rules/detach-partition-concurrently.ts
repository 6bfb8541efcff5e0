import { defineRule } from '../src/engine/rule.js';
import { describeLock } from '../src/model/locks.js';
import { asNode } from '../src/parse/ast.js';
import { insertAfter, nameSpan, tokenAt } from '../src/parse/tokens.js';
import { BOUND_THE_WAIT, HELD_AND_QUEUED, lockWaitBounded, outsideTransactionEdits } from './support/index-work.js';
import { asStatement, noTransactionPlacement } from './support/recipes.js';

const TAKES = `DETACH PARTITION takes {{lock}}, and the same on partition {{partition}}, ${HELD_AND_QUEUED}.`;
const QUICK = `The detach itself is quick (it changes only the catalogs), so ${BOUND_THE_WAIT}`;

export default defineRule({
  meta: {
    id: 'detach-partition-concurrently',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Detach partitions of existing tables with DETACH PARTITION … CONCURRENTLY.',
      category: 'index',
    },
    messages: {
      detach: `${TAKES} Detach it concurrently, which lets reads and writes continue: {{rewritten}} {{placement}}. It is refused while {{table}} has a DEFAULT partition, and it runs in two transactions: if it is interrupted, complete it with {{finalize}}.`,
      before14: `${TAKES} PostgreSQL {{version}} has no DETACH PARTITION … CONCURRENTLY (it arrived in 14). ${QUICK}. Once the server runs 14 or later, use {{rewritten}}.`,
      defaultPartition: `${TAKES} {{table}} has a DEFAULT partition ({{defaultPartition}}), and DETACH PARTITION … CONCURRENTLY is refused while one exists. ${QUICK}.`,
    },
    hasSuggestions: true,
  },
  create(context) {
    return {
      AlterTableStmt(node) {
        const statement = context.current;
        // DETACH PARTITION is always the only command of its ALTER TABLE.
        const cmd = asNode(node.cmds?.[0], 'AlterTableCmd');
        const partitionCmd = asNode(cmd?.def, 'PartitionCmd');
        if (!statement || cmd?.subtype !== 'AT_DetachPartition' || !partitionCmd || partitionCmd.concurrent) return;
        const table = context.relation(node.relation);
        // A parent created in this scope is unseen by running code; a new partition still locks a live parent.
        if (table.isNew) return;

        const tokens = statement.tokens();
        const partitionSpan = nameSpan(tokens, tokenAt(tokens, statement.indexOfLocation(partitionCmd.name?.location)));
        const partitionEnd = tokens.find((t) => t.range[1] === partitionSpan?.[1]);
        if (!partitionEnd) return;
        const concurrently = insertAfter(partitionEnd, ' CONCURRENTLY');
        const data = {
          lock: describeLock('ACCESS EXCLUSIVE', table.text),
          partition: context.relation(partitionCmd.name).text,
          table: table.text,
          rewritten: asStatement(statement.rewrite([concurrently])),
        };

        const defaultPartition = context.schema.model.defaultPartitionOf(table.key);
        if (context.settings.pgVersion < 14 || defaultPartition) {
          // No concurrent form: with the lock wait bounded there is nothing left to fix.
          if (lockWaitBounded(context)) return;
          if (context.settings.pgVersion < 14) {
            context.report({ messageId: 'before14', data: { ...data, version: context.settings.pgVersion } });
          } else if (defaultPartition) {
            const name = context.schema.relationByName(defaultPartition.schema, defaultPartition.name);
            context.report({ messageId: 'defaultPartition', data: { ...data, defaultPartition: name.text } });
          }
          return;
        }
        context.report({
          messageId: 'detach',
          data: { ...data, placement: noTransactionPlacement(context), finalize: asStatement(statement.rewrite([insertAfter(partitionEnd, ' FINALIZE')])) },
          suggestions: [{ desc: 'Detach the partition concurrently', edits: outsideTransactionEdits(context, [concurrently]) }],
        });
      },
    };
  },
});

import { defineRule, type Edit } from '../src/engine/rule.js';
import { describeLock, droppedIndexTable } from '../src/model/locks.js';
import { asNode } from '../src/parse/ast.js';
import { findKeyword } from '../src/parse/tokens.js';
import {
  BOUND_THE_WAIT,
  deleteToken,
  HELD_AND_QUEUED,
  insertConcurrently,
  lockWaitBounded,
  nameListSpans,
  nextPastIfExists,
  outsideTransactionEdits,
  writtenText,
} from './support/index-work.js';
import { asStatement, noTransactionPlacement } from './support/recipes.js';

export default defineRule({
  meta: {
    id: 'drop-index-concurrently',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Drop indexes of existing tables with DROP INDEX CONCURRENTLY.',
      category: 'index',
    },
    messages: {
      dropIndex: `DROP INDEX takes {{lock}} ${HELD_AND_QUEUED}. Drop it concurrently: {{rewritten}} {{placement}}.{{cascade}}`,
      dropIndexes: `DROP INDEX takes {{lock}} ${HELD_AND_QUEUED}. DROP INDEX CONCURRENTLY drops one index per statement: {{rewritten}}, {{placement}}.{{cascade}}`,
      partitioned: `DROP INDEX {{index}} on partitioned table {{table}} takes {{lock}}, and the same on every partition, ${HELD_AND_QUEUED}; and an index on a partitioned table cannot be dropped CONCURRENTLY. The drop itself is quick (it removes catalog entries and files); the danger is the wait for the lock, so ${BOUND_THE_WAIT}.`,
    },
    hasSuggestions: true,
  },
  create(context) {
    return {
      DropStmt(node) {
        const statement = context.current;
        if (!statement || node.removeType !== 'OBJECT_INDEX' || node.concurrent) return;
        const indexes = (node.objects ?? []).map((object) => {
          const names = asNode(object, 'List')?.items;
          const table = droppedIndexTable(names, context.schema);
          const ref = context.schema.index(names);
          // An index or table created in this scope is unseen by running code.
          const live = !context.schema.isNew(ref.index?.created) && !table.isNew;
          return { ref, table, live, partitioned: ref.index !== undefined && table.kind === 'partitioned table' };
        });

        // No concurrent form: with the lock wait bounded there is nothing left to fix.
        const partitioned = lockWaitBounded(context) ? [] : indexes.filter((i) => i.live && i.partitioned);
        for (const { ref, table } of partitioned) {
          context.report({ messageId: 'partitioned', data: { index: ref.text, table: table.text, lock: describeLock('ACCESS EXCLUSIVE', table.text) } });
        }

        const live = indexes.filter((i) => i.live && !i.partitioned);
        if (live.length === 0) return;

        const tokens = statement.tokens();
        const indexKeyword = findKeyword(tokens, 'INDEX');
        const list = nameListSpans(tokens, nextPastIfExists(tokens, indexKeyword));
        const keyword = tokens[indexKeyword];
        if (!keyword || list.spans.length !== indexes.length) return;
        const edits: Edit[] = [insertConcurrently(keyword)];
        const cascade = findKeyword(tokens, 'CASCADE', list.last + 1);
        if (cascade >= 0) edits.push(deleteToken(tokens, cascade));

        const tables = [...new Set(live.map(({ ref, table }) => (ref.index ? table.text : `the table of ${ref.text}`)))];
        const data = {
          lock: describeLock('ACCESS EXCLUSIVE', tables.join(' and ')),
          placement: noTransactionPlacement(context),
          cascade: cascade >= 0 ? ' DROP INDEX CONCURRENTLY does not support CASCADE: first drop what depends on the index (such as a foreign key that relies on a unique index), in statements of their own.' : '',
        };

        if (indexes.length === 1) {
          context.report({
            messageId: 'dropIndex',
            data: { ...data, rewritten: asStatement(statement.rewrite(edits)) },
            // Without CASCADE the statement would fail where something depends on the index: not mechanical.
            suggestions: cascade >= 0 ? [] : [{ desc: 'Drop the index concurrently', edits: outsideTransactionEdits(context, edits) }],
          });
          return;
        }
        const listRange = [list.spans[0]?.[0] ?? 0, list.spans[list.spans.length - 1]?.[1] ?? 0] as const;
        const statements = indexes.flatMap((index, k) => {
          const span = list.spans[k];
          if (index.partitioned || !span) return [];
          return [asStatement(statement.rewrite([...edits, { range: listRange, text: writtenText(statement, span) }]))];
        });
        context.report({ messageId: statements.length === 1 ? 'dropIndex' : 'dropIndexes', data: { ...data, rewritten: statements.join(' ') } });
      },
    };
  },
});

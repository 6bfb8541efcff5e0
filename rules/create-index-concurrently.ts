import { defineRule, type Edit } from '../src/engine/rule.js';
import { describeLock } from '../src/model/locks.js';
import { findKeyword, insertAfter, nameSpan, tokenAt } from '../src/parse/tokens.js';
import { asStatement, noTransactionPlacement } from './support/recipes.js';

export default defineRule({
  meta: {
    id: 'create-index-concurrently',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Build indexes on existing tables with CREATE INDEX CONCURRENTLY.',
      category: 'index',
    },
    messages: {
      createIndex:
        'CREATE INDEX holds {{lock}} for the whole build, which grows with the table. Build it concurrently: {{rewritten}} {{placement}}.',
      partitioned:
        'CREATE INDEX on partitioned table {{table}} holds {{lock}}, and the same on every partition, for the whole build; and CONCURRENTLY is not supported on a partitioned table. Build it per partition: {{onlyParent}} (instant; the parent index starts invalid), then for each partition {{perPartition}} in a `-- pgshift:no-transaction` migration, then `ALTER INDEX {{index}} ATTACH PARTITION <partition>_{{index}};`; the parent index becomes valid once every partition has its index attached.',
    },
    hasSuggestions: true,
  },
  create(context) {
    return {
      IndexStmt(node) {
        const statement = context.current;
        if (!statement || node.concurrent) return;
        const table = context.relation(node.relation);
        // A table created in this scope is empty and unseen by running code; ON ONLY builds nothing.
        if (table.isNew || node.relation?.inh === false) return;

        const lock = describeLock('SHARE', table.text);
        const tokens = statement.tokens();
        const indexKeyword = tokens[findKeyword(tokens, 'INDEX')];
        if (!indexKeyword) return;
        const concurrently = insertAfter(indexKeyword, ' CONCURRENTLY');

        if (table.kind === 'partitioned table') {
          const relationSpan = nameSpan(tokens, tokenAt(tokens, statement.indexOfLocation(node.relation?.location)));
          const nameToken = node.idxname ? tokens.find((t) => t.text === node.idxname || t.text === `"${node.idxname}"`) : undefined;
          const index = node.idxname ?? `${table.name}_idx`;
          const perPartition: Edit[] = [concurrently];
          if (relationSpan) perPartition.push({ range: relationSpan, text: '<partition>' });
          if (nameToken) perPartition.push({ range: nameToken.range, text: `<partition>_${index}` });
          const onlyParent = relationSpan ? [{ range: [relationSpan[0], relationSpan[0]] as const, text: 'ONLY ' }] : [];
          context.report({
            messageId: 'partitioned',
            data: {
              table: table.text,
              lock,
              onlyParent: asStatement(statement.rewrite(onlyParent)),
              perPartition: asStatement(statement.rewrite(perPartition)),
              index,
            },
          });
          return;
        }

        const edits: Edit[] = [concurrently];
        // Alone in a file the runner wraps in a transaction, the statement also needs the directive.
        if (context.migration.transactionMode === 'wrapped' && context.migration.statements.length === 1) {
          edits.unshift({ range: [0, 0], text: '-- pgshift:no-transaction\n' });
        }
        context.report({
          messageId: 'createIndex',
          data: { lock, rewritten: asStatement(statement.rewrite([concurrently])), placement: noTransactionPlacement(context) },
          suggestions: [{ desc: 'Build the index concurrently', edits }],
        });
      },
    };
  },
});

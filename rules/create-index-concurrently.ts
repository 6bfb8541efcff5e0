import { defineRule, type Edit } from '../src/engine/rule.js';
import { describeLock } from '../src/model/locks.js';
import { makeObjectName } from '../src/model/replay.js';
import type { Node } from 'libpg-query';
import { asNode, quoteIdent } from '../src/parse/ast.js';
import type { Token } from '../src/parse/parse-sql.js';
import { findKeyword, insertAfter, isKeyword, nameSpan, tokenAt } from '../src/parse/tokens.js';
import { insertConcurrently, nextPastIfExists, outsideTransactionEdits } from './support/index-work.js';
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
        // A table created in this scope is empty and unseen by running code.
        if (table.isNew) return;
        // ON ONLY builds nothing on a partitioned table (an unknown one is most likely partitioned, since ONLY is
        // written for them); on a plain table Postgres ignores ONLY and builds the whole index.
        const onlyParent = node.relation?.inh !== true;
        if (onlyParent && (table.kind === 'partitioned table' || table.kind === undefined)) return;

        const lock = describeLock('SHARE', table.text);
        const tokens = statement.tokens();
        const indexKeyword = tokens[findKeyword(tokens, 'INDEX')];
        if (!indexKeyword) return;
        const concurrently = insertConcurrently(indexKeyword);

        if (table.kind === 'partitioned table') {
          const relationSpan = nameSpan(tokens, tokenAt(tokens, statement.indexOfLocation(node.relation?.location)));
          const nameToken = indexNameToken(tokens, tokens.indexOf(indexKeyword));
          const index = node.idxname ?? makeObjectName(table.name, columnNames(node.indexParams), 'idx');
          const partitionIndex = `<partition>_${index}`;
          // Unnamed, each index would get a name of Postgres' choosing, and ATTACH PARTITION needs to know both.
          const perPartition: Edit[] = [nameToken ? { range: nameToken.range, text: partitionIndex } : insertAfter(indexKeyword, ` CONCURRENTLY ${partitionIndex}`)];
          if (nameToken) perPartition.push(concurrently);
          const onlyParent: Edit[] = nameToken ? [] : [insertAfter(indexKeyword, ` ${quoteIdent(index)}`)];
          if (relationSpan) {
            perPartition.push({ range: relationSpan, text: '<partition>' });
            onlyParent.push({ range: [relationSpan[0], relationSpan[0]], text: 'ONLY ' });
          }
          context.report({
            messageId: 'partitioned',
            data: {
              table: table.text,
              lock,
              onlyParent: asStatement(statement.rewrite(onlyParent)),
              perPartition: asStatement(statement.rewrite(perPartition)),
              index: quoteIdent(index),
            },
          });
          return;
        }

        context.report({
          messageId: 'createIndex',
          data: { lock, rewritten: asStatement(statement.rewrite([concurrently])), placement: noTransactionPlacement(context) },
          suggestions: [{ desc: 'Build the index concurrently', edits: outsideTransactionEdits(context, [concurrently]) }],
        });
      },
    };
  },
});

/** The index name token: the first code token after INDEX [IF NOT EXISTS], unless that is ON. */
function indexNameToken(tokens: readonly Token[], indexKeyword: number): Token | undefined {
  const token = tokens[nextPastIfExists(tokens, indexKeyword)];
  return token && !isKeyword(token, 'ON') ? token : undefined;
}

function columnNames(params: readonly Node[] | undefined): string {
  return (params ?? []).map((p) => asNode(p, 'IndexElem')?.name ?? 'expr').join('_');
}

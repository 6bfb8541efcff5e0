import type { ReindexStmt } from 'libpg-query';
import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { describeLock } from '../src/model/locks.js';
import { booleanOption, quoteIdent } from '../src/parse/ast.js';
import { findKeyword } from '../src/parse/tokens.js';
import { insertConcurrently, outsideTransactionEdits } from './support/index-work.js';
import { asStatement, noTransactionPlacement } from './support/recipes.js';

const GROWS =
  '{{command}} holds {{locks}} for the whole rebuild, which grows with the table. An ACCESS EXCLUSIVE lock on an index blocks more than writes: the planner locks every index of a table it plans a query on, so reads of the table wait too.';

export default defineRule({
  meta: {
    id: 'reindex-concurrently',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Rebuild indexes of existing tables with REINDEX CONCURRENTLY.',
      category: 'index',
    },
    messages: {
      reindex: `${GROWS} Rebuild concurrently: {{rewritten}} {{placement}}.`,
      manual: `${GROWS} REINDEX CONCURRENTLY arrived in PostgreSQL 12 and the target is {{version}}, so rebuild {{which}} by hand: \`CREATE INDEX CONCURRENTLY {{newIndex}} ON …\` with the same definition, then \`DROP INDEX CONCURRENTLY {{oldIndex}};\`, each {{placement}}, then \`ALTER INDEX {{newIndex}} RENAME TO {{oldIndex}};\`.`,
      system:
        'REINDEX SYSTEM rebuilds the indexes of the system catalogs under a SHARE lock on each catalog and an ACCESS EXCLUSIVE lock on its indexes, which stalls every query that has to look something up in the catalogs, and system catalogs cannot be reindexed CONCURRENTLY. Keep it out of migrations: run it by hand in a maintenance window.',
    },
    hasSuggestions: true,
  },
  create(context) {
    return {
      ReindexStmt(node) {
        const statement = context.current;
        if (!statement || booleanOption(node.params, 'concurrently')) return;
        if (node.kind === 'REINDEX_OBJECT_SYSTEM') {
          context.report({ messageId: 'system' });
          return;
        }
        const target = reindexTarget(node, context);
        if (!target || target.isNew) return;

        const tokens = statement.tokens();
        const kindKeyword = tokens[findKeyword(tokens, target.keyword)];
        if (!kindKeyword) return;
        const command = `REINDEX ${target.keyword}`;
        const placement = noTransactionPlacement(context);

        if (context.settings.pgVersion < 12) {
          context.report({
            messageId: 'manual',
            data: {
              command,
              locks: target.locks,
              version: context.settings.pgVersion,
              which: target.which,
              oldIndex: target.index ?? '<index>',
              newIndex: target.index ? quoteIdent(`${target.indexName}_new`) : '<index>_new',
              placement,
            },
          });
          return;
        }
        const concurrently = insertConcurrently(kindKeyword);
        context.report({
          messageId: 'reindex',
          data: { command, locks: target.locks, rewritten: asStatement(statement.rewrite([concurrently])), placement },
          suggestions: [{ desc: 'Rebuild concurrently', edits: outsideTransactionEdits(context, [concurrently]) }],
        });
      },
    };
  },
});

interface Target {
  keyword: 'INDEX' | 'TABLE' | 'SCHEMA' | 'DATABASE';
  /** created in this scope, so unseen by running code */
  isNew: boolean;
  locks: string;
  /** what the manual recipe rebuilds */
  which: string;
  /** the index as written, for REINDEX INDEX */
  index?: string;
  indexName?: string;
}

function reindexTarget(node: ReindexStmt, context: RuleContext): Target | undefined {
  const schema = context.schema;
  switch (node.kind) {
    case 'REINDEX_OBJECT_INDEX': {
      const ref = schema.indexByName(node.relation?.relname ?? '?', node.relation?.schemaname);
      const tableKey = ref.index?.table;
      const known = tableKey ? schema.model.tables.get(tableKey) : undefined;
      const table = known ? schema.relationByName(known.schema, known.name) : undefined;
      const locks = table
        ? `${describeLock('SHARE', table.text)} and an ACCESS EXCLUSIVE lock on index ${ref.text}`
        : `${describeLock('SHARE', `the table of ${ref.text}`)} and an ACCESS EXCLUSIVE lock on the index`;
      const isNew = schema.isNew(ref.index?.created) || table?.isNew === true;
      return { keyword: 'INDEX', isNew, locks, which: ref.text, index: ref.text, indexName: ref.name };
    }
    case 'REINDEX_OBJECT_TABLE': {
      const table = context.relation(node.relation);
      const locks = `${describeLock('SHARE', table.text)} and an ACCESS EXCLUSIVE lock on each of its indexes`;
      return { keyword: 'TABLE', isNew: table.isNew, locks, which: `each index of ${table.text}` };
    }
    case 'REINDEX_OBJECT_SCHEMA': {
      const name = node.name ?? '?';
      const locks = `a SHARE lock on each table of schema ${quoteIdent(name)} in turn, and an ACCESS EXCLUSIVE lock on its indexes (blocks every read and write of that table)`;
      return { keyword: 'SCHEMA', isNew: schema.isNew(schema.model.schemas.get(name)?.created), locks, which: `each index in schema ${quoteIdent(name)}` };
    }
    case 'REINDEX_OBJECT_DATABASE': {
      const locks = 'a SHARE lock on each table of the database in turn, and an ACCESS EXCLUSIVE lock on its indexes (blocks every read and write of that table)';
      return { keyword: 'DATABASE', isNew: false, locks, which: 'each index of the database' };
    }
    default:
      return undefined;
  }
}

import { defineRule } from '../src/engine/rule.js';
import { describeLock } from '../src/model/locks.js';
import { quoteIdent } from '../src/parse/ast.js';
import { pgRepackCommand } from './support/index-work.js';
import { asStatement } from './support/recipes.js';

const ONLINE = 'pg_repack copies the table in index order while reads and writes continue and takes ACCESS EXCLUSIVE only for a moment at the end (pg_squeeze can do the same).';

export default defineRule({
  meta: {
    id: 'no-cluster',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Do not run CLUSTER on existing tables; it locks them for a full rewrite.',
      category: 'index',
    },
    messages: {
      cluster: `CLUSTER rewrites {{table}} in index order, holding {{lock}} for the whole rewrite, which grows with the table, and needs disk space for a full copy. Reorder it online instead: {{steps}}. ${ONLINE}`,
      clusterAll: `CLUSTER without a table rewrites every table of the database that was clustered before, in turn, each under an ACCESS EXCLUSIVE lock (blocks every read and write) for its whole rewrite. Reorder them online instead, outside migrations: \`pg_repack --table=<table>\` for each, which orders by its cluster index. ${ONLINE}`,
    },
  },
  create(context) {
    return {
      ClusterStmt(node) {
        if (!context.current) return;
        if (!node.relation) {
          context.report({ messageId: 'clusterAll' });
          return;
        }
        const table = context.relation(node.relation);
        // A table created in this scope is unseen by running code.
        if (table.isNew) return;
        const repack = pgRepackCommand([], [table.text]);
        // pg_repack orders by the table's cluster index; CLUSTER … USING names it, ALTER TABLE … CLUSTER ON records it.
        const steps = node.indexname
          ? `${asStatement(`ALTER TABLE ${table.text} CLUSTER ON ${quoteIdent(node.indexname)}`)} in a migration (it only records the index, under a brief SHARE UPDATE EXCLUSIVE lock), then ${repack} outside migrations`
          : `${repack} outside migrations, which orders by the index CLUSTER used last`;
        context.report({ messageId: 'cluster', data: { table: table.text, lock: describeLock('ACCESS EXCLUSIVE', table.text), steps } });
      },
    };
  },
});

import type { AlterTableCmd, AlterTableStmt } from 'libpg-query';
import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { describeLock } from '../src/model/locks.js';
import { asNode, quoteIdent } from '../src/parse/ast.js';
import { asStatement, noTransactionPlacement } from './support/recipes.js';
import { liveTable } from './support/rewrites.js';

/** REINDEX … CONCURRENTLY takes a TABLESPACE option from PostgreSQL 14. */
const REINDEX_TABLESPACE_VERSION = 14;

const COPYING_COMMANDS = new Set(['AT_SetLogged', 'AT_SetUnLogged', 'AT_SetTableSpace', 'AT_SetAccessMethod']);

const OBJECT_WORDS: Partial<Record<string, string>> = {
  OBJECT_TABLE: 'table',
  OBJECT_MATVIEW: 'materialized view',
  OBJECT_INDEX: 'index',
};

export default defineRule({
  meta: {
    id: 'no-table-rewrite',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Do not rewrite or move a whole existing table with SET LOGGED, SET UNLOGGED, SET TABLESPACE or SET ACCESS METHOD.',
      category: 'rewrite',
    },
    messages: {
      setTablespace:
        'ALTER {{objectUpper}} … SET TABLESPACE {{tablespace}} copies every block of {{table}} into the new tablespace while holding {{lock}}: everything that touches the {{object}} waits, for a time that grows with its size. Move it online instead: {{alternative}}',
      setIndexTablespace:
        'ALTER INDEX {{index}} SET TABLESPACE {{tablespace}} copies the whole index while holding {{lock}}, and every query that plans against its table needs that index briefly, so it waits too, for a time that grows with the index. {{alternative}}',
      setPersistence:
        'ALTER TABLE … SET {{persistence}} rewrites {{table}} (unless it is already {{persistence}}) while holding {{lock}}, for a time that grows with the table. Instead, create a new {{persistence}} table with the same definition, copy the rows in batches while a trigger keeps it in sync, and switch the application to it; or run this in a maintenance window.',
      setAccessMethod:
        'ALTER {{objectUpper}} … SET ACCESS METHOD {{method}} rewrites every row of {{table}} into the new access method (unless it already uses it) while holding {{lock}}, for a time that grows with the {{object}}. Instead, create a new {{object}} USING {{method}}, copy the rows in batches while a trigger keeps it in sync, and switch the application to it; or run this in a maintenance window.',
      moveAll:
        'ALTER {{objectUpper}} ALL IN TABLESPACE {{from}} SET TABLESPACE {{to}} copies every {{object}} in {{from}}, each while holding an ACCESS EXCLUSIVE lock on it (blocks every read and write), for a time that grows with its size. Move them one by one online instead: {{alternative}}.',
    },
  },
  create(context) {
    return {
      AlterTableStmt(node) {
        for (const c of node.cmds ?? []) {
          const cmd = asNode(c, 'AlterTableCmd');
          if (cmd && COPYING_COMMANDS.has(cmd.subtype ?? '')) reportCommand(context, node, cmd);
        }
      },
      AlterTableMoveAllStmt(node) {
        const object = OBJECT_WORDS[node.objtype ?? ''] ?? 'table';
        const from = quoteIdent(node.orig_tablespacename ?? '?');
        const to = quoteIdent(node.new_tablespacename ?? '?');
        context.report({
          messageId: 'moveAll',
          data: {
            object,
            objectUpper: object.toUpperCase(),
            from,
            to,
            alternative: object === 'index' ? `${indexMove('<index>', to, context.settings.pgVersion)} for each index, ${noTransactionPlacement(context)}` : `\`pg_repack --table=<table> --tablespace=${to} --moveidx\` for each table`,
          },
        });
      },
    };
  },
});

function reportCommand(context: RuleContext, statement: AlterTableStmt, cmd: AlterTableCmd): void {
  const tablespace = quoteIdent(cmd.name ?? '?');
  if (statement.objtype === 'OBJECT_INDEX') {
    if (cmd.subtype !== 'AT_SetTableSpace') return;
    const index = context.schema.indexByName(statement.relation?.relname ?? '?', statement.relation?.schemaname);
    if (context.schema.isNew(index.index?.created)) return;
    context.report({
      messageId: 'setIndexTablespace',
      data: {
        index: index.text,
        tablespace,
        lock: describeLock('ACCESS EXCLUSIVE', `index ${index.text}`),
        alternative: `Rebuild it in the new tablespace instead: ${indexMove(index.text, tablespace, context.settings.pgVersion)} ${noTransactionPlacement(context)}.`,
      },
    });
    return;
  }
  const object = OBJECT_WORDS[statement.objtype ?? ''];
  if (!object) return;
  const table = object === 'table' ? liveTable(context, statement) : context.relation(statement.relation);
  // A partitioned table has no storage: SET TABLESPACE and SET ACCESS METHOD only set the default for new partitions.
  if (!table || table.isNew || table.kind === 'partitioned table') return;
  const data = { table: table.text, object, objectUpper: object.toUpperCase(), tablespace, lock: describeLock('ACCESS EXCLUSIVE', table.text) };
  switch (cmd.subtype) {
    case 'AT_SetTableSpace':
      context.report({
        messageId: 'setTablespace',
        data: {
          ...data,
          alternative:
            object === 'table'
              ? `\`pg_repack --table=${table.text} --tablespace=${tablespace} --moveidx\` holds that lock only briefly at the start and the end (the table needs a primary key or a unique index on NOT NULL columns); or create a new table in ${tablespace}, copy the rows in batches and switch to it.`
              : `create the materialized view again in ${tablespace} under a new name (\`CREATE MATERIALIZED VIEW … TABLESPACE ${tablespace} AS …\`), switch the application to it, and drop the old one in a later release.`,
        },
      });
      break;
    case 'AT_SetLogged':
    case 'AT_SetUnLogged':
      context.report({ messageId: 'setPersistence', data: { ...data, persistence: cmd.subtype === 'AT_SetLogged' ? 'LOGGED' : 'UNLOGGED' } });
      break;
    case 'AT_SetAccessMethod':
      context.report({ messageId: 'setAccessMethod', data: { ...data, method: cmd.name ? quoteIdent(cmd.name) : 'DEFAULT' } });
      break;
    default:
      break;
  }
}

/** Moving an index without blocking its table: a concurrent rebuild into the new tablespace. */
function indexMove(index: string, tablespace: string, pgVersion: number): string {
  if (pgVersion >= REINDEX_TABLESPACE_VERSION) return asStatement(`REINDEX (TABLESPACE ${tablespace}) INDEX CONCURRENTLY ${index}`);
  return `build a copy with \`CREATE INDEX CONCURRENTLY … TABLESPACE ${tablespace};\` and drop this one with \`DROP INDEX CONCURRENTLY ${index};\``;
}

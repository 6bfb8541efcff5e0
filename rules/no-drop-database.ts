import { defineRule } from '../src/engine/rule.js';
import { asNode, quoteIdent } from '../src/parse/ast.js';
import { literal } from './support/breaking.js';

export default defineRule({
  meta: {
    id: 'no-drop-database',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Do not drop a database in a migration.',
      category: 'breaking',
    },
    messages: {
      dropDatabase:
        'DROP DATABASE {{database}} deletes the whole database: every application connected to it breaks and all of its data is gone, and there is no transaction to roll back (it cannot run inside a transaction block){{sessions}}. A migration is the wrong place for it: retire the database by hand once every application that used it has been moved or shut down and a backup is taken. Check that `SELECT pid, usename, application_name FROM pg_stat_activity WHERE datname = {{literal}};` returns nothing, then run the DROP DATABASE yourself, outside the migrations.',
    },
  },
  create(context) {
    return {
      DropdbStmt(node) {
        const name = node.dbname ?? '?';
        const force = (node.options ?? []).some((o) => asNode(o, 'DefElem')?.defname === 'force');
        context.report({
          messageId: 'dropDatabase',
          data: {
            database: quoteIdent(name),
            literal: literal(name),
            sessions: force ? '; WITH (FORCE) also terminates every session still connected to it' : '; it fails while any other session is connected to it',
          },
        });
      },
    };
  },
});

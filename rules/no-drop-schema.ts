import { defineRule } from '../src/engine/rule.js';
import { asNode, quoteIdent } from '../src/parse/ast.js';
import { lockBlocks } from '../src/model/locks.js';
import { droppedObjectSpans, knownHere, twoReleases } from './support/breaking.js';

export default defineRule({
  meta: {
    id: 'no-drop-schema',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Do not drop a schema that running code may still use.',
      category: 'breaking',
    },
    messages: {
      dropSchema:
        'DROP SCHEMA {{schema}} breaks every running instance of the application that still uses anything in it or names it (in qualified names or its search_path).{{effect}} Retire it in two steps instead: {{steps}}.',
    },
  },
  create(context) {
    return {
      DropStmt(node) {
        if (node.removeType !== 'OBJECT_SCHEMA') return;
        const spans = droppedObjectSpans(context, 'SCHEMA', node.objects?.length);
        const cascade = node.behavior === 'DROP_CASCADE';
        (node.objects ?? []).forEach((object, i) => {
          const name = asNode(object, 'String')?.sval;
          if (name === undefined || context.schema.isNew(context.schema.model.schemas.get(name)?.created)) return;
          const schema = quoteIdent(name);
          const known = [...context.schema.model.tables.values()].filter((t) => t.schema === name).map((t) => quoteIdent(t.name));
          const effect = cascade
            ? ` CASCADE drops everything in it, tables with their rows, views, sequences, functions and types${knownHere(known)}, and whatever depends on those elsewhere (views, foreign keys of other tables), and takes an ACCESS EXCLUSIVE lock (${lockBlocks('ACCESS EXCLUSIVE')}) on every table it drops.`
            : ' Without CASCADE it fails unless the schema is already empty, so what is in it would have to be dropped first, each drop a breaking change of its own.';
          context.report({
            messageId: 'dropSchema',
            data: { schema, effect, steps: twoReleases(`${schema} and everything in it`, 'drop the schema') },
            range: spans[i],
          });
        });
      },
    };
  },
});

import { defineRule } from '../src/engine/rule.js';
import { ALL_COLUMN_SITES, onBuiltinColumn, reportColumnType } from './support/locking-and-style.js';

export default defineRule({
  meta: {
    id: 'prefer-jsonb',
    type: 'suggestion',
    defaultSeverity: 'warn',
    docs: {
      description: 'Store JSON columns as jsonb, not json.',
      category: 'style',
    },
    messages: {
      json:
        'Column {{column}} is json, which stores the text as written and parses it again on every access. json has no equality operator, so DISTINCT, GROUP BY and UNION over the column fail, and no operator class for any index method, so it can be in neither a unique index nor a GIN index. Use jsonb: {{rewritten}}',
    },
    hasSuggestions: true,
  },
  create(context) {
    return {
      ColumnDef: onBuiltinColumn(ALL_COLUMN_SITES, (column, type, _site, ancestors) => {
        if (type.name === 'json') reportColumnType(context, column, ancestors, { messageId: 'json', replacement: 'jsonb' });
      }),
    };
  },
});

import { defineRule } from '../src/engine/rule.js';
import { ALL_COLUMN_SITES, onBuiltinColumn, reportColumnType } from './support/locking-and-style.js';

export default defineRule({
  meta: {
    id: 'prefer-timestamptz',
    type: 'suggestion',
    defaultSeverity: 'off',
    docs: {
      description: 'Store points in time as timestamptz, not timestamp without time zone.',
      category: 'style',
    },
    messages: {
      timestamp:
        'Column {{column}} is a timestamp without time zone: it stores a wall-clock reading with no offset, so what instant a value means depends on the TimeZone of whoever wrote it, and local times in the hour a DST change repeats are ambiguous. timestamptz stores the instant (as UTC) and converts to the session TimeZone on input and output, in the same 8 bytes: {{rewritten}}',
    },
    hasSuggestions: true,
  },
  create(context) {
    return {
      ColumnDef: onBuiltinColumn(ALL_COLUMN_SITES, (column, type, _site, ancestors) => {
        if (type.name !== 'timestamp') return;
        const precision = type.modifiers ? `(${type.modifiers.join(',')})` : '';
        reportColumnType(context, column, ancestors, { messageId: 'timestamp', replacement: `timestamptz${precision}` });
      }),
    };
  },
});

import { testRule } from '../test/support/rule-tester.js';
import rule from './no-rename-enum-value.js';

testRule(rule, [
  {
    file: 'invalid.sql',
    reports: [
      {
        line: 2, column: 1, endLine: 2, endColumn: 63, messageId: 'renameValue',
        includes: [
          "Renaming value 'canceled' of enum order_status to 'cancelled' breaks running code that still writes or compares 'canceled'",
          "`ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'cancelled';` (the new label cannot be used until the transaction that adds it commits)",
          "`UPDATE <table> SET <column> = 'cancelled' WHERE id IN (SELECT id FROM <table> WHERE <column> = 'canceled' LIMIT 1000);`",
          "Postgres cannot drop a label from an enum, so 'canceled' stays in the type",
        ],
      },
      { line: 4, column: 1, endLine: 5, endColumn: 34, messageId: 'renameValue', includes: ['of enum app."Mood"', "`ALTER TYPE app.\"Mood\" ADD VALUE IF NOT EXISTS 'neutral';`"] },
    ],
  },
  {
    file: 'shipped.sql',
    after: ['history.sql'],
    reports: [
      {
        line: 1, column: 1, endLine: 1, endColumn: 63, messageId: 'renameValue',
        includes: [
          "`UPDATE public.orders SET status = 'cancelled' WHERE id IN (SELECT id FROM public.orders WHERE status = 'canceled' LIMIT 1000);`, each repeated until it updates nothing.",
          "`CHECK (status <> 'canceled')`",
        ],
      },
    ],
  },
  {
    file: 'shipped.sql',
    after: ['history.sql'],
    settings: { pgVersion: 11 },
    reports: [
      {
        line: 1, column: 1, endLine: 1, endColumn: 63, messageId: 'renameValue',
        includes: ["ADD VALUE IF NOT EXISTS 'cancelled';`, which before PostgreSQL 12 cannot run inside a transaction block: in a migration of its own whose first line is `-- pgshift:no-transaction`"],
      },
    ],
  },
  { file: 'valid.sql', reports: [] },
  { file: 'new-type.sql', reports: [] },
]);

import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { describeLock } from '../src/model/locks.js';
import type { RelationRef } from '../src/model/resolve.js';
import { CATALOG_ONLY_CHANGES, columnTypeChange } from '../src/model/type-changes.js';
import { asNode, nameListText, quoteIdent, typeInfo, typeText } from '../src/parse/ast.js';
import { asStatement } from './support/recipes.js';
import { ColumnSource, alterTarget } from './support/rewrites.js';

/** PostgreSQL 12 skips the rewrite of timestamp <-> timestamptz when the session TimeZone is UTC. */
const UTC_SKIP_VERSION = 12;

/** Spellings of a zero-offset TimeZone setting. */
const UTC_ZONES = new Set(['utc', 'etc/utc', 'uct', 'etc/uct', 'gmt', 'etc/gmt', 'universal', 'etc/universal', 'zulu', 'etc/zulu']);

export default defineRule({
  meta: {
    id: 'alter-column-type',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Change a column type on an existing table only when Postgres neither rewrites the table nor rebuilds its indexes.',
      category: 'rewrite',
    },
    messages: {
      rewrite:
        'ALTER COLUMN {{column}} TYPE {{to}} changes {{from}} to {{to}}, which {{reason}}: Postgres rewrites {{table}} and rebuilds all its indexes while holding {{lock}}, for a time that grows with the table. Instead, {{recipe}}',
      using:
        'ALTER COLUMN {{column}} TYPE {{to}} … USING {{using}}: pgshift cannot prove the USING expression leaves every value as it is, so Postgres computes it for every row, rewriting {{table}} and rebuilding all its indexes while holding {{lock}}, for a time that grows with the table. Instead, {{recipe}}',
      timezone: 'ALTER COLUMN {{column}} TYPE {{to}} changes {{from}} to {{to}}. {{detail}} Instead, {{recipe}}',
      unknown:
        'ALTER COLUMN {{column}} TYPE {{to}}: {{why}}, so it cannot tell whether Postgres rewrites {{table}} and rebuilds all its indexes while holding {{lock}}, for a time that grows with the table. Only these changes skip the rewrite: {{safe}}. If this is one of them, suppress this report with that reason (`-- pgshift-disable-next-line alter-column-type -- <the old type and why it is safe>`); otherwise {{recipe}}',
      collation:
        'ALTER COLUMN {{column}} TYPE {{to}} COLLATE {{collation}} changes the column\'s collation unless it already has this one: Postgres keeps the table but rebuilds every index on {{column}} while holding {{lock}}. If the column has no index or already has this collation, suppress this report with that reason; otherwise {{recipe}}',
    },
  },
  create(context) {
    return {
      AlterTableStmt(node) {
        const target = alterTarget(context, node);
        if (!target) return;
        const { statement, table } = target;
        for (const c of node.cmds ?? []) {
          const cmd = asNode(c, 'AlterTableCmd');
          const def = cmd?.subtype === 'AT_AlterColumnType' ? asNode(cmd.def, 'ColumnDef') : undefined;
          if (!cmd || !def?.typeName) continue;
          const name = cmd.name ?? '?';
          const from = table.table?.columns.get(name)?.type ?? { name: '?', isArray: false, isSerial: false };
          const change = columnTypeChange(def, name, from);
          if (change.kind === 'catalog-only' && !def.collClause) continue;
          const source = ColumnSource.of(statement, def);
          const to = typeInfo(def.typeName);
          const toText = source ? source.text(source.type) : typeText(to);
          const base = {
            column: quoteIdent(name),
            to: toText,
            from: typeText(from),
            table: table.text,
            lock: describeLock('ACCESS EXCLUSIVE', table.text),
            recipe: recipe(target.text, name, toText),
          };
          const report = (messageId: string, data: Record<string, string> = {}) => context.report({ messageId, data: { ...base, ...data } });

          switch (change.kind) {
            case 'using':
              report('using', { using: source?.usingExpression() ?? '…' });
              break;
            case 'unreadable-modifiers':
              report('unknown', { why: `pgshift cannot read the type modifiers of ${toText}`, safe: CATALOG_ONLY_CHANGES });
              break;
            case 'rewrite':
              report('rewrite', { reason: change.reason });
              break;
            case 'timezone':
              report('timezone', { detail: timezoneDetail(context, table, base.column, base.lock) });
              break;
            case 'unknown':
              report('unknown', { why: change.reason, safe: CATALOG_ONLY_CHANGES });
              break;
            case 'catalog-only':
              if (def.collClause) report('collation', { collation: nameListText(def.collClause.collname) });
              break;
          }
        }
      },
    };
  },
});

/** The safe way to change a type: a new column, filled alongside the old one. */
function recipe(tableText: string, column: string, to: string): string {
  const next = quoteIdent(`${column}_new`);
  return `add a new column: ${asStatement(`ALTER TABLE ${tableText} ADD COLUMN ${next} ${to}`)} keep it in sync with a trigger on INSERT and UPDATE, backfill existing rows in batches outside the migration, switch the application to ${next}, and drop ${quoteIdent(column)} in a later release.`;
}

/** What timestamp <-> timestamptz costs, as far as pgshift can see the TimeZone. */
function timezoneDetail(context: RuleContext, table: RelationRef, column: string, lock: string): string {
  if (context.settings.pgVersion < UTC_SKIP_VERSION) {
    return `Before PostgreSQL 12 (pgVersion is ${context.settings.pgVersion}) this rewrites ${table.text} and rebuilds all its indexes while holding ${lock}, for a time that grows with the table.`;
  }
  const zone = context.session.get('timezone');
  if (zone !== undefined && UTC_ZONES.has(zone.trim().toLowerCase())) {
    return `The migration sets TimeZone to UTC, so Postgres keeps the table as it is, but it rebuilds every index on ${column} while holding ${lock}; if the column has no index, suppress this report with that reason.`;
  }
  return `Postgres skips the rewrite only when the session TimeZone is UTC, and pgshift cannot see the TimeZone the migration runs with: otherwise it rewrites ${table.text} and rebuilds all its indexes while holding ${lock}, for a time that grows with the table. Even under UTC it rebuilds every index on ${column} under that lock.`;
}

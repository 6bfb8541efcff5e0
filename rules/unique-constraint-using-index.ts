import type { ColumnDef, Constraint } from 'libpg-query';
import { defineRule, type RuleContext, type StatementContext } from '../src/engine/rule.js';
import { describeLock } from '../src/model/locks.js';
import { constraintColumns, defaultConstraintName } from '../src/model/replay.js';
import type { RelationRef } from '../src/model/resolve.js';
import { quoteIdent } from '../src/parse/ast.js';
import {
  alteredTable,
  columnConstraints,
  columnList,
  constraintRange,
  locateConstraint,
  notNullCheckRecipe,
  notNullIsProven,
  parenthesizedClause,
  removeConstraint,
  type ColumnConstraint,
  type ConstraintTokens,
} from './support/constraints.js';
import { asStatement, noTransactionPlacement } from './support/recipes.js';

export default defineRule({
  meta: {
    id: 'unique-constraint-using-index',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Add UNIQUE and PRIMARY KEY constraints to existing tables with USING INDEX, on an index built concurrently.',
      category: 'constraint',
    },
    messages: {
      addConstraint:
        'ADD {{kind}} builds a unique index on {{table}} while holding {{lock}}, for the whole build. Build the index concurrently first: {{createIndex}} {{placement}}; then {{attach}}, which only attaches it.{{notNull}}',
      addColumn:
        'ADD COLUMN {{column}} … {{kind}} builds a unique index on {{table}} while holding {{lock}}, for the whole build. Add the column without it: {{addColumn}}; then build the index concurrently: {{createIndex}} {{placement}}; then {{attach}}.{{notNull}}',
      partitioned:
        "ADD {{kind}} on partitioned table {{table}} builds a unique index on every partition while holding {{lock}}, and USING INDEX is not supported on a partitioned table. Give each partition the constraint first: {{perPartitionIndex}} {{placement}}, then {{perPartitionConstraint}}; this statement then adopts the partitions' constraints instead of building indexes.",
      withoutOverlaps:
        'ADD {{kind}} … WITHOUT OVERLAPS builds a GiST index on {{table}} while holding {{lock}}, for the whole build, and no CREATE INDEX can build that index for USING INDEX. Either create a new table with the constraint, copy the rows over in batches and switch to it, or run this in a maintenance window with lock_timeout set.',
      missingIndex:
        'The migrations created {{table}} without an index {{index}}{{known}}, so Postgres rejects ADD {{kind}} … USING INDEX {{index}} ("index does not exist"). Build it first, CONCURRENTLY in a `-- pgshift:no-transaction` migration, or name the right one.',
      notUnique:
        'Index {{index}} is not unique, so Postgres rejects ADD {{kind}} … USING INDEX {{index}}. Build a unique index on {{columns}} concurrently ({{createIndex}} {{placement}}) and attach that one.',
    },
  },
  create(context) {
    return {
      AlterTableStmt(node) {
        const altered = alteredTable(context, node);
        if (!altered) return;
        const { statement, table, commands } = altered;
        for (const { constraint, column } of commands) {
          if (constraint && isUniqueKind(constraint)) {
            if (constraint.indexname) checkUsingIndex(context, statement, table, constraint);
            // A table created in this scope is empty: its index builds at once.
            else if (!table.isNew) reportAddConstraint(context, statement, table, constraint);
          }
          if (!column || table.isNew) continue;
          for (const inline of columnConstraints(column)) {
            if (isUniqueKind(inline.constraint)) reportAddColumn(context, statement, table, column, inline);
          }
        }
      },
    };
  },
});

function isUniqueKind(constraint: Constraint): boolean {
  return constraint.contype === 'CONSTR_UNIQUE' || constraint.contype === 'CONSTR_PRIMARY';
}

function kindOf(constraint: Constraint): 'UNIQUE' | 'PRIMARY KEY' {
  return constraint.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE';
}

/** The constraint's name, as given or as Postgres would choose it. */
function nameOf(table: RelationRef, constraint: Constraint, columns: string[]): string {
  return constraint.conname ?? defaultConstraintName(table.name, constraint.contype === 'CONSTR_PRIMARY' ? 'primary key' : 'unique', columns);
}

/** CREATE UNIQUE INDEX CONCURRENTLY with everything the constraint says about its index; `name` is ready to print. */
function createIndex(name: string, on: string, columns: string[], constraint: Constraint, located: ConstraintTokens | undefined, statement: StatementContext): string {
  const clauses = [`CREATE UNIQUE INDEX CONCURRENTLY ${name} ON ${on} ${columnList(columns)}`];
  const include = located && parenthesizedClause(located, 'INCLUDE', statement);
  if (include) clauses.push(include);
  if (constraint.nulls_not_distinct) clauses.push('NULLS NOT DISTINCT');
  const storage = located && parenthesizedClause(located, 'WITH', statement);
  if (storage) clauses.push(storage);
  if (constraint.indexspace) clauses.push(`TABLESPACE ${quoteIdent(constraint.indexspace)}`);
  return clauses.join(' ');
}

/** ALTER TABLE … ADD CONSTRAINT … USING INDEX, keeping the constraint's deferrability; `name` is ready to print. */
function attachIndex(table: string, name: string, constraint: Constraint): string {
  const deferrable = constraint.deferrable ? ` DEFERRABLE${constraint.initdeferred ? ' INITIALLY DEFERRED' : ''}` : '';
  return `ALTER TABLE ${table} ADD CONSTRAINT ${name} ${kindOf(constraint)} USING INDEX ${name}${deferrable}`;
}

/**
 * ADD PRIMARY KEY … USING INDEX sets NOT NULL on the key's columns, which
 * scans the table unless they already are NOT NULL or, from PostgreSQL 12, a
 * validated CHECK (col IS NOT NULL) proves it.
 */
function notNullAdvice(context: RuleContext, table: RelationRef, constraint: Constraint, columns: string[]): string {
  if (constraint.contype !== 'CONSTR_PRIMARY') return '';
  const unproven = columns.filter((c) => !notNullIsProven(table, c, context.settings));
  if (unproven.length === 0) return '';
  const list = unproven.map(quoteIdent).join(', ');
  if (context.settings.pgVersion < 12) {
    return ` ADD PRIMARY KEY … USING INDEX also sets NOT NULL on ${list}, which scans the table under ACCESS EXCLUSIVE; before PostgreSQL 12 no constraint lets it skip that scan, so run it in a maintenance window, or keep a UNIQUE constraint and a validated CHECK (… IS NOT NULL) instead.`;
  }
  const recipes = unproven.map((c) => notNullCheckRecipe(table, c));
  const adds = recipes.map((r) => asStatement(r.add)).join(' ');
  const validates = recipes.map((r) => asStatement(r.validate)).join(' ');
  const drops = recipes.map((r) => asStatement(r.drop)).join(' ');
  return ` ADD PRIMARY KEY … USING INDEX also sets NOT NULL on ${list}, which scans the table under ACCESS EXCLUSIVE unless a validated CHECK proves it: before it, ${adds}, and in a later migration ${validates}; after it, ${drops}.`;
}

function reportAddConstraint(context: RuleContext, statement: StatementContext, table: RelationRef, constraint: Constraint): void {
  const located = locateConstraint(statement, constraint);
  if (!located) return;
  const range = constraintRange(located);
  const columns = constraintColumns(constraint, undefined);
  const name = nameOf(table, constraint, columns);
  const quotedName = quoteIdent(name);
  const kind = kindOf(constraint);
  const lock = describeLock('ACCESS EXCLUSIVE', table.text);
  const placement = noTransactionPlacement(context);

  if (constraint.without_overlaps) {
    context.report({ messageId: 'withoutOverlaps', range, data: { kind, table: table.text, lock } });
    return;
  }
  if (table.kind === 'partitioned table') {
    const partitionName = `<partition>_${name}`;
    context.report({
      messageId: 'partitioned',
      range,
      data: {
        kind,
        table: table.text,
        lock,
        placement,
        perPartitionIndex: asStatement(createIndex(partitionName, '<partition>', columns, constraint, located, statement)),
        perPartitionConstraint: asStatement(attachIndex('<partition>', partitionName, constraint)),
      },
    });
    return;
  }
  const create = createIndex(quotedName, table.text, columns, constraint, located, statement);
  const attach = attachIndex(table.text, quotedName, constraint);
  context.report({
    messageId: 'addConstraint',
    range,
    data: {
      kind,
      table: table.text,
      lock,
      createIndex: asStatement(create),
      placement,
      attach: asStatement(attach),
      notNull: notNullAdvice(context, table, constraint, columns),
    },
  });
}

function reportAddColumn(context: RuleContext, statement: StatementContext, table: RelationRef, column: ColumnDef, inline: ColumnConstraint): void {
  const located = locateConstraint(statement, inline.constraint, inline.next);
  if (!located) return;
  const columns = [column.colname ?? '?'];
  const name = quoteIdent(nameOf(table, inline.constraint, columns));
  const withoutKey = removeConstraint(located);
  context.report({
    messageId: 'addColumn',
    range: constraintRange(located),
    data: {
      column: quoteIdent(columns[0] as string),
      kind: kindOf(inline.constraint),
      table: table.text,
      lock: describeLock('ACCESS EXCLUSIVE', table.text),
      addColumn: asStatement(statement.rewrite([withoutKey])),
      createIndex: asStatement(createIndex(name, table.text, columns, inline.constraint, located, statement)),
      placement: noTransactionPlacement(context),
      attach: asStatement(attachIndex(table.text, name, inline.constraint)),
      notNull: notNullAdvice(context, table, inline.constraint, columns),
    },
  });
}

/**
 * USING INDEX only attaches; but Postgres rejects an index the replay knows is
 * not unique, or knows is not there: every index of a table the migrations
 * created passed through the replay.
 */
function checkUsingIndex(context: RuleContext, statement: StatementContext, table: RelationRef, constraint: Constraint): void {
  const indexName = constraint.indexname ?? '';
  const index = context.schema.indexByName(indexName, table.schema).index;
  const located = locateConstraint(statement, constraint);
  if (!index && table.table?.created) {
    const known = context.schema.model.indexesOn(table.key).filter((i) => i.unique).map((i) => quoteIdent(i.name));
    context.report({
      messageId: 'missingIndex',
      ...(located ? { range: constraintRange(located) } : {}),
      data: { index: quoteIdent(indexName), table: table.text, kind: kindOf(constraint), known: known.length > 0 ? ` (its unique indexes: ${known.join(', ')})` : '' },
    });
    return;
  }
  if (!index || index.unique) return;
  const name = quoteIdent(nameOf(table, constraint, index.columns));
  context.report({
    messageId: 'notUnique',
    ...(located ? { range: constraintRange(located) } : {}),
    data: {
      index: quoteIdent(indexName),
      kind: kindOf(constraint),
      columns: columnList(index.columns),
      createIndex: asStatement(createIndex(name, table.text, index.columns, constraint, undefined, statement)),
      placement: noTransactionPlacement(context),
    },
  });
}

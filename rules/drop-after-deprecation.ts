import type { DropStmt, Node } from 'libpg-query';
import { defineRule, type RuleContext } from '../src/engine/rule.js';
import type { Range } from '../src/parse/source-text.js';
import { asNode, quoteIdent } from '../src/parse/ast.js';
import type { RelationRef } from '../src/model/resolve.js';
import { deprecationKey, type ColumnState, type DeprecatedKind, type Origin } from '../src/model/schema.js';
import { alterTableCommandSpans, droppedObjectSpans, knownHere, knownReferences, lockOn } from './support/breaking.js';

/** A dropped object, as the deprecation check and the messages need it. */
interface Dropped {
  kind: DeprecatedKind;
  key: string;
  /** as messages name it: `users`, `users.email`, `app.f` */
  text: string;
  /** how `-- pgshift:deprecate` names it */
  directive: string;
  created: Origin | undefined;
}

/** Why a drop is not yet allowed, or undefined when it is. */
function blocker(context: RuleContext, dropped: Dropped): string | undefined {
  // Created in this release: it never shipped, so no running code uses it.
  if (context.schema.isNew(dropped.created)) return undefined;
  // A down migration takes away what its up migration added, once the code is rolled back to a release that never used it.
  if (context.migration.direction === 'down') return undefined;
  const here = context.migration.release ? `release ${context.migration.release.name}` : 'one release';
  const twoSteps = `Drop it in two releases: deprecate it in ${here} together with the code change that stops using it (\`-- pgshift:deprecate ${dropped.directive}\` in one of its migrations), and drop it in the release after, once that code is deployed everywhere.`;
  if (context.migration.deprecations.some((d) => d.key === dropped.key)) {
    return `This migration deprecates ${dropped.text} and drops it too: the code that stopped using it ships with the drop, so instances still running the previous release use it while it goes. Keep the deprecation and move the drop to the next release.`;
  }
  const deprecation = context.schema.model.deprecations.get(dropped.key);
  switch (context.schema.deprecationStatus(deprecation)) {
    case 'earlier release':
      return undefined;
    case 'same release':
      return `${dropped.text} is deprecated in this same release (${deprecation?.origin.migration}): the code that stopped using it ships with the drop, so instances still running the previous release use it while it goes. Move the drop to the next release.`;
    case 'unknown release':
      return `${dropped.text} is deprecated in ${deprecation?.origin.migration}, but pgshift cannot tell whether that shipped in an earlier release than this drop: pgshift.config.json has no "releases", so it assumes they ship together. Configure releases, or keep the drop for a release after the deprecation.`;
    default:
      return twoSteps;
  }
}

/** Code that stops writing a NOT NULL column without a default cannot insert until the constraint goes. */
function notNullNote(table: string, column: string, state: ColumnState | undefined): string {
  const statement = `\`ALTER TABLE ${table} ALTER COLUMN ${column} DROP NOT NULL;\``;
  // A column that predates the replay is only known NOT NULL, never known nullable.
  if (!state || (!state.created && !state.notNull)) return ` If ${column} is NOT NULL without a default, drop NOT NULL in the deprecating release (${statement}) so that the new code's inserts succeed.`;
  if (state.notNull && !state.hasDefault) return ` Column ${column} is NOT NULL without a default: drop NOT NULL in the deprecating release (${statement}) so that the new code's inserts succeed.`;
  return '';
}

/** DROP kinds that application code calls or casts to by name, with the keyword before their names. */
const CALLED_KINDS: Partial<Record<string, { kind: DeprecatedKind; keyword: string; noun: string }>> = {
  OBJECT_VIEW: { kind: 'relation', keyword: 'VIEW', noun: 'view' },
  OBJECT_MATVIEW: { kind: 'relation', keyword: 'VIEW', noun: 'materialized view' },
  OBJECT_FUNCTION: { kind: 'function', keyword: 'FUNCTION', noun: 'function' },
  OBJECT_PROCEDURE: { kind: 'function', keyword: 'PROCEDURE', noun: 'procedure' },
  OBJECT_ROUTINE: { kind: 'function', keyword: 'ROUTINE', noun: 'routine' },
  OBJECT_TYPE: { kind: 'type', keyword: 'TYPE', noun: 'type' },
  OBJECT_DOMAIN: { kind: 'type', keyword: 'DOMAIN', noun: 'domain' },
};

/** What CASCADE takes along with each kind. */
const CASCADE_TAKES: Record<DeprecatedKind, string> = {
  relation: 'the views built on it',
  function: 'the triggers, defaults and views that call it',
  type: 'the columns of that type, and the views and functions that use it',
  column: 'the views and foreign keys that use it',
};

/** A drop of a view, function or type waiting to see whether its transaction creates it again. */
interface Replaced {
  key: string;
  transaction: number;
  report(): void;
}

export default defineRule({
  meta: {
    id: 'drop-after-deprecation',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Drop a table, column, view, function or type only in a release after the one that stopped using it.',
      category: 'breaking',
    },
    messages: {
      dropTable:
        'DROP TABLE {{table}} breaks every running instance of the application that still reads or writes {{table}}: its queries fail with `relation does not exist` as soon as the drop commits, and the rows are gone.{{cascade}} {{advice}} The drop also takes {{lock}} until its transaction commits.',
      dropColumn:
        'Dropping column {{column}} of {{table}} breaks every running instance of the application that still reads or writes it (an ORM that lists every column in its SELECTs and INSERTs does): those statements fail with `column does not exist` as soon as the drop commits, and the values are gone.{{cascade}} {{advice}}{{notNull}} The drop also takes {{lock}} until its transaction commits.',
      dropCalled:
        'DROP {{keyword}} {{object}} breaks every running instance of the application that still uses the {{noun}}: its statements fail with `{{noun}} does not exist` as soon as the drop commits.{{cascade}} {{advice}}',
    },
  },
  create(context) {
    const pending: Replaced[] = [];

    /** The advice for a drop, or undefined when it is allowed. */
    const check = (dropped: Dropped) => blocker(context, dropped);

    const dropCalled = (node: DropStmt, spans: () => Range[]) => {
      const called = CALLED_KINDS[node.removeType ?? ''];
      if (!called) return;
      const transaction = context.current?.transaction.id;
      const statementRange = context.current?.statement.range;
      (node.objects ?? []).forEach((object, i) => {
        const dropped = calledObject(context, called.kind, node.removeType ?? '', object);
        if (!dropped) return;
        const advice = check(dropped);
        if (advice === undefined) return;
        const range = spans()[i] ?? statementRange;
        const cascade = node.behavior === 'DROP_CASCADE' ? ` CASCADE also drops everything that depends on it: ${CASCADE_TAKES[called.kind]}.` : '';
        const report = () =>
          context.report({
            messageId: 'dropCalled',
            data: { keyword: called.keyword === 'VIEW' && called.noun !== 'view' ? 'MATERIALIZED VIEW' : called.keyword, object: dropped.text, noun: called.noun, cascade, advice },
            ...(range ? { range } : {}),
          });
        // Dropped and created again in one transaction, the object never goes missing for running code.
        if (transaction === undefined) report();
        else pending.push({ key: dropped.key, transaction, report });
      });
    };

    return {
      DropStmt(node) {
        let spans: Range[] | undefined;
        if (node.removeType !== 'OBJECT_TABLE') {
          const keyword = CALLED_KINDS[node.removeType ?? '']?.keyword ?? '';
          dropCalled(node, () => (spans ??= droppedObjectSpans(context, keyword, node.objects?.length)));
          return;
        }
        (node.objects ?? []).forEach((object, i) => {
          const table = context.schema.relationFromNames(asNode(object, 'List')?.items);
          const advice = check({ kind: 'relation', key: deprecationKey('relation', table.schema, table.name), text: table.text, directive: table.text, created: table.table?.created });
          if (advice === undefined) return;
          const cascade =
            node.behavior === 'DROP_CASCADE'
              ? ` CASCADE also drops every view that depends on ${table.text} and the foreign keys of other tables that reference it${knownHere(knownReferences(context, table))}.`
              : '';
          context.report({
            messageId: 'dropTable',
            data: { table: table.text, cascade, advice, lock: lockOn(context, table) },
            range: (spans ??= droppedObjectSpans(context, 'TABLE', node.objects?.length))[i],
          });
        });
      },

      Statement(statement) {
        const created = createdObjectKey(context, statement.node);
        const transaction = context.current?.transaction.id;
        if (created === undefined) return;
        for (let i = pending.length - 1; i >= 0; i--) {
          const p = pending[i] as Replaced;
          if (p.key === created && p.transaction === transaction) pending.splice(i, 1);
        }
      },

      'Migration:exit'() {
        for (const p of pending) p.report();
      },

      AlterTableStmt(node) {
        if (node.objtype !== 'OBJECT_TABLE') return;
        const table = context.relation(node.relation);
        if (context.schema.isNew(table.table?.created)) return;
        // Lexing the statement for the subcommands' spans waits until a DROP COLUMN is reported.
        let spans: Range[] | undefined;
        (node.cmds ?? []).forEach((c, i) => {
          const cmd = asNode(c, 'AlterTableCmd');
          if (cmd?.subtype !== 'AT_DropColumn' || !cmd.name) return;
          const state = table.table?.columns.get(cmd.name);
          const column = quoteIdent(cmd.name);
          const advice = check(droppedColumn(table, cmd.name, state));
          if (advice === undefined) return;
          const cascade =
            cmd.behavior === 'DROP_CASCADE' ? ` CASCADE also drops every view that uses ${column} and the foreign keys of other tables that reference it.` : '';
          context.report({
            messageId: 'dropColumn',
            data: { table: table.text, column, cascade, advice, notNull: notNullNote(table.text, column, state), lock: lockOn(context, table) },
            range: (spans ??= alterTableCommandSpans(context, node.relation, node.cmds?.length))[i],
          });
        });
      },
    };
  },
});

function droppedColumn(table: RelationRef, name: string, state: ColumnState | undefined): Dropped {
  const column = quoteIdent(name);
  return { kind: 'column', key: deprecationKey('column', table.schema, table.name, name), text: `${table.text}.${column}`, directive: `${table.text}.${column}`, created: state?.created };
}

/** The view, function or type a DROP names, with what the replay knows of its creation. */
function calledObject(context: RuleContext, kind: DeprecatedKind, removeType: string, object: Node): Dropped | undefined {
  const schema = context.schema;
  if (kind === 'relation') {
    const ref = schema.relationFromNames(asNode(object, 'List')?.items);
    return { kind, key: deprecationKey(kind, ref.schema, ref.name), text: ref.text, directive: `view ${ref.text}`, created: ref.table?.created };
  }
  if (kind === 'function') {
    const ref = schema.functionName(asNode(object, 'ObjectWithArgs')?.objname);
    return { kind, key: deprecationKey(kind, ref.schema, ref.name), text: ref.text, directive: `function ${ref.text}`, created: schema.model.functions.get(ref.key)?.created };
  }
  const ref = schema.type(asNode(object, 'TypeName')?.names);
  if (removeType === 'OBJECT_DOMAIN' || removeType === 'OBJECT_TYPE') {
    return { kind, key: deprecationKey(kind, ref.schema, ref.name), text: ref.text, directive: `type ${ref.text}`, created: ref.type?.created };
  }
  return undefined;
}

/** The deprecation key of the view, function or type a statement creates, if it creates one. */
function createdObjectKey(context: RuleContext, node: Node): string | undefined {
  const schema = context.schema;
  const view = asNode(node, 'ViewStmt')?.view ?? asNode(node, 'CreateTableAsStmt')?.into?.rel;
  if (view) {
    const ref = schema.relation(view);
    return deprecationKey('relation', ref.schema, ref.name);
  }
  const func = asNode(node, 'CreateFunctionStmt');
  if (func) {
    const ref = schema.functionName(func.funcname);
    return deprecationKey('function', ref.schema, ref.name);
  }
  const typeNames = asNode(node, 'CreateEnumStmt')?.typeName ?? asNode(node, 'CreateDomainStmt')?.domainname ?? asNode(node, 'CreateRangeStmt')?.typeName;
  const composite = asNode(node, 'CompositeTypeStmt')?.typevar;
  if (typeNames) {
    const ref = schema.type(typeNames);
    return deprecationKey('type', ref.schema, ref.name);
  }
  if (composite) {
    const ref = schema.relation(composite);
    return deprecationKey('type', ref.schema, ref.name);
  }
  return undefined;
}

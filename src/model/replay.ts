/**
 * Replays what a statement does to the schema model. Only the parse tree is
 * used; nothing is executed. Statements pgshift does not model leave the
 * model as it was.
 */
import type { AlterTableCmd, AlterTableStmt, ColumnDef, Constraint, CreateStmt, DropStmt, IndexStmt, IntoClause, Node, RangeVar, RenameStmt } from 'libpg-query';
import { asNode, stringList, tagOf, typeInfo } from '../parse/ast.js';
import type { Statement } from '../parse/parse-sql.js';
import { columnsReferenced } from './expressions.js';
import type { Resolver } from './resolve.js';
import { objectKey, type ColumnState, type ConstraintKind, type ConstraintState, type Origin, type RelationKind, type TableState } from './schema.js';

export function replayStatement(statement: Statement, origin: Origin, resolver: Resolver): void {
  const node = statement.node;
  const create = asNode(node, 'CreateStmt');
  if (create) return createTable(create, origin, resolver);
  const index = asNode(node, 'IndexStmt');
  if (index) return createIndex(index, origin, resolver);
  const alter = asNode(node, 'AlterTableStmt');
  if (alter) return alterTable(alter, origin, resolver);
  const rename = asNode(node, 'RenameStmt');
  if (rename) return renameObject(rename, resolver);
  const drop = asNode(node, 'DropStmt');
  if (drop) return dropObjects(drop, origin, resolver);

  const model = resolver.model;
  const createAs = asNode(node, 'CreateTableAsStmt');
  if (createAs?.into) return createTableAs(createAs.into, createAs.objtype === 'OBJECT_MATVIEW' ? 'materialized view' : 'table', createAs.if_not_exists === true, origin, resolver);
  // SELECT … INTO t creates t as CREATE TABLE t AS SELECT … does.
  const selectInto = asNode(node, 'SelectStmt')?.intoClause;
  if (selectInto) return createTableAs(selectInto, 'table', false, origin, resolver);
  const refresh = asNode(node, 'RefreshMatViewStmt');
  if (refresh?.relation) {
    const ref = resolver.relation(refresh.relation);
    model.touchTable(ref.schema, ref.name).populated = refresh.skipData !== true;
    return;
  }
  const view = asNode(node, 'ViewStmt');
  if (view?.view) {
    const ref = resolver.relation(view.view);
    if (view.replace && ref.table) return;
    freshTable(ref.schema, ref.name, origin, resolver).kind = 'view';
    return;
  }
  const enumType = asNode(node, 'CreateEnumStmt');
  if (enumType) {
    const ref = resolver.type(enumType.typeName);
    model.types.set(ref.key, { schema: ref.schema, name: ref.name, kind: 'enum', values: stringList(enumType.vals), created: origin });
    return;
  }
  const alterEnum = asNode(node, 'AlterEnumStmt');
  if (alterEnum) {
    const ref = resolver.type(alterEnum.typeName);
    const type = ref.type ?? { schema: ref.schema, name: ref.name, kind: 'enum' as const, values: [], created: undefined };
    model.types.set(ref.key, type);
    if (alterEnum.oldVal && alterEnum.newVal) type.values = type.values.map((v) => (v === alterEnum.oldVal ? (alterEnum.newVal as string) : v));
    else if (alterEnum.newVal && !type.values.includes(alterEnum.newVal)) type.values.push(alterEnum.newVal);
    return;
  }
  const domain = asNode(node, 'CreateDomainStmt');
  if (domain) {
    const ref = resolver.type(domain.domainname);
    model.types.set(ref.key, { schema: ref.schema, name: ref.name, kind: 'domain', values: [], created: origin });
    return;
  }
  const composite = asNode(node, 'CompositeTypeStmt');
  if (composite?.typevar) {
    const ref = resolver.relation(composite.typevar);
    model.types.set(ref.key, { schema: ref.schema, name: ref.name, kind: 'composite', values: [], created: origin });
    return;
  }
  const createFunction = asNode(node, 'CreateFunctionStmt');
  if (createFunction) {
    const ref = resolver.functionName(createFunction.funcname);
    if (!(createFunction.replace && model.functions.has(ref.key))) model.functions.set(ref.key, { schema: ref.schema, name: ref.name, created: origin });
    return;
  }
  const schema = asNode(node, 'CreateSchemaStmt');
  const schemaName = schema?.schemaname ?? schema?.authrole?.rolename;
  if (schema && schemaName) {
    if (schema.if_not_exists && model.schemas.has(schemaName)) return;
    if (!model.schemas.has(schemaName)) model.schemas.set(schemaName, { name: schemaName, created: origin });
    // CREATE SCHEMA s CREATE TABLE t … makes each element's object in s, and runs it with s at the front of the search path.
    const inSchema = resolver.withSearchPath([schemaName, ...resolver.searchPath]);
    for (const element of schema.schemaElts ?? []) {
      const placed = placeInSchema(element, schemaName);
      replayStatement({ ...statement, node: placed, tag: tagOf(placed) }, origin, inSchema);
    }
  }
}

/** A schema element with the object it makes qualified by the new schema, as Postgres' transformCreateSchemaStmt does. */
function placeInSchema(element: Node, schemaname: string): Node {
  const qualify = (rel: RangeVar | undefined) => (rel && !rel.schemaname ? { ...rel, schemaname } : rel);
  const create = asNode(element, 'CreateStmt');
  if (create) return { CreateStmt: { ...create, relation: qualify(create.relation) } };
  const index = asNode(element, 'IndexStmt');
  if (index) return { IndexStmt: { ...index, relation: qualify(index.relation) } };
  const view = asNode(element, 'ViewStmt');
  if (view) return { ViewStmt: { ...view, view: qualify(view.view) } };
  return element;
}

function createTableAs(into: IntoClause, kind: RelationKind, ifNotExists: boolean, origin: Origin, resolver: Resolver): void {
  if (!into.rel) return;
  const ref = resolver.relation(into.rel);
  if (ifNotExists && ref.table) return;
  const table = freshTable(ref.schema, ref.name, origin, resolver);
  table.kind = kind;
  table.populated = into.skipData !== true;
  for (const column of into.colNames ?? []) {
    const name = asNode(column, 'String')?.sval;
    if (name) table.columns.set(name, { name, type: { name: '?', isArray: false, isSerial: false }, notNull: false, hasDefault: false, created: origin, changed: undefined });
  }
}

function freshTable(schema: string, name: string, origin: Origin, resolver: Resolver): TableState {
  const model = resolver.model;
  const key = objectKey(schema, name);
  if (model.tables.has(key)) dropTable(key, resolver);
  model.dropped.delete(key);
  const table = model.touchTable(schema, name);
  table.created = origin;
  return table;
}

function createTable(statement: CreateStmt, origin: Origin, resolver: Resolver): void {
  const ref = resolver.relation(statement.relation);
  if (statement.if_not_exists && ref.table?.kind) return;
  const table = freshTable(ref.schema, ref.name, origin, resolver);
  table.kind = statement.partspec ? 'partitioned table' : 'table';
  if (statement.partspec) table.partitionKey = partitionKeyColumns(statement.partspec.partParams);
  if (statement.partbound) {
    const parent = statement.inhRelations?.[0];
    const parentRef = parent ? resolver.relation(asNode(parent, 'RangeVar')) : undefined;
    if (parentRef) linkPartition(table, parentRef.key, statement.partbound.is_default === true, resolver);
    // A partition has its parent's columns.
    const parentTable = parentRef?.table;
    for (const column of parentTable?.columns.values() ?? []) table.columns.set(column.name, { ...column, created: origin });
  }
  for (const element of statement.tableElts ?? []) {
    const column = asNode(element, 'ColumnDef');
    if (column) addColumn(table, column, origin, resolver);
    const constraint = asNode(element, 'Constraint');
    if (constraint) addConstraint(table, constraint, origin, resolver, undefined);
  }
}

function partitionKeyColumns(params: readonly Node[] | undefined): string[] | undefined {
  const names = (params ?? []).map((p) => asNode(p, 'PartitionElem')?.name);
  return names.length > 0 && names.every((n): n is string => n !== undefined) ? names : undefined;
}

function addColumn(table: TableState, column: ColumnDef, origin: Origin, resolver: Resolver): void {
  const name = column.colname ?? '?';
  const type = typeInfo(column.typeName);
  let notNull = type.isSerial;
  let hasDefault = type.isSerial;
  for (const c of column.constraints ?? []) {
    const constraint = asNode(c, 'Constraint');
    switch (constraint?.contype) {
      case 'CONSTR_NOTNULL':
      case 'CONSTR_PRIMARY':
        notNull = true;
        break;
      case 'CONSTR_IDENTITY':
        notNull = true;
        hasDefault = true;
        break;
      case 'CONSTR_DEFAULT':
      case 'CONSTR_GENERATED':
        hasDefault = true;
        break;
      default:
        break;
    }
  }
  table.columns.set(name, { name, type, notNull, hasDefault, created: origin, changed: undefined });
  for (const c of column.constraints ?? []) {
    const constraint = asNode(c, 'Constraint');
    if (constraint) addConstraint(table, constraint, origin, resolver, name);
  }
}

const CONSTRAINT_KINDS: Partial<Record<string, ConstraintKind>> = {
  CONSTR_CHECK: 'check',
  CONSTR_FOREIGN: 'foreign key',
  CONSTR_UNIQUE: 'unique',
  CONSTR_PRIMARY: 'primary key',
  CONSTR_EXCLUSION: 'exclusion',
  CONSTR_NOTNULL: 'not null',
};

/** Suffixes Postgres appends when it names a constraint or index itself. */
const NAME_LABELS: Record<ConstraintKind, string> = {
  check: 'check',
  'foreign key': 'fkey',
  unique: 'key',
  'primary key': 'pkey',
  exclusion: 'excl',
  'not null': 'not_null',
};

/** The columns a constraint is on: its key list, or the column it is declared on. */
export function constraintColumns(constraint: Constraint, column: string | undefined): string[] {
  if (constraint.contype === 'CONSTR_FOREIGN') return column ? [column] : stringList(constraint.fk_attrs);
  if (constraint.contype === 'CONSTR_CHECK') return column ? [column] : columnsReferenced(constraint.raw_expr);
  if (constraint.contype === 'CONSTR_EXCLUSION') {
    return (constraint.exclusions ?? []).flatMap((pair) => {
      const elem = asNode(asNode(pair, 'List')?.items?.[0], 'IndexElem');
      return elem?.name ? [elem.name] : [];
    });
  }
  if (constraint.keys?.length) return stringList(constraint.keys);
  return column ? [column] : [];
}

/** The name Postgres gives a constraint declared without one (ChooseConstraintName). */
export function defaultConstraintName(table: string, kind: ConstraintKind, columns: string[]): string {
  if (kind === 'primary key') return makeObjectName(table, undefined, NAME_LABELS[kind]);
  // A CHECK names its column only when it references exactly one.
  const columnPart = kind === 'check' ? (new Set(columns).size === 1 ? columns[0] : undefined) : columns.join('_') || undefined;
  return makeObjectName(table, columnPart, NAME_LABELS[kind]);
}

/** Postgres' makeObjectName: shorten the longer part until the name fits in 63 bytes. */
export function makeObjectName(name1: string, name2: string | undefined, label: string): string {
  let a = [...name1];
  let b = name2 === undefined ? [] : [...name2];
  const byteLength = (chars: string[]) => Buffer.byteLength(chars.join(''));
  const overhead = label.length + 1 + (name2 === undefined ? 0 : 1);
  while (byteLength(a) + byteLength(b) > 63 - overhead) {
    if (byteLength(a) > byteLength(b)) a = a.slice(0, -1);
    else b = b.slice(0, -1);
  }
  return [a.join(''), ...(name2 === undefined ? [] : [b.join('')]), label].join('_');
}

function addConstraint(table: TableState, constraint: Constraint, origin: Origin, resolver: Resolver, column: string | undefined): ConstraintState | undefined {
  const kind = CONSTRAINT_KINDS[constraint.contype ?? ''];
  if (!kind) return undefined;
  if (kind === 'not null' && column) return undefined; // a column's NOT NULL is its attnotnull flag
  const columns = constraintColumns(constraint, column);
  const name = constraint.conname ?? defaultConstraintName(table.name, kind, columns);
  const validated = !constraint.skip_validation;
  const state: ConstraintState = {
    name,
    kind,
    columns,
    validated,
    provesNotNull: kind === 'check' ? isNotNullCheck(constraint.raw_expr) : kind === 'not null' ? columns[0] : undefined,
    references: constraint.pktable ? resolver.relation(constraint.pktable).key : undefined,
    index: undefined,
    added: origin,
    validatedAt: validated ? origin : undefined,
  };
  table.constraints.set(name, state);
  if (kind === 'primary key') for (const c of columns) markNotNull(table, c);
  if (kind === 'not null' && validated) for (const c of columns) markNotNull(table, c);
  if (kind === 'unique' || kind === 'primary key' || kind === 'exclusion') {
    const indexName = constraint.indexname ?? name;
    state.index = indexName;
    const indexKey = objectKey(table.schema, indexName);
    const existing = resolver.model.indexes.get(indexKey);
    resolver.model.indexes.set(indexKey, {
      schema: table.schema,
      name: indexName,
      table: objectKey(table.schema, table.name),
      unique: kind !== 'exclusion',
      columns: existing?.columns ?? columns,
      expressions: existing?.expressions ?? constraintHasExpressions(constraint),
      partial: existing?.partial ?? constraint.where_clause !== undefined,
      valid: true,
      created: existing?.created ?? origin,
    });
  }
  return state;
}

/** An exclusion constraint can exclude on expressions; unique and primary keys name columns. */
function constraintHasExpressions(constraint: Constraint): boolean {
  return (constraint.exclusions ?? []).some((pair) => asNode(asNode(pair, 'List')?.items?.[0], 'IndexElem')?.name === undefined);
}

function markNotNull(table: TableState, column: string): void {
  const state = table.columns.get(column);
  if (state) state.notNull = true;
}

/** `col IS NOT NULL` as a CHECK expression: the column it proves, if that is all it says. */
export function isNotNullCheck(expression: Node | undefined): string | undefined {
  const test = asNode(expression, 'NullTest');
  if (!test || test.nulltesttype !== 'IS_NOT_NULL') return undefined;
  const fields = stringList(asNode(test.arg, 'ColumnRef')?.fields);
  return fields.length === 1 ? fields[0] : undefined;
}

function createIndex(statement: IndexStmt, origin: Origin, resolver: Resolver): void {
  const ref = resolver.relation(statement.relation);
  const elements = (statement.indexParams ?? []).map((p) => asNode(p, 'IndexElem'));
  const columns = elements.map((e) => e?.name ?? 'expr');
  const name = statement.idxname ?? defaultIndexName(statement, ref.schema, ref.name, resolver);
  const key = objectKey(ref.schema, name);
  if (statement.if_not_exists && resolver.model.indexes.has(key)) return;
  const onlyParent = statement.relation?.inh !== true && ref.table?.kind === 'partitioned table';
  resolver.model.indexes.set(key, {
    schema: ref.schema,
    name,
    table: ref.key,
    unique: statement.unique === true,
    columns,
    expressions: elements.some((e) => e?.name === undefined),
    partial: statement.whereClause !== undefined,
    valid: !onlyParent,
    created: origin,
  });
}

/**
 * The name Postgres gives CREATE [UNIQUE] INDEX without one (ChooseIndexName):
 * always `_idx`, key and INCLUDE columns named as FigureColname would, a
 * repeated column numbered, and a number after `idx` when the name is taken.
 */
function defaultIndexName(statement: IndexStmt, schema: string, table: string, resolver: Resolver): string {
  const taken = new Set<string>();
  const parts = [...(statement.indexParams ?? []), ...(statement.indexIncludingParams ?? [])].map((p) => {
    const element = asNode(p, 'IndexElem');
    const base = element?.name ?? expressionName(element?.expr) ?? 'expr';
    let part = base;
    for (let n = 1; taken.has(part); n++) part = `${base}${n}`;
    taken.add(part);
    return part;
  });
  const model = resolver.model;
  const inUse = (name: string) => model.indexes.has(objectKey(schema, name)) || model.tables.has(objectKey(schema, name));
  let name = makeObjectName(table, parts.join('_'), 'idx');
  for (let n = 1; inUse(name); n++) name = makeObjectName(table, parts.join('_'), `idx${n}`);
  return name;
}

/** FigureColname's name for an index expression, for the cases that name one: a column, a function, a cast. */
function expressionName(expression: Node | undefined): string | undefined {
  const column = stringList(asNode(expression, 'ColumnRef')?.fields);
  if (column.length > 0) return column[column.length - 1];
  const call = stringList(asNode(expression, 'FuncCall')?.funcname);
  if (call.length > 0) return call[call.length - 1];
  const cast = asNode(expression, 'TypeCast');
  if (cast) return expressionName(cast.arg) ?? stringList(cast.typeName?.names).pop();
  return undefined;
}

function alterTable(statement: AlterTableStmt, origin: Origin, resolver: Resolver): void {
  if (statement.objtype === 'OBJECT_INDEX') return;
  const ref = resolver.relation(statement.relation);
  if (statement.missing_ok && !ref.table) return;
  const table = resolver.model.touchTable(ref.schema, ref.name);
  table.changed = origin;
  for (const c of statement.cmds ?? []) {
    const cmd = asNode(c, 'AlterTableCmd');
    if (!cmd) continue;
    alterTableCommand(table, cmd, origin, resolver);
    const column = COLUMN_COMMANDS.has(cmd.subtype ?? '') ? table.columns.get(cmd.name ?? '') : undefined;
    if (column) column.changed = origin;
  }
}

/** Subcommands that change one existing column, whose ColumnState records when. */
const COLUMN_COMMANDS = new Set([
  'AT_AlterColumnType',
  'AT_SetNotNull',
  'AT_DropNotNull',
  'AT_ColumnDefault',
  'AT_AddIdentity',
  'AT_SetIdentity',
  'AT_DropIdentity',
  'AT_SetExpression',
  'AT_DropExpression',
]);

function alterTableCommand(table: TableState, cmd: AlterTableCmd, origin: Origin, resolver: Resolver): void {
  const columnName = cmd.name ?? '';
  const column = table.columns.get(columnName);
  switch (cmd.subtype) {
    case 'AT_AddColumn': {
      const def = asNode(cmd.def, 'ColumnDef');
      if (def && !(cmd.missing_ok && table.columns.has(def.colname ?? ''))) addColumn(table, def, origin, resolver);
      break;
    }
    case 'AT_DropColumn':
      dropColumn(table, columnName, resolver);
      break;
    case 'AT_AlterColumnType': {
      const def = asNode(cmd.def, 'ColumnDef');
      const existing = column ?? ensureColumn(table, columnName);
      if (def?.typeName) existing.type = typeInfo(def.typeName);
      break;
    }
    case 'AT_SetNotNull':
      ensureColumn(table, columnName).notNull = true;
      break;
    case 'AT_DropNotNull':
      ensureColumn(table, columnName).notNull = false;
      break;
    case 'AT_ColumnDefault':
      ensureColumn(table, columnName).hasDefault = cmd.def !== undefined;
      break;
    case 'AT_AddIdentity': {
      const state = ensureColumn(table, columnName);
      state.hasDefault = true;
      state.notNull = true;
      break;
    }
    case 'AT_DropIdentity':
      ensureColumn(table, columnName).hasDefault = false;
      break;
    case 'AT_AddConstraint': {
      const constraint = asNode(cmd.def, 'Constraint');
      if (constraint) addConstraint(table, constraint, origin, resolver, undefined);
      break;
    }
    case 'AT_ValidateConstraint': {
      const state = table.constraints.get(columnName);
      if (state && !state.validated) {
        state.validated = true;
        state.validatedAt = origin;
        if (state.kind === 'not null') for (const c of state.columns) markNotNull(table, c);
      }
      break;
    }
    case 'AT_DropConstraint': {
      const state = table.constraints.get(columnName);
      table.constraints.delete(columnName);
      if (state?.index) resolver.model.indexes.delete(objectKey(table.schema, state.index));
      break;
    }
    case 'AT_AttachPartition': {
      const partition = asNode(cmd.def, 'PartitionCmd')?.name;
      if (partition) {
        const partRef = resolver.relation(partition);
        const part = resolver.model.touchTable(partRef.schema, partRef.name);
        linkPartition(part, objectKey(table.schema, table.name), asNode(cmd.def, 'PartitionCmd')?.bound?.is_default === true, resolver);
      }
      break;
    }
    case 'AT_DetachPartition': {
      const partition = asNode(cmd.def, 'PartitionCmd')?.name;
      if (partition) {
        const part = resolver.relation(partition).table;
        if (part) {
          part.partitionOf = undefined;
          part.defaultPartition = false;
        }
      }
      break;
    }
    default:
      break;
  }
}

/**
 * Make `part` a partition of `parentKey`. Postgres refuses a table as a
 * partition of itself or of one of its own partitions ("circular inheritance
 * not allowed"), so such a statement leaves the model as it was.
 */
function linkPartition(part: TableState, parentKey: string, isDefault: boolean, resolver: Resolver): void {
  const partKey = objectKey(part.schema, part.name);
  if (parentKey === partKey || resolver.model.partitionsOf(partKey).some((p) => objectKey(p.schema, p.name) === parentKey)) return;
  part.partitionOf = parentKey;
  part.defaultPartition = isDefault;
}

/** A column of a pre-existing table, recorded the first time a migration touches it. */
function ensureColumn(table: TableState, name: string): ColumnState {
  let column = table.columns.get(name);
  if (!column) {
    column = { name, type: { name: '?', isArray: false, isSerial: false }, notNull: false, hasDefault: false, created: undefined, changed: undefined };
    table.columns.set(name, column);
  }
  return column;
}

function dropColumn(table: TableState, name: string, resolver: Resolver): void {
  table.columns.delete(name);
  // Postgres drops the indexes and constraints that use the column along with it.
  for (const [constraintName, constraint] of table.constraints) {
    if (constraint.columns.includes(name)) table.constraints.delete(constraintName);
  }
  const tableKey = objectKey(table.schema, table.name);
  for (const [key, index] of resolver.model.indexes) {
    if (index.table === tableKey && index.columns.includes(name)) resolver.model.indexes.delete(key);
  }
}

/** Drop a table with its indexes; a partitioned table takes its partitions with it, as in Postgres. */
function dropTable(key: string, resolver: Resolver): void {
  const model = resolver.model;
  const dropped = [key, ...model.partitionsOf(key).map((part) => objectKey(part.schema, part.name))];
  for (const table of dropped) {
    model.tables.delete(table);
    for (const [indexKey, index] of model.indexes) if (index.table === table) model.indexes.delete(indexKey);
  }
}

function dropObjects(statement: DropStmt, origin: Origin, resolver: Resolver): void {
  const model = resolver.model;
  for (const object of statement.objects ?? []) {
    const names = asNode(object, 'List')?.items;
    switch (statement.removeType) {
      case 'OBJECT_TABLE':
      case 'OBJECT_VIEW':
      case 'OBJECT_MATVIEW':
      case 'OBJECT_FOREIGN_TABLE': {
        const key = resolver.relationFromNames(names).key;
        dropTable(key, resolver);
        model.dropped.set(key, origin);
        break;
      }
      case 'OBJECT_INDEX': {
        const ref = resolver.index(names);
        model.indexes.delete(ref.key);
        break;
      }
      case 'OBJECT_FUNCTION':
      case 'OBJECT_PROCEDURE':
      case 'OBJECT_ROUTINE':
        model.functions.delete(resolver.functionName(asNode(object, 'ObjectWithArgs')?.objname).key);
        break;
      case 'OBJECT_TYPE':
      case 'OBJECT_DOMAIN': {
        const typeName = asNode(object, 'TypeName');
        model.types.delete(resolver.type(typeName?.names ?? names).key);
        break;
      }
      case 'OBJECT_SCHEMA': {
        const schema = asNode(object, 'String')?.sval;
        if (schema) dropSchema(schema, resolver);
        break;
      }
      default:
        break;
    }
  }
}

function dropSchema(schema: string, resolver: Resolver): void {
  const model = resolver.model;
  model.schemas.delete(schema);
  for (const [key, table] of model.tables) if (table.schema === schema) dropTable(key, resolver);
  for (const [key, type] of model.types) if (type.schema === schema) model.types.delete(key);
}

function renameObject(statement: RenameStmt, resolver: Resolver): void {
  const model = resolver.model;
  const newName = statement.newname;
  if (!newName) return;
  switch (statement.renameType) {
    case 'OBJECT_TABLE':
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
    case 'OBJECT_FOREIGN_TABLE': {
      const ref = resolver.relation(statement.relation);
      const table = ref.table;
      if (!table) return;
      model.tables.delete(ref.key);
      table.name = newName;
      const newKey = objectKey(ref.schema, newName);
      model.tables.set(newKey, table);
      for (const index of model.indexes.values()) if (index.table === ref.key) index.table = newKey;
      for (const other of model.tables.values()) {
        if (other.partitionOf === ref.key) other.partitionOf = newKey;
        for (const c of other.constraints.values()) if (c.references === ref.key) c.references = newKey;
      }
      break;
    }
    case 'OBJECT_COLUMN': {
      const table = resolver.relation(statement.relation).table;
      const column = table?.columns.get(statement.subname ?? '');
      if (!table || !column) return;
      table.columns.delete(column.name);
      column.name = newName;
      table.columns.set(newName, column);
      for (const c of table.constraints.values()) c.columns = c.columns.map((n) => (n === statement.subname ? newName : n));
      table.partitionKey = table.partitionKey?.map((n) => (n === statement.subname ? newName : n));
      break;
    }
    case 'OBJECT_INDEX': {
      const ref = resolver.indexByName(statement.relation?.relname ?? '?', statement.relation?.schemaname);
      if (!ref.index) return;
      model.indexes.delete(ref.key);
      ref.index.name = newName;
      model.indexes.set(objectKey(ref.schema, newName), ref.index);
      break;
    }
    case 'OBJECT_TABCONSTRAINT': {
      const table = resolver.relation(statement.relation).table;
      const constraint = table?.constraints.get(statement.subname ?? '');
      if (!table || !constraint) return;
      table.constraints.delete(constraint.name);
      constraint.name = newName;
      table.constraints.set(newName, constraint);
      break;
    }
    default:
      break;
  }
}

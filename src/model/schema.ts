/**
 * What pgshift knows about the database schema, replayed from migrations
 * (no database is consulted). An object the replayed migrations never created
 * is unknown here and, by policy, assumed to exist in production, full of rows
 * and in use.
 */
import type { TypeInfo } from '../parse/ast.js';

/** A release: the migrations deployed together with one version of the application. */
export interface ReleaseRef {
  name: string;
  /** position in the set's order of releases */
  index: number;
}

/** Where and when the replay saw something happen. */
export interface Origin {
  /** the migration's id (its path relative to its set, or a revision id) */
  migration: string;
  /** 0-based statement index inside the migration */
  statement: number;
  /** id of the transaction it ran in, undefined when it ran in autocommit */
  transaction: number | undefined;
  /**
   * The release it ships in; undefined when the migrations have no release
   * configuration, in which case pgshift assumes the risky case (see
   * Resolver.isNew and Resolver.deprecatedBefore).
   */
  release: ReleaseRef | undefined;
}

/** What a `-- pgshift:deprecate` directive declared: application code no longer uses the object. */
export interface Deprecation {
  kind: DeprecatedKind;
  /** the object as the directive wrote it */
  text: string;
  origin: Origin;
}

export type DeprecatedKind = 'relation' | 'column' | 'function' | 'type';

/** Key of a deprecated object: `column:app.users.email`, `relation:app.users`, `function:app.f`, `type:app.mood`. */
export function deprecationKey(kind: DeprecatedKind, schema: string, name: string, column?: string): string {
  return `${kind}:${schema}.${name}${column === undefined ? '' : `.${column}`}`;
}

export type RelationKind = 'table' | 'partitioned table' | 'view' | 'materialized view' | 'foreign table';

export interface ColumnState {
  name: string;
  type: TypeInfo;
  notNull: boolean;
  hasDefault: boolean;
  /** undefined when the column predates the replay */
  created: Origin | undefined;
  /** the last ALTER COLUMN the replay saw */
  changed: Origin | undefined;
}

export type ConstraintKind = 'check' | 'foreign key' | 'unique' | 'primary key' | 'exclusion' | 'not null';

export interface ConstraintState {
  name: string;
  kind: ConstraintKind;
  columns: string[];
  /** false after ADD … NOT VALID until VALIDATE CONSTRAINT */
  validated: boolean;
  /** for CHECK constraints: the single column the expression proves NOT NULL, if it is `col IS NOT NULL` */
  provesNotNull: string | undefined;
  /** referenced table of a foreign key */
  references: string | undefined;
  /** backing index of a unique or primary key constraint */
  index: string | undefined;
  added: Origin;
  validatedAt: Origin | undefined;
}

export interface TableState {
  schema: string;
  name: string;
  /** undefined for a pre-existing relation whose kind the migrations never showed */
  kind: RelationKind | undefined;
  columns: Map<string, ColumnState>;
  constraints: Map<string, ConstraintState>;
  /** parent of a partition, as a key */
  partitionOf: string | undefined;
  /** this partition is its parent's DEFAULT partition */
  defaultPartition: boolean;
  /** false for a materialized view created or refreshed WITH NO DATA: it cannot be read until refreshed */
  populated: boolean;
  /** a partitioned table's key columns, in order; undefined when unknown or when the key has an expression */
  partitionKey: string[] | undefined;
  /** undefined for a table that predates the replay: assumed live and full */
  created: Origin | undefined;
  /** the last ALTER TABLE the replay saw */
  changed: Origin | undefined;
}

export interface IndexState {
  schema: string;
  name: string;
  /** key of the indexed table */
  table: string;
  unique: boolean;
  columns: string[];
  /** some key is an expression rather than a column */
  expressions: boolean;
  /** has a WHERE clause, so it covers only some rows */
  partial: boolean;
  /** ON ONLY on a partitioned table leaves the parent index invalid until every partition's is attached */
  valid: boolean;
  created: Origin | undefined;
}

export interface TypeState {
  schema: string;
  name: string;
  kind: 'enum' | 'domain' | 'composite' | 'range';
  /** enum labels, in order */
  values: string[];
  created: Origin | undefined;
}

export function objectKey(schema: string, name: string): string {
  return `${schema}.${name}`;
}

export class SchemaModel {
  readonly tables = new Map<string, TableState>();
  readonly indexes = new Map<string, IndexState>();
  readonly types = new Map<string, TypeState>();
  readonly schemas = new Map<string, { name: string; created: Origin | undefined }>();
  /** `-- pgshift:deprecate` declarations, by deprecationKey */
  readonly deprecations = new Map<string, Deprecation>();
  /** relations the replay saw dropped (and not created again), by key */
  readonly dropped = new Map<string, Origin>();
  /** functions and procedures by `schema.name` (overloads share an entry) */
  readonly functions = new Map<string, { schema: string; name: string; created: Origin }>();

  /** The table, creating an entry for a pre-existing one the first time it is touched. */
  touchTable(schema: string, name: string): TableState {
    const key = objectKey(schema, name);
    let table = this.tables.get(key);
    if (!table) {
      table = {
        schema,
        name,
        kind: undefined,
        columns: new Map(),
        constraints: new Map(),
        partitionOf: undefined,
        defaultPartition: false,
        populated: true,
        partitionKey: undefined,
        created: undefined,
        changed: undefined,
      };
      this.tables.set(key, table);
    }
    return table;
  }

  constraintsOn(tableKey: string): ConstraintState[] {
    return [...(this.tables.get(tableKey)?.constraints.values() ?? [])];
  }

  indexesOn(tableKey: string): IndexState[] {
    return [...this.indexes.values()].filter((index) => index.table === tableKey);
  }

  /**
   * Known partitions of a partitioned table, and theirs in turn, each once.
   * The links are replayed from statements Postgres may have refused, and a
   * rename can make a stale link point at another table, so the walk does not
   * trust them to form a tree: a table already seen is not entered again.
   */
  partitionsOf(tableKey: string): TableState[] {
    const out: TableState[] = [];
    const seen = new Set([tableKey]);
    const visit = (parent: string): void => {
      for (const table of this.tables.values()) {
        if (table.partitionOf !== parent) continue;
        const key = objectKey(table.schema, table.name);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(table);
        visit(key);
      }
    };
    visit(tableKey);
    return out;
  }

  /** The DEFAULT partition of a partitioned table, when the replay saw one created or attached. */
  defaultPartitionOf(tableKey: string): TableState | undefined {
    for (const table of this.tables.values()) if (table.partitionOf === tableKey && table.defaultPartition) return table;
    return undefined;
  }

  /** Tables whose foreign keys reference `tableKey`. */
  referencing(tableKey: string): { table: TableState; constraint: ConstraintState }[] {
    const out: { table: TableState; constraint: ConstraintState }[] = [];
    for (const table of this.tables.values()) {
      for (const constraint of table.constraints.values()) {
        if (constraint.kind === 'foreign key' && constraint.references === tableKey) out.push({ table, constraint });
      }
    }
    return out;
  }
}

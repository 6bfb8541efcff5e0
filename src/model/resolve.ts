/**
 * Name resolution against the replayed schema, with Postgres' identifier rules:
 * the parser has already folded unquoted names to lower case, so names compare
 * exactly; unqualified names are looked up along the search path.
 */
import type { Node, RangeVar } from 'libpg-query';
import { quoteIdent, stringList } from '../parse/ast.js';
import { objectKey, type Deprecation, type IndexState, type Origin, type RelationKind, type ReleaseRef, type SchemaModel, type TableState, type TypeState } from './schema.js';

export interface RelationRef {
  schema: string;
  name: string;
  key: string;
  /** the name as the migration wrote it, ready to print in a message */
  text: string;
  /** the replayed state; undefined for a relation the migrations never touched */
  table: TableState | undefined;
  /** undefined when pgshift cannot know (the relation predates the replayed migrations) */
  kind: RelationKind | undefined;
  /** created in the current release, so no running code has seen it and it holds no production rows */
  isNew: boolean;
}

/** The migration being linted: the point in history a resolver answers from. */
export interface Position {
  migration: string;
  release: ReleaseRef | undefined;
}

export class Resolver {
  readonly model: SchemaModel;
  #searchPath: () => string[];
  #position: () => Position;

  constructor(model: SchemaModel, searchPath: () => string[], position: () => Position) {
    this.model = model;
    this.#searchPath = searchPath;
    this.#position = position;
  }

  get position(): Position {
    return this.#position();
  }

  /** Schemas searched for unqualified names, in order. */
  get searchPath(): string[] {
    return this.#searchPath();
  }

  /** The same model and position, names looked up along another search path. */
  withSearchPath(path: readonly string[]): Resolver {
    return new Resolver(this.model, () => [...path], this.#position);
  }

  /**
   * Created in the release being linted, so it has never been deployed: no
   * running code uses it and it holds no production rows. Without release
   * information only the current migration counts: every earlier migration
   * may already be deployed, the risky case.
   */
  isNew(origin: Origin | undefined): boolean {
    if (origin === undefined) return false;
    const here = this.#position();
    if (origin.migration === here.migration) return true;
    return origin.release !== undefined && here.release !== undefined && origin.release.name === here.release.name;
  }

  /**
   * Whether a deprecation shipped in a release before the current one, so the
   * code that stopped using the object is deployed everywhere. Unknown release
   * boundaries never prove it: deprecation and drop may ship together.
   */
  deprecationStatus(deprecation: Deprecation | undefined): 'earlier release' | 'same release' | 'unknown release' | 'none' {
    if (!deprecation) return 'none';
    const here = this.#position();
    const there = deprecation.origin.release;
    if (there === undefined || here.release === undefined) return 'unknown release';
    if (there.name === here.release.name) return 'same release';
    return there.index < here.release.index ? 'earlier release' : 'same release';
  }

  relation(rangeVar: RangeVar | undefined): RelationRef {
    const name = rangeVar?.relname ?? '?';
    const written = rangeVar?.schemaname;
    const temp = rangeVar?.relpersistence === 't';
    const schema = written ?? (temp ? 'pg_temp' : this.#findRelationSchema(name, (key) => this.model.tables.has(key)));
    return this.relationByName(schema, name, written ? `${quoteIdent(written)}.${quoteIdent(name)}` : quoteIdent(name));
  }

  relationByName(schema: string, name: string, text = `${quoteIdent(schema)}.${quoteIdent(name)}`): RelationRef {
    const key = objectKey(schema, name);
    const table = this.model.tables.get(key);
    return { schema, name, key, text, table, kind: table?.kind, isNew: this.isNew(table?.created) };
  }

  /** A relation named by a dotted String list (DROP TABLE a.b, DROP INDEX i). */
  relationFromNames(names: readonly Node[] | undefined): RelationRef {
    return this.relationFromParts(stringList(names));
  }

  /** A relation named by the parts of a dotted name: [name] or [schema, name]. */
  relationFromParts(parts: readonly string[]): RelationRef {
    const name = parts[parts.length - 1] ?? '?';
    const written = parts.length > 1 ? parts[parts.length - 2] : undefined;
    const schema = written ?? this.#findRelationSchema(name, (key) => this.model.tables.has(key));
    return this.relationByName(schema, name, parts.map(quoteIdent).join('.'));
  }

  index(names: readonly Node[] | undefined): { schema: string; name: string; key: string; text: string; index: IndexState | undefined } {
    const parts = stringList(names);
    return this.indexByName(parts[parts.length - 1] ?? '?', parts.length > 1 ? parts[parts.length - 2] : undefined);
  }

  indexByName(name: string, writtenSchema: string | undefined): { schema: string; name: string; key: string; text: string; index: IndexState | undefined } {
    const schema = writtenSchema ?? this.#findRelationSchema(name, (key) => this.model.indexes.has(key));
    const key = objectKey(schema, name);
    const text = writtenSchema ? `${quoteIdent(writtenSchema)}.${quoteIdent(name)}` : quoteIdent(name);
    return { schema, name, key, text, index: this.model.indexes.get(key) };
  }

  type(names: readonly Node[] | undefined): { schema: string; name: string; key: string; text: string; type: TypeState | undefined } {
    const parts = stringList(names).filter((p, i, all) => !(p === 'pg_catalog' && i < all.length - 1));
    const name = parts[parts.length - 1] ?? '?';
    const written = parts.length > 1 ? parts[parts.length - 2] : undefined;
    const schema = written ?? this.#findSchema(name, (key) => this.model.types.has(key));
    const key = objectKey(schema, name);
    return { schema, name, key, text: parts.map(quoteIdent).join('.'), type: this.model.types.get(key) };
  }

  /** A function or procedure name: `f` or `schema.f` (overloads are not told apart). */
  functionName(names: readonly Node[] | undefined): { schema: string; name: string; key: string; text: string } {
    const parts = stringList(names);
    const name = parts[parts.length - 1] ?? '?';
    const written = parts.length > 1 ? parts[parts.length - 2] : undefined;
    const schema = written ?? this.#findSchema(name, (key) => this.model.functions.has(key));
    return { schema, name, key: objectKey(schema, name), text: parts.map(quoteIdent).join('.') };
  }

  /** Schema an unqualified name resolves to: the first on the path that has it, else the first on the path. */
  #findSchema(name: string, exists: (key: string) => boolean, path = this.#searchPath()): string {
    for (const schema of path) if (exists(objectKey(schema, name))) return schema;
    return this.#searchPath()[0] ?? 'public';
  }

  /**
   * The same for a table or index name: Postgres searches the session's
   * temporary schema first unless the path names pg_temp elsewhere, so a
   * temporary table hides a permanent one of the same name.
   */
  #findRelationSchema(name: string, exists: (key: string) => boolean): string {
    const path = this.#searchPath();
    return this.#findSchema(name, exists, path.includes('pg_temp') ? path : ['pg_temp', ...path]);
  }
}

/** Every pgshift rule, grouped as in the docs' rule table. */
import type { Rule } from '../src/engine/rule.js';
import addColumnNotNullWithoutDefault from './add-column-not-null-without-default.js';
import addColumnSerialOrIdentity from './add-column-serial-or-identity.js';
import addColumnStoredGenerated from './add-column-stored-generated.js';
import addColumnVolatileDefault from './add-column-volatile-default.js';
import alterColumnType from './alter-column-type.js';
import attachPartitionWithCheck from './attach-partition-with-check.js';
import autocommitOnlyWhereRequired from './autocommit-only-where-required.js';
import backfillOutsideMigration from './backfill-outside-migration.js';
import balancedTransactions from './balanced-transactions.js';
import checkConstraintNotValid from './check-constraint-not-valid.js';
import combineAlterTable from './combine-alter-table.js';
import createIndexConcurrently from './create-index-concurrently.js';
import detachPartitionConcurrently from './detach-partition-concurrently.js';
import dropAfterDeprecation from './drop-after-deprecation.js';
import dropDependents from './drop-dependents.js';
import dropIndexConcurrently from './drop-index-concurrently.js';
import foreignKeyNotValid from './foreign-key-not-valid.js';
import noCluster from './no-cluster.js';
import noDropDatabase from './no-drop-database.js';
import noDropSchema from './no-drop-schema.js';
import noExclusionConstraint from './no-exclusion-constraint.js';
import noRenameColumn from './no-rename-column.js';
import noRenameEnumValue from './no-rename-enum-value.js';
import noRenameTable from './no-rename-table.js';
import noTableRewrite from './no-table-rewrite.js';
import noTruncate from './no-truncate.js';
import noVacuumFull from './no-vacuum-full.js';
import preferBigint from './prefer-bigint.js';
import preferIdentity from './prefer-identity.js';
import preferJsonb from './prefer-jsonb.js';
import preferText from './prefer-text.js';
import preferTimestamptz from './prefer-timestamptz.js';
import refreshMaterializedViewConcurrently from './refresh-materialized-view-concurrently.js';
import reindexConcurrently from './reindex-concurrently.js';
import runOutsideTransaction from './run-outside-transaction.js';
import setLockTimeout from './set-lock-timeout.js';
import setNotNullViaCheck from './set-not-null-via-check.js';
import uniqueConstraintUsingIndex from './unique-constraint-using-index.js';
import unusedSuppression from './unused-suppression.js';
import validDirective from './valid-directive.js';
import validateConstraintSeparately from './validate-constraint-separately.js';

export const allRules: readonly Rule[] = [
  // index
  createIndexConcurrently,
  dropIndexConcurrently,
  reindexConcurrently,
  detachPartitionConcurrently,
  noVacuumFull,
  noCluster,
  refreshMaterializedViewConcurrently,
  // constraint
  foreignKeyNotValid,
  checkConstraintNotValid,
  validateConstraintSeparately,
  uniqueConstraintUsingIndex,
  noExclusionConstraint,
  setNotNullViaCheck,
  attachPartitionWithCheck,
  // rewrite
  addColumnVolatileDefault,
  addColumnSerialOrIdentity,
  addColumnStoredGenerated,
  alterColumnType,
  addColumnNotNullWithoutDefault,
  noTableRewrite,
  // breaking
  dropAfterDeprecation,
  noRenameTable,
  noRenameColumn,
  noDropSchema,
  noDropDatabase,
  noTruncate,
  noRenameEnumValue,
  dropDependents,
  // transaction
  runOutsideTransaction,
  autocommitOnlyWhereRequired,
  balancedTransactions,
  // data
  backfillOutsideMigration,
  // locking
  setLockTimeout,
  combineAlterTable,
  // style
  preferJsonb,
  preferBigint,
  preferText,
  preferTimestamptz,
  preferIdentity,
  // directive
  validDirective,
  unusedSuppression,
] as readonly Rule[];

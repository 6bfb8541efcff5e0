/** Every pgshift rule, in the order of the docs' rule table. */
import type { Rule } from '../src/engine/rule.js';
import attachPartitionWithCheck from './attach-partition-with-check.js';
import checkConstraintNotValid from './check-constraint-not-valid.js';
import createIndexConcurrently from './create-index-concurrently.js';
import foreignKeyNotValid from './foreign-key-not-valid.js';
import noExclusionConstraint from './no-exclusion-constraint.js';
import setNotNullViaCheck from './set-not-null-via-check.js';
import uniqueConstraintUsingIndex from './unique-constraint-using-index.js';
import validateConstraintSeparately from './validate-constraint-separately.js';

export const allRules: readonly Rule[] = [
  createIndexConcurrently,
  foreignKeyNotValid,
  checkConstraintNotValid,
  validateConstraintSeparately,
  uniqueConstraintUsingIndex,
  noExclusionConstraint,
  setNotNullViaCheck,
  attachPartitionWithCheck,
] as readonly Rule[];

/** Every pgshift rule, in the order of the docs' rule table. */
import type { Rule } from '../src/engine/rule.js';
import createIndexConcurrently from './create-index-concurrently.js';
import runOutsideTransaction from './run-outside-transaction.js';
import autocommitOnlyWhereRequired from './autocommit-only-where-required.js';
import balancedTransactions from './balanced-transactions.js';
import validDirective from './valid-directive.js';
import unusedSuppression from './unused-suppression.js';

export const allRules: readonly Rule[] = [
  createIndexConcurrently,
  runOutsideTransaction,
  autocommitOnlyWhereRequired,
  balancedTransactions,
  validDirective,
  unusedSuppression,
] as readonly Rule[];

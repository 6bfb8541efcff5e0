/** Every pgshift rule, in the order of the docs' rule table. */
import type { Rule } from '../src/engine/rule.js';
import createIndexConcurrently from './create-index-concurrently.js';
import setLockTimeout from './set-lock-timeout.js';
import combineAlterTable from './combine-alter-table.js';
import preferJsonb from './prefer-jsonb.js';
import preferBigint from './prefer-bigint.js';
import preferText from './prefer-text.js';
import preferTimestamptz from './prefer-timestamptz.js';
import preferIdentity from './prefer-identity.js';

export const allRules: readonly Rule[] = [
  createIndexConcurrently,
  setLockTimeout,
  combineAlterTable,
  preferJsonb,
  preferBigint,
  preferText,
  preferTimestamptz,
  preferIdentity,
] as readonly Rule[];

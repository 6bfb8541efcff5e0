/** Every pgshift rule, in the order of the docs' rule table. */
import type { Rule } from '../src/engine/rule.js';
import createIndexConcurrently from './create-index-concurrently.js';
import detachPartitionConcurrently from './detach-partition-concurrently.js';
import dropIndexConcurrently from './drop-index-concurrently.js';
import noCluster from './no-cluster.js';
import noVacuumFull from './no-vacuum-full.js';
import refreshMaterializedViewConcurrently from './refresh-materialized-view-concurrently.js';
import reindexConcurrently from './reindex-concurrently.js';

export const allRules: readonly Rule[] = [createIndexConcurrently, dropIndexConcurrently, reindexConcurrently, detachPartitionConcurrently, noVacuumFull, noCluster, refreshMaterializedViewConcurrently] as readonly Rule[];

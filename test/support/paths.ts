import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixturesDir = path.join(projectRoot, 'fixtures');
export const cliPath = path.join(projectRoot, 'bin', 'pgshift.js');

/** The shared data next to the repository (corpus, Alembic example); absent in a user's clone. */
export const sharedDir = path.resolve(projectRoot, '..', 'shared');
export const corpusDir = path.join(sharedDir, 'corpus');
export const hasCorpus = existsSync(path.join(corpusDir, 'MANIFEST.tsv'));

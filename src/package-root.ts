/**
 * The installed package's root (where package.json and docs/ live), found
 * from this module's location so it works from dist/ and from sources alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'pgshift') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the pgshift package root');
    dir = parent;
  }
}

export const packageRoot = findRoot();

export const packageVersion = (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * Where a rule's page is, for editors' links: the copy in the installed
 * package, so the page always matches the version that reported.
 */
export function ruleDocsUrl(ruleId: string): string {
  return pathToFileURL(path.join(packageRoot, 'docs', 'rules', `${ruleId}.md`)).href;
}

/**
 * `--changed-since <revision>`: the files a pull request adds or changes. The
 * comparison starts where the branch left the revision (their merge base), so
 * what landed on the main branch meanwhile does not count as this branch's
 * change; uncommitted and untracked files count, as they are what CI checks out
 * or what the developer is about to push.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export class ChangedFilesError extends Error {
  override name = 'ChangedFilesError';
}

/** Absolute paths of the files added, copied, modified or renamed since `revision`, and of untracked files. */
export function changedFiles(revision: string, cwd: string): Set<string> {
  const root = git(['rev-parse', '--show-toplevel'], cwd).trim();
  const base = git(['merge-base', revision, 'HEAD'], cwd, `cannot compare with '${revision}'`).trim();
  const changed = git(['diff', '--name-only', '-z', '--no-renames', '--diff-filter=ACMRT', base, '--'], root);
  const untracked = git(['ls-files', '--others', '--exclude-standard', '-z'], root);
  const files = [...changed.split('\0'), ...untracked.split('\0')].filter((file) => file !== '');
  return new Set(files.map((file) => path.resolve(root, file)));
}

function git(args: string[], cwd: string, context = 'git failed'): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new ChangedFilesError(`--changed-since: ${context}${stderr ? `: ${stderr}` : ''}`);
  }
}

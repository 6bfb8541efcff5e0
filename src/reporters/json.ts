/** ESLint's JSON formatter shape, one array of results. */
import type { LintResult } from '../engine/results.js';

export function formatJson(results: readonly LintResult[]): string {
  return JSON.stringify(results);
}

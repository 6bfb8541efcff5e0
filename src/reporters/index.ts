import type { LintResult } from '../engine/results.js';
import { formatJson } from './json.js';
import { formatStylish, type StylishOptions } from './stylish.js';

export const FORMATS = ['stylish', 'json'] as const;
export type FormatName = (typeof FORMATS)[number];

export function isFormat(name: string): name is FormatName {
  return (FORMATS as readonly string[]).includes(name);
}

export function formatResults(format: FormatName, results: readonly LintResult[], options: StylishOptions): string {
  return format === 'json' ? formatJson(results) + '\n' : formatStylish(results, options);
}

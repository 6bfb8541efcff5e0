/**
 * Cutting migrations out of a file without moving anything: the parts of the
 * file that are not the migration are blanked, so every line, column and
 * UTF-16 index reported for the migration is the one in the file.
 */
import type { Range } from '../../parse/source-text.js';

export interface Line {
  /** UTF-16 index of the line's first character */
  start: number;
  /** UTF-16 index just past its last character, before the line break */
  end: number;
  /** just past the line break (the next line's start) */
  next: number;
  text: string;
}

/** The file's lines; markers of migration tools are whole lines, matched the way the tools match them. */
export function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  const breaks = /\r\n|\n|\r/g;
  let start = 0;
  for (let match = breaks.exec(text); match; match = breaks.exec(text)) {
    lines.push({ start, end: match.index, next: match.index + match[0].length, text: text.slice(start, match.index) });
    start = match.index + match[0].length;
  }
  if (start < text.length) lines.push({ start, end: text.length, next: text.length, text: text.slice(start) });
  return lines;
}

/**
 * The text of `[start, end)` in place: everything before it and inside `blanks`
 * becomes spaces (line breaks stay), everything after it is dropped.
 */
export function keepOnly(text: string, [start, end]: Range, blanks: readonly Range[] = []): string {
  const pieces = [blank(text.slice(0, start))];
  let at = start;
  for (const [from, to] of [...blanks].sort((a, b) => a[0] - b[0])) {
    const a = Math.max(from, at);
    const b = Math.min(to, end);
    if (b <= a) continue;
    pieces.push(text.slice(at, a), blank(text.slice(a, b)));
    at = b;
  }
  pieces.push(text.slice(at, end));
  return pieces.join('');
}

/** Spaces for every UTF-16 unit but line breaks, so indices and lines stay where they were. */
function blank(text: string): string {
  return text.replace(/[^\r\n]/g, ' ');
}

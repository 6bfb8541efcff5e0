/**
 * The one place where positions are converted.
 *
 * libpg-query reports node and statement positions as UTF-8 byte offsets and
 * parse errors as code-point offsets; editors, ESLint and our reporters want
 * UTF-16 indices (what JavaScript strings use) and 1-based line/column.
 * Everything outside this file speaks UTF-16 indices.
 */

/** A half-open [start, end) span of UTF-16 indices into the source text. */
export type Range = readonly [start: number, end: number];

/** 1-based line, 1-based column counted in UTF-16 code units (ESLint's convention). */
export interface Position {
  line: number;
  column: number;
}

export interface Location {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * Every character whose width differs between the two encodings, in order;
 * between them both encodings advance by one per character.
 */
interface OffsetTable {
  /** offset of the character in the "from" unit (bytes or code points) */
  from: number[];
  /** UTF-16 index of the character */
  to: number[];
  /** width of the character in the "from" unit */
  fromWidth: number[];
  /** width of the character in UTF-16 units */
  toWidth: number[];
}

export class SourceText {
  readonly text: string;
  #lineStarts: number[] | undefined;
  #bytes: OffsetTable | undefined;
  #codePoints: OffsetTable | undefined;
  #byteLength: number | undefined;

  constructor(text: string) {
    this.text = text;
  }

  get byteLength(): number {
    this.#byteLength ??= Buffer.byteLength(this.text, 'utf8');
    return this.#byteLength;
  }

  /** True when bytes, code points and UTF-16 indices coincide, so no conversion is needed. */
  get isAscii(): boolean {
    return this.byteLength === this.text.length;
  }

  /** UTF-16 index of a UTF-8 byte offset (offsets inside a character map to its start). */
  indexFromByte(byteOffset: number): number {
    if (this.isAscii) return clamp(byteOffset, 0, this.text.length);
    this.#bytes ??= this.#buildTable((codePoint) => utf8Width(codePoint));
    return lookup(this.#bytes, byteOffset, this.text.length);
  }

  /** UTF-8 byte offset of a UTF-16 index. */
  byteFromIndex(index: number): number {
    if (this.isAscii) return clamp(index, 0, this.text.length);
    this.#bytes ??= this.#buildTable((codePoint) => utf8Width(codePoint));
    return lookupInverse(this.#bytes, index);
  }

  /** UTF-16 index of a code-point offset (Postgres counts characters in error positions). */
  indexFromCodePoint(codePointOffset: number): number {
    this.#codePoints ??= this.#buildTable(() => 1);
    return lookup(this.#codePoints, codePointOffset, this.text.length);
  }

  /** 1-based line and UTF-16 column of an index. Line breaks are \n, \r\n and \r, as in LSP. */
  positionAt(index: number): Position {
    const starts = this.#getLineStarts();
    const clamped = clamp(index, 0, this.text.length);
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - (starts[low] as number) + 1 };
  }

  /** UTF-16 index of a 1-based line and column. */
  indexAt(position: Position): number {
    const starts = this.#getLineStarts();
    const lineStart = starts[clamp(position.line - 1, 0, starts.length - 1)] as number;
    return clamp(lineStart + position.column - 1, 0, this.text.length);
  }

  locationOf(range: Range): Location {
    const start = this.positionAt(range[0]);
    const end = this.positionAt(range[1]);
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  get lineCount(): number {
    return this.#getLineStarts().length;
  }

  /** UTF-16 index where a 1-based line starts. */
  lineStart(line: number): number {
    const starts = this.#getLineStarts();
    return starts[clamp(line - 1, 0, starts.length - 1)] as number;
  }

  #getLineStarts(): number[] {
    if (this.#lineStarts) return this.#lineStarts;
    const starts = [0];
    const text = this.text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) starts.push(i + 1);
      else if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.#lineStarts = starts;
    return starts;
  }

  #buildTable(widthOf: (codePoint: number) => number): OffsetTable {
    const table: OffsetTable = { from: [], to: [], fromWidth: [], toWidth: [] };
    const text = this.text;
    let offset = 0;
    for (let i = 0; i < text.length; ) {
      const codePoint = text.codePointAt(i) as number;
      const units = codePoint > 0xffff ? 2 : 1;
      const width = widthOf(codePoint);
      if (width !== units) {
        table.from.push(offset);
        table.to.push(i);
        table.fromWidth.push(width);
        table.toWidth.push(units);
      }
      offset += width;
      i += units;
    }
    return table;
  }
}

function utf8Width(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

/** Index of the last entry of `sorted` that is <= value, or -1. */
function lastAtOrBefore(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((sorted[mid] as number) <= value) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

function lookup(table: OffsetTable, offset: number, maxIndex: number): number {
  const k = lastAtOrBefore(table.from, offset);
  if (k < 0) return clamp(offset, 0, maxIndex);
  const charFrom = table.from[k] as number;
  const charTo = table.to[k] as number;
  const width = table.fromWidth[k] as number;
  // An offset inside a multi-byte character maps to the character's start.
  if (offset < charFrom + width) return charTo;
  return clamp(charTo + (table.toWidth[k] as number) + (offset - charFrom - width), 0, maxIndex);
}

function lookupInverse(table: OffsetTable, index: number): number {
  const k = lastAtOrBefore(table.to, index);
  if (k < 0) return index;
  const charFrom = table.from[k] as number;
  const charTo = table.to[k] as number;
  const units = table.toWidth[k] as number;
  if (index < charTo + units) return charFrom;
  return charFrom + (table.fromWidth[k] as number) + (index - charTo - units);
}

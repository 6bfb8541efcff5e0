import { describe, expect, it } from 'vitest';
import { SourceText } from '../src/parse/source-text.js';

describe('SourceText position conversion', () => {
  const text = "-- café ☕ 😀\nSELECT 'é';\r\nCREATE INDEX i ON t(a);";
  const source = new SourceText(text);
  const bytes = Buffer.from(text, 'utf8');

  it('maps every UTF-8 byte offset at a character boundary to the UTF-16 index of that character', () => {
    let byte = 0;
    for (let index = 0; index < text.length; ) {
      expect(source.indexFromByte(byte)).toBe(index);
      expect(source.byteFromIndex(index)).toBe(byte);
      const codePoint = text.codePointAt(index) as number;
      byte += Buffer.byteLength(String.fromCodePoint(codePoint));
      index += codePoint > 0xffff ? 2 : 1;
    }
    expect(source.indexFromByte(bytes.length)).toBe(text.length);
  });

  it('maps a byte offset inside a multi-byte character to the character start', () => {
    const emoji = text.indexOf('😀');
    const emojiByte = Buffer.byteLength(text.slice(0, emoji));
    expect(source.indexFromByte(emojiByte + 1)).toBe(emoji);
    expect(source.indexFromByte(emojiByte + 3)).toBe(emoji);
    expect(source.indexFromByte(emojiByte + 4)).toBe(emoji + 2);
  });

  it('maps code-point offsets (Postgres error positions) to UTF-16 indices', () => {
    const sql = "SELECT '😀é' FROM WHERE x";
    const s = new SourceText(sql);
    // Postgres reports WHERE at character 17; in UTF-16 it is at 18.
    expect(s.indexFromCodePoint(17)).toBe(18);
    expect(sql.slice(18, 23)).toBe('WHERE');
    expect(s.indexFromCodePoint([...sql].length)).toBe(sql.length);
  });

  it('gives 1-based lines and UTF-16 columns across LF, CRLF and lone CR', () => {
    const s = new SourceText('a\nb\r\nc\rd😀e');
    expect(s.positionAt(0)).toEqual({ line: 1, column: 1 });
    expect(s.positionAt(2)).toEqual({ line: 2, column: 1 });
    expect(s.positionAt(3)).toEqual({ line: 2, column: 2 }); // the \r of \r\n ends line 2
    expect(s.positionAt(5)).toEqual({ line: 3, column: 1 });
    expect(s.positionAt(7)).toEqual({ line: 4, column: 1 });
    expect(s.positionAt(10)).toEqual({ line: 4, column: 4 }); // after d and the surrogate pair
    expect(s.lineCount).toBe(4);
    expect(s.indexAt({ line: 4, column: 4 })).toBe(10);
  });

  it('is exact for ASCII without building tables', () => {
    const s = new SourceText('SELECT 1;\nSELECT 2;');
    expect(s.isAscii).toBe(true);
    expect(s.indexFromByte(10)).toBe(10);
    expect(s.locationOf([10, 18])).toEqual({ line: 2, column: 1, endLine: 2, endColumn: 9 });
  });
});

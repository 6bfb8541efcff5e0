/**
 * Bytes to migration text. Postgres reads migrations as UTF-8: a byte-order
 * mark is dropped (as psql and ESLint do), and invalid UTF-8 is reported at the
 * first bad byte instead of being silently replaced.
 */
export type Decoded = { ok: true; text: string } | { ok: false; message: string; byteOffset: number };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeMigration(bytes: Uint8Array): Decoded {
  try {
    return { ok: true, text: stripBom(decoder.decode(bytes)) };
  } catch {
    const offset = firstInvalidUtf8Byte(bytes);
    const byte = bytes[offset] ?? 0;
    return {
      ok: false,
      byteOffset: offset,
      message: `invalid UTF-8 byte 0x${byte.toString(16).padStart(2, '0')}; Postgres rejects it: invalid byte sequence for encoding "UTF8". Convert the file to UTF-8.`,
    };
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    let length: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      min = 0x10000;
    } else return i;
    if (i + length > bytes.length) return i;
    let codePoint = b & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k] as number;
      if ((c & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (c & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid too.
    if (codePoint < min || (codePoint >= 0xd800 && codePoint <= 0xdfff) || codePoint > 0x10ffff) return i;
    i += length;
  }
  return bytes.length;
}

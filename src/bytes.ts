/** Sizes in bytes of UTF-8, as every `…Bytes` option measures (a JSON text's `length` counts UTF-16 units). */

/** The UTF-8 length of `text` (lone surrogates count 3, as TextEncoder writes them). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (
      c >= 0xd800 &&
      c <= 0xdbff &&
      i + 1 < text.length &&
      (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
    ) {
      bytes += 2; // a pair: 2 units, 4 bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** True when `text` takes at most `maxBytes` in UTF-8; cheap for texts far below the limit. */
export function fitsBytes(text: string, maxBytes: number): boolean {
  if (text.length * 3 <= maxBytes) return true;
  return text.length <= maxBytes && utf8Length(text) <= maxBytes;
}

/** `text`, or its start and "…" within `maxBytes` of UTF-8: for labels and keys, which stay strings. */
export function limitText(text: string, maxBytes: number): string {
  return fitsBytes(text, maxBytes) ? text : `${utf8Prefix(text, Math.max(0, maxBytes - 3))}…`;
}

/** The longest start of `text` of at most `maxBytes` in UTF-8, never splitting a surrogate pair. */
export function utf8Prefix(text: string, maxBytes: number): string {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes + size > maxBytes) return text.slice(0, i);
    bytes += size;
    if (pair) i++;
  }
  return text;
}

/**
 * Text safe to print on a terminal: C0 and C1 control characters (ESC, CSI, OSC, BEL, carriage
 * return, newline...), DEL, bidi embeddings, overrides and isolates, and line and paragraph
 * separators are written as escapes, so a label, path key, actor or value from outside can neither
 * drive the terminal nor forge or reorder a line. The escapes are JSON's, so JSON text stays JSON.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it escapes
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Makes text from an audit trail safe to print on a terminal: C0 and C1 controls, DEL, bidi overrides
 * and line separators become visible escapes (`\x1b`, `\u202e`), so a key, label or actor taken from
 * a request cannot retitle the terminal, write the clipboard (OSC 52), erase lines or forge a row.
 * (Written here until src/serialize/ has the shared helper the structure issue adds.)
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to escape
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function escapeTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return (
      NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`)
    );
  });
}

/**
 * A JSON line with the same escaping, as JSON's own `\u` escapes: the value is unchanged (a parsed
 * line holds no raw C0 character), yet C1 controls and bidi overrides no longer reach the terminal.
 */
export function escapeJsonLine(line: string): string {
  return line.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

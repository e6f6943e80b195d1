import { expectPlainOptions, typeError } from './errors';

/** What `redact` options compile to: applied at record time, and again by the serializer to nested keys. */
export interface Redactor {
  readonly keys: ReadonlySet<string>;
  readonly patterns: readonly RegExp[];
}

export interface RedactOptions {
  /** Property names (or Map keys) whose values are never recorded. */
  keys?: readonly string[];
  /** String values matching any of these are never recorded. */
  patterns?: readonly RegExp[];
}

export const REDACTED = '[REDACTED]';

export function compileRedactor(fn: string, options: RedactOptions | undefined): Redactor | null {
  if (options === undefined) return null;
  if (typeof options !== 'object' || options === null) throw typeError(fn, 'redact', 'an object', options);
  expectPlainOptions(fn, 'redact', options, ['keys', 'patterns']); // a typo must not redact nothing
  const keys = options.keys ?? [];
  const patterns = options.patterns ?? [];
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) {
    throw typeError(fn, 'redact.keys', 'an array of strings', keys);
  }
  if (!Array.isArray(patterns) || patterns.some((p) => !(p instanceof RegExp))) {
    throw typeError(fn, 'redact.patterns', 'an array of RegExp', patterns);
  }
  if (keys.length === 0 && patterns.length === 0) return null;
  // A global or sticky RegExp keeps lastIndex between tests; copy without those flags.
  const safe = patterns.map((p) =>
    p.global || p.sticky ? new RegExp(p.source, p.flags.replace(/[gy]/g, '')) : p,
  );
  return { keys: new Set(keys), patterns: safe };
}

export function isRedactedKey(redactor: Redactor, key: unknown): boolean {
  return typeof key === 'string' && redactor.keys.has(key);
}

/** A string as it may be written: replaced when it matches a pattern. */
export function redactString(redactor: Redactor | null, text: string): string {
  if (redactor !== null) for (const p of redactor.patterns) if (p.test(text)) return REDACTED;
  return text;
}

/** The value as it may be recorded: strings matching a pattern are replaced. */
export function redactValue(redactor: Redactor, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  for (const p of redactor.patterns) if (p.test(value)) return REDACTED;
  return value;
}

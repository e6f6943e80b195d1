/** Argument validation shared by every public function: messages name the function, the argument and what was expected. */

/** A short, safe description of a received value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
    case 'bigint':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return `function ${value.name || '(anonymous)'}`;
    default: {
      const name = Object.getPrototypeOf(value)?.constructor?.name;
      return name && name !== 'Object' ? `a ${name}` : 'an object';
    }
  }
}

export function typeError(fn: string, arg: string, expected: string, got: unknown): TypeError {
  return new TypeError(`statetrail: ${fn}: ${arg} must be ${expected}, got ${describe(got)}`);
}

export function rangeError(fn: string, arg: string, expected: string, got: unknown): RangeError {
  return new RangeError(`statetrail: ${fn}: ${arg} must be ${expected}, got ${describe(got)}`);
}

export function expectFunction(fn: string, arg: string, value: unknown): void {
  if (typeof value !== 'function') throw typeError(fn, arg, 'a function', value);
}

export function expectString(fn: string, arg: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') throw typeError(fn, arg, 'a non-empty string', value);
}

export function expectBoolean(fn: string, arg: string, value: unknown): void {
  if (typeof value !== 'boolean') throw typeError(fn, arg, 'a boolean', value);
}

/** A whole number >= min, or Infinity when `infinite` allows it. */
export function expectCount(fn: string, arg: string, value: unknown, min = 0, infinite = false): void {
  if (typeof value !== 'number' || Number.isNaN(value)) throw typeError(fn, arg, 'a number', value);
  if (value === Number.POSITIVE_INFINITY && infinite) return;
  if (!Number.isInteger(value) || value < min) {
    throw rangeError(fn, arg, `a whole number >= ${min}${infinite ? ' or Infinity' : ''}`, value);
  }
}

export function expectPlainOptions(
  fn: string,
  arg: string,
  value: unknown,
  allowed: readonly string[],
): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw typeError(fn, arg, 'an options object', value);
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new TypeError(
        `statetrail: ${fn}: unknown option ${JSON.stringify(key)} in ${arg}; valid options are ${allowed.join(', ')}`,
      );
    }
  }
}

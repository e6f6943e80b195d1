/** Argument validation shared by every public function: messages name the function, the argument and what was expected. */

/** A short, safe description of a received value for error messages; never throws. */
export function describe(value: unknown): string {
  try {
    return describeValue(value);
  } catch {
    return 'an unreadable object (a revoked or throwing Proxy)';
  }
}

function describeValue(value: unknown): string {
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

/** For an argument whose inspection threw (a revoked or throwing Proxy, a throwing getter). */
export function unreadable(fn: string, arg: string, error: unknown): TypeError {
  let reason: string;
  try {
    reason = String((error as Error)?.message ?? error);
  } catch {
    reason = 'its inspection threw';
  }
  return new TypeError(
    `statetrail: ${fn}: ${arg} could not be read (a revoked or throwing Proxy?): ${reason}`,
  );
}

/** Runs `read`, which inspects argument `arg`; what it throws becomes a statetrail error naming the argument. */
export function readArg<T>(fn: string, arg: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw unreadable(fn, arg, error);
  }
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
export function expectCount(
  fn: string,
  arg: string,
  value: unknown,
  min = 0,
  infinite = false,
  max = Number.MAX_SAFE_INTEGER,
): void {
  if (typeof value !== 'number' || Number.isNaN(value)) throw typeError(fn, arg, 'a number', value);
  if (value === Number.POSITIVE_INFINITY && infinite) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw rangeError(fn, arg, `a whole number ${range}${infinite ? ' or Infinity' : ''}`, value);
  }
}

export function expectPlainOptions(
  fn: string,
  arg: string,
  value: unknown,
  allowed: readonly string[],
): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || readArg(fn, arg, () => Array.isArray(value))) {
    throw typeError(fn, arg, 'an options object', value);
  }
  // every option is read once here, so a Proxy or getter that throws fails with this function's name
  const keys = readArg(fn, arg, () => {
    const own = Object.keys(value);
    for (const key of own) void (value as Record<string, unknown>)[key];
    return own;
  });
  for (const key of keys) {
    if (!allowed.includes(key)) {
      throw new TypeError(
        `statetrail: ${fn}: unknown option ${JSON.stringify(key)} in ${arg}; valid options are ${allowed.join(', ')}`,
      );
    }
  }
}

/** Errors the HTTP layer turns into `{ error, message, field?, expected? }` answers (docs/collector.md). */

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function badRequest(
  field: string,
  expected: string,
  message = `${field} must be ${expected}`,
): HttpError {
  return new HttpError(400, 'bad_request', message, { field, expected });
}

export function notFound(what: string): HttpError {
  return new HttpError(404, 'not_found', `${what} not found`);
}

/** A failure of the database (unreachable, disk full, locked): answered 503 so clients retry later. */
export class StoreError extends Error {
  constructor(cause: unknown) {
    super(`database failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** Option validation messages name the function, the option and what was expected. */
export function optionError(fn: string, name: string, expected: string, got: unknown): TypeError {
  const shown = typeof got === 'string' ? JSON.stringify(got) : got === null ? 'null' : typeof got;
  return new TypeError(`@statetrail/collector: ${fn}: options.${name} must be ${expected}, got ${shown}`);
}

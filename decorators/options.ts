/** `@tracked(options)`: checked once, at class definition, with errors naming the class. */
import { TRACK_OPTION_KEYS, type TrackOptions, validateTrackOptions } from '../src/config';
import { describe, readArg } from '../src/errors';
import type { TrackedOptions } from '../src/tracking/instances';
import { decoratorError, isArray } from './where';

export function validateTrackedOptions(className: string, options: unknown): TrackedOptions | null {
  if (options === undefined) return null;
  const where = `class ${className}`;
  if (typeof options !== 'object' || options === null || isArray(options)) {
    throw decoratorError(
      '@tracked',
      where,
      `options must be an object, got ${describe(options)}`,
      'pass { label, deep, captureStack, captureSnapshots } or nothing',
    );
  }
  const o = readArg('@tracked', 'options', () => ({ ...(options as Record<string, unknown>) }));
  for (const key of Object.keys(o)) {
    if (!(TRACK_OPTION_KEYS as readonly string[]).includes(key)) {
      throw decoratorError(
        '@tracked',
        where,
        `unknown option ${JSON.stringify(key)}`,
        `use only ${TRACK_OPTION_KEYS.join(', ')}`,
      );
    }
  }
  if (o.label !== undefined && typeof o.label !== 'function') {
    throw decoratorError(
      '@tracked',
      where,
      `options.label must be a function of the instance, got ${describe(o.label)}`,
      'label: (instance) => string',
    );
  }
  const { label: _label, ...rest } = o;
  try {
    validateTrackOptions('@tracked', rest as TrackOptions);
  } catch (error) {
    throw decoratorError(
      '@tracked',
      where,
      (error as Error).message.replace(/^statetrail: /, ''),
      'see the option types in docs/decorators.md',
    );
  }
  return o as TrackedOptions;
}

/**
 * statetrail/decorators — `@tracked`, `@track`, `@untracked`.
 *
 * A thin front door: each decorator finds out from its arguments which decorator world called it
 * (TC39 standard: `(value, context)`; experimentalDecorators: `(ctor)` or `(prototype, key,
 * descriptor?)`) and hands over to the one implementation in src/tracking/instances.ts.
 * - context.ts    which world called
 * - tracked.ts    `@tracked` on classes; options.ts checks its options
 * - track.ts      `@track` on fields and accessors; fields.ts reads compiled classes for legacy fields
 * - untracked.ts  `@untracked`
 * - where.ts      error wording: the class, the member, the fix, a stack from the user's class
 */

// Standard decorators hand `context.metadata` only when Symbol.metadata exists (not on Node 20).
// This module is imported before any class that uses it is evaluated, so defining it here is in time.
// Symbol.for('Symbol.metadata') is what esbuild's helpers fall back to, so both agree.
(Symbol as { metadata?: symbol }).metadata ??= Symbol.for('Symbol.metadata');

export type { TrackedOptions } from '../src/tracking/instances';
export { track } from './track';
export { tracked } from './tracked';
export { untracked } from './untracked';

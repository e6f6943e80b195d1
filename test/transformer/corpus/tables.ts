/**
 * The operator and target tables the corpus is built from, shared by the hand-written corpus
 * (cases.ts), the generated one (generated.test.ts) and the change-log check against the real core
 * (changelog.test.ts).
 */

/** Every assignment operator the transformer rewrites. */
export const ASSIGNMENT_OPS = [
  '=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '**=',
  '<<=',
  '>>=',
  '>>>=',
  '&=',
  '|=',
  '^=',
  '&&=',
  '||=',
  '??=',
] as const;

/** Prefix and postfix updates. */
export const UPDATE_OPS = ['++', '--'] as const;

/** Member targets over the harness's traced world `o` (harness.ts). */
export const WORLD_TARGETS = [
  'o.a.x',
  'o.a[k]',
  'o.a["y"]',
  'o.list[1]',
  'o[F("a")][F("z")]',
  'o.acc.v',
  'o.a.f',
  'o.a.u',
  'o.a.t',
  'o.proto.inherited',
] as const;

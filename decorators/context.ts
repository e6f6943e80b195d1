/** Which decorator world called: TC39 standard `(value, context)` or experimentalDecorators. */

export type Ctor = abstract new (...args: any[]) => object;

export interface StandardContext {
  kind: 'class' | 'method' | 'getter' | 'setter' | 'field' | 'accessor';
  name: string | symbol | undefined;
  static?: boolean;
  private?: boolean;
  metadata?: Record<PropertyKey, unknown>;
  addInitializer(fn: (this: any) => void): void;
}

export function isStandardContext(value: unknown): value is StandardContext {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as StandardContext).kind === 'string' &&
    typeof (value as StandardContext).addInitializer === 'function'
  );
}

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
  if (typeof value !== 'object' || value === null) return false;
  try {
    const c = value as StandardContext;
    return typeof c.kind === 'string' && typeof c.addInitializer === 'function';
  } catch {
    return false; // a revoked or throwing Proxy is no context; the caller reports the bad target
  }
}

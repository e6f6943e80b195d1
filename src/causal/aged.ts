/**
 * A map that forgets its oldest entries in bulk: two generations, the older dropped whole when the
 * newer fills. (Evicting one first key at a time from a Map is quadratic: the iterator walks every
 * deleted slot before it, measured at 67 µs per await after 100,000 entries.)
 */
export class AgedMap<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    return this.young.get(key) ?? this.old.get(key);
  }

  set(key: K, value: V): void {
    if (this.young.size >= this.limit) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  delete(key: K): boolean {
    const a = this.young.delete(key);
    return this.old.delete(key) || a;
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }
}

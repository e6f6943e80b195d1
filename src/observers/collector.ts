/** ChangeCollector: an observer that keeps the last `capacity` matching changes. */
import { expectCount, expectPlainOptions } from '../errors';
import type { Change } from '../history/change';
import { type ChangeFilter, checkFilter, matches } from '../history/filter';
import type { ChangeObserver } from '../tracking/dispatch';

export interface CollectorOptions {
  /** How many changes to keep, newest last (default Infinity); older ones are dropped and counted. */
  capacity?: number;
  filter?: ChangeFilter;
}

export class ChangeCollector implements ChangeObserver {
  readonly capacity: number;
  private readonly filter: ChangeFilter | undefined;
  private items: Change[] = [];
  /** Changes dropped because the collector was full. */
  dropped = 0;

  constructor(options: CollectorOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError('statetrail: ChangeCollector: options must be an object like { capacity, filter }');
    }
    expectPlainOptions('ChangeCollector', 'options', options, ['capacity', 'filter']);
    this.capacity = options.capacity ?? Number.POSITIVE_INFINITY;
    expectCount('ChangeCollector', 'options.capacity', this.capacity, 1, true);
    this.filter = checkFilter('ChangeCollector', options.filter);
  }

  onChange(change: Change): void {
    if (!matches(change, this.filter)) return;
    this.items.push(change);
    if (this.items.length > this.capacity) {
      this.items.shift();
      this.dropped++;
    }
  }

  asList(): Change[] {
    return this.items.slice();
  }

  last(): Change | undefined {
    return this.items[this.items.length - 1];
  }

  get size(): number {
    return this.items.length;
  }

  clear(): void {
    this.items = [];
  }
}

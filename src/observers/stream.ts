/** changeStream(): changes as an async iterator, with a bounded buffer that counts what it drops. */
import { expectCount, expectPlainOptions } from '../errors';
import type { Change } from '../history/change';
import { type ChangeFilter, checkFilter } from '../history/filter';
import { subscribe } from '../tracking/dispatch';

export interface ChangeStream extends AsyncIterableIterator<Change> {
  /** Changes dropped (oldest first) because the consumer fell behind by more than `capacity`. */
  readonly dropped: number;
  /** Stops the stream; pending and future next() calls resolve as done. */
  close(): void;
}

export function changeStream(filter?: ChangeFilter, options: { capacity?: number } = {}): ChangeStream {
  const f = checkFilter('changeStream', filter);
  expectPlainOptions('changeStream', 'options', options, ['capacity']);
  const capacity = options.capacity ?? 1000;
  expectCount('changeStream', 'options.capacity', capacity, 1);
  const buffer: Change[] = [];
  const waiting: Array<(r: IteratorResult<Change>) => void> = [];
  let dropped = 0;
  let closed = false;
  const unsubscribe = subscribe((change) => {
    const reader = waiting.shift();
    if (reader !== undefined) return reader({ value: change, done: false });
    buffer.push(change);
    if (buffer.length > capacity) {
      buffer.shift();
      dropped++;
    }
  }, f);
  const close = (): void => {
    if (closed) return;
    closed = true;
    unsubscribe();
    for (const reader of waiting.splice(0)) reader({ value: undefined, done: true });
  };
  const stream: ChangeStream = {
    get dropped() {
      return dropped;
    },
    close,
    next() {
      const change = buffer.shift();
      if (change !== undefined) return Promise.resolve({ value: change, done: false });
      if (closed) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => waiting.push(resolve));
    },
    return() {
      close();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}

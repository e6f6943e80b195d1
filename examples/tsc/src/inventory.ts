import { track } from 'statetrail';

/** A tiny domain: stock levels, changed by plain assignments. No decorator, no wrapper call at the write. */
export const inventory = track({ items: { apple: 3, pear: 0 } as Record<string, number>, updatedBy: '' });

export function sell(item: string, qty: number, who: string): void {
  inventory.items[item] -= qty;
  inventory.updatedBy = who;
}

export function restock(item: string, qty: number): void {
  inventory.items[item] ??= 0;
  inventory.items[item] += qty;
}

// The tsc, tsup and vite examples share this file on purpose: each is a project a user copies whole,
// and the three differ only in how they build it (see their package.json).

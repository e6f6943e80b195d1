import { track } from 'statetrail';
import { tracked } from 'statetrail/decorators';

export interface Line {
  sku: string;
  qty: number;
}

export const cart = track(
  { lines: [] as Line[], total: 0, coupon: undefined as string | undefined },
  { label: 'cart' },
);

export function add(sku: string, qty: number): void {
  cart.lines.push({ sku, qty });
  cart.total += qty;
}

@tracked
export class Checkout {
  step: 'cart' | 'paid' = 'cart';
  pay(): void {
    this.step = 'paid';
  }
}

export function applyCoupon(code: string): void {
  if (code === '') throw new Error('empty coupon code');
  cart.coupon ??= code;
}

/**
 * Child process of classes.test.ts (run with --expose-gc): an object written once to a `classes` field,
 * and once to an instrumented `let`, then overwritten, must be collectable although the history
 * recorded both writes. A control object kept in a global must not be. Prints the collected tags.
 */
import { changesOf } from 'statetrail';
import { load } from './load';

const m = load(
  `export class Holder {
  value: unknown = null;
  put(v: unknown) { this.value = v; }
}
export function pass(v: unknown) {
  let seen: unknown = null;
  seen = v;
  seen = null;
  return seen;
}`,
  '/proj/src/holder.ts',
  { classes: 'src/**', variables: true },
);

const collected: string[] = [];
const registry = new FinalizationRegistry<string>((tag) => collected.push(tag));
const holder = new m.Holder();

(function writeOnce() {
  const field = { data: new Array(1000).fill('x') };
  const variable = { data: [1, 2, 3] };
  const kept = { data: [4] };
  registry.register(field, 'field');
  registry.register(variable, 'variable');
  registry.register(kept, 'kept');
  (globalThis as Record<string, unknown>).keptForControl = kept;
  holder.put(field);
  holder.put(null);
  m.pass(variable);
})();

async function main() {
  for (let i = 0; i < 20 && collected.length < 2; i++) {
    (globalThis as { gc?: () => void }).gc!();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const recorded = changesOf(holder).map((c) => c.path.join('.'));
  process.stdout.write(JSON.stringify({ collected: collected.sort(), recorded }));
}
void main();

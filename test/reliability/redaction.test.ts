/**
 * Issue 15 item 2: `redact` keeps values out of everything written — JSON Lines (fast path and
 * serializeChange), console text, crumbs and crash dumps — at any depth; a typo in the options throws.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  configure,
  crumb,
  crumbs,
  describeChange,
  formatText,
  jsonlExporter,
  lastChange,
  serializeChange,
  subscribe,
  track,
  withContext,
} from 'statetrail';
import { assigned, pending, sites, variables } from 'statetrail/runtime';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statetrail-redact-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => configure({ redact: undefined, captureSnapshots: false }));

const CARD = '4111111111111111';
const SECRET = 'hunter2';

/** Every way a change is written out, for the changes `write` makes. */
async function written(write: () => void): Promise<string> {
  const file = path.join(dir, `${Math.random()}.jsonl`);
  const ex = jsonlExporter({ path: file });
  const texts: string[] = [];
  const stops = [
    subscribe(ex),
    subscribe((c) => texts.push(JSON.stringify(serializeChange(c)), describeChange(c))),
  ];
  write();
  for (const stop of stops) stop();
  await ex.shutdown();
  return [fs.readFileSync(file, 'utf8'), ...texts, formatText(crumbs())].join('\n');
}

describe('redaction', () => {
  it('patterns reach strings inside arrays, objects, splices, Errors and Map keys', async () => {
    configure({ redact: { patterns: [/\d{16}/] } });
    const wallet = track({
      cards: [] as unknown[],
      last: null as unknown,
      byNumber: new Map<string, { ok: boolean }>(),
    });
    const text = await written(() => {
      wallet.cards.push({ number: CARD });
      wallet.last = [CARD];
      wallet.last = new Error(`card ${CARD} declined`);
      wallet.byNumber.set(CARD, { ok: true });
      wallet.byNumber.get(CARD)!.ok = false;
      crumb('charge', { card: CARD });
    });
    expect(text).not.toContain(CARD);
    expect(text).toContain('[REDACTED]');
  });

  it('keys: a site keeps its place but not its code, and a `let password` is redacted by name', async () => {
    configure({ redact: { keys: ['password'] } });
    const user = track({ password: '' });
    const base = sites('src/login.ts', [
      [3, 1, `user.password = "${SECRET}"`],
      [4, 1, `password = "${SECRET}"`],
    ]);
    const [password] = variables('src/login.ts', ['password']);
    const text = await written(() => {
      pending.s = base;
      user.password = SECRET;
      assigned(password!, undefined, SECRET, base + 1);
    });
    expect(text).not.toContain(SECRET);
    expect(lastChange(user)!.site).toMatchObject({ file: 'src/login.ts', line: 3 });
    expect(lastChange(password!)!.value).toBe('[REDACTED]');
  });

  it("an object's own redact applies to nested values, context and snapshots when written", async () => {
    const account = track(
      { profile: {} as Record<string, unknown> },
      { redact: { keys: ['token'], patterns: [/sk_live_\w+/] }, captureSnapshots: true },
    );
    const other = track({ profile: {} as Record<string, unknown> });
    const text = await written(() => {
      withContext({ token: 'ctx-secret', note: 'sk_live_abc' }, () => {
        account.profile = { token: 'nested-secret', key: 'sk_live_xyz' };
      });
    });
    for (const leak of ['ctx-secret', 'sk_live_abc', 'nested-secret', 'sk_live_xyz'])
      expect(text).not.toContain(leak);
    // other objects keep the global (here: no) redaction
    const plain = await written(() => {
      other.profile = { token: 'visible' };
    });
    expect(plain).toContain('visible');
  });

  it('captureSnapshots before/after go through the patterns', async () => {
    configure({ redact: { patterns: [/\d{16}/] }, captureSnapshots: true });
    const order = track({ card: { number: '' }, n: 0 });
    order.card.number = CARD; // redacted at record time
    const text = await written(() => {
      order.n = 1; // before/after hold the card number
    });
    expect(lastChange(order)!.after).toMatchObject({ card: { number: CARD } }); // in memory: your own data
    expect(text).not.toContain(CARD);
  });

  it('unknown redact options throw instead of redacting nothing', () => {
    expect(() => configure({ redact: { key: ['password'] } as any })).toThrow(
      /configure: unknown option "key" in redact/,
    );
    expect(() => track({}, { redact: { Keys: ['x'] } as any })).toThrow(
      /track: unknown option "Keys" in redact/,
    );
    expect(() => configure({ redact: { pattern: /x/ } as any })).toThrow(/unknown option "pattern"/);
  });
});

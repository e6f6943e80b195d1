/**
 * The recorded write of a `@tracked` class instance (standard decorators, compiled by TypeScript 6),
 * for profiling (not part of npm run bench). Bundle first, then run or profile the bundle:
 *   node bench/build.mjs bench/tools/class-hotpath.ts
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/.generated/dist/bench/tools/class-hotpath.js
 *   node bench/tools/lines.cjs /tmp/prof/<largest>.cpuprofile record bench/.generated/dist/<chunk>.js
 * Arguments: rounds (15), then a part of a loop's name to run only those.
 * Prints CPU time per write (process-wide) of a plain class, the decorated class, a class tracked by
 * the transformer (option `classes`) and track().
 */
import { track, withActor } from '../../src/index';
import { compileAndImport } from '../lib/compile';
import { printCpuMedians } from './cpu-rounds';

const N = 200_000;
const ROUNDS = Number(process.argv[2] ?? 15);
/** Only the loops whose name contains this (to profile one route). */
const ONLY = process.argv[3] ?? '';
const SOURCE = `
import { tracked } from 'statetrail/decorators';
export class Plain { x = 0; y = 'a'; }
@tracked
export class Account { x = 0; y = 'a'; }
export function writesPlain(a: Plain, n: number): void { for (let i = 0; i < n; i++) a.x = i; }
export function writes(a: Account, n: number): void { for (let i = 0; i < n; i++) a.x = i; }
export function writesTracked(a: { x: number }, n: number): void { for (let i = 0; i < n; i++) a.x = i; }
`;

const CLASSES_SOURCE = `
export class Account { x = 0; y = 'a'; }
export function writes(a: Account, n: number): void { for (let i = 0; i < n; i++) a.x = i; }
`;

const mod = await compileAndImport('class-hotpath', SOURCE);
const classes = await compileAndImport('class-hotpath-classes', CLASSES_SOURCE, {
  instrument: { classes: ['bench/.generated/class-hotpath-classes.ts'] },
});
const instrumented = new classes.Account();
const plain = new mod.Plain();
const decorated = new mod.Account();
const proxied = track({ x: 0, y: 'a' });
const loops: Record<string, () => void> = {
  'plain class': () => mod.writesPlain(plain, N),
  '@tracked class': () => mod.writes(decorated, N),
  '`classes` class': () => classes.writes(instrumented, N),
  'track()': () => mod.writesTracked(proxied, N),
};
const chosen = Object.fromEntries(Object.entries(loops).filter(([name]) => name.includes(ONLY)));
withActor('bench', () => printCpuMedians(chosen, ROUNDS, 'write', () => N));

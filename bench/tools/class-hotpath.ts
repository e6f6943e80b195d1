/**
 * The recorded write of a `@tracked` class instance (standard decorators, compiled by TypeScript 6),
 * for profiling (not part of npm run bench). Bundle first, then run or profile the bundle:
 *   node bench/build.mjs bench/tools/class-hotpath.ts
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/.generated/dist/bench/tools/class-hotpath.js
 *   node bench/tools/lines.cjs /tmp/prof/<largest>.cpuprofile record bench/.generated/dist/<chunk>.js
 * Prints CPU time per write (process-wide) of a plain class, the decorated class and track().
 */
import { track, withActor } from '../../src/index';
import { compileAndImport } from '../lib/compile';
import { printCpuMedians } from './cpu-rounds';

const N = 200_000;
const ROUNDS = Number(process.argv[2] ?? 15);
const SOURCE = `
import { tracked } from 'statetrail/decorators';
export class Plain { x = 0; y = 'a'; }
@tracked
export class Account { x = 0; y = 'a'; }
export function writesPlain(a: Plain, n: number): void { for (let i = 0; i < n; i++) a.x = i; }
export function writes(a: Account, n: number): void { for (let i = 0; i < n; i++) a.x = i; }
export function writesTracked(a: { x: number }, n: number): void { for (let i = 0; i < n; i++) a.x = i; }
`;

const mod = await compileAndImport('class-hotpath', SOURCE);
const plain = new mod.Plain();
const decorated = new mod.Account();
const proxied = track({ x: 0, y: 'a' });
const loops: Record<string, () => void> = {
  'plain class': () => mod.writesPlain(plain, N),
  '@tracked class': () => mod.writes(decorated, N),
  'track()': () => mod.writesTracked(proxied, N),
};
withActor('bench', () => printCpuMedians(loops, ROUNDS, 'write', () => N));

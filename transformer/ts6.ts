/**
 * The TypeScript 6 compiler API used when no host hands one in: the copy bundled in ts-morph, never the
 * user's `typescript` (which may be TypeScript 7, without a transformer API).
 */
import { ts as bundled } from 'ts-morph';
import type * as TS from 'typescript';

export const ts6 = bundled as unknown as typeof TS;

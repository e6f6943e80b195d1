/**
 * Every scenario, by module. A scenario whose code is not on this branch yet (decorators, transformer,
 * exporters) still loads: its setup reports "not available (branch not merged)" instead of a number.
 */
import type { Scenario } from '../lib/types';
import build from './build';
import decorators from './decorators';
import exporting from './export';
import immer from './immer';
import instrumented from './instrumented';
import mobx from './mobx';
import onChange from './on-change';
import plain from './plain';
import track from './track';
import transformerClass from './transformer-class';
import valtio from './valtio';

export const scenarios: readonly Scenario[] = [
  ...plain,
  ...mobx,
  ...onChange,
  ...valtio,
  ...immer,
  ...track,
  ...decorators,
  ...transformerClass,
  ...instrumented,
  ...exporting,
  ...build,
];

/**
 * Every scenario, by module. Each scenario writes out its own measured loop on purpose: a loop shared
 * by several scenarios would see several object shapes at one property access and go megamorphic,
 * measuring the inline cache instead of the library.
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
import races from './races';
import steps from './steps';
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
  ...races,
  ...steps,
  ...decorators,
  ...transformerClass,
  ...instrumented,
  ...exporting,
  ...build,
];

/**
 * `node --import statetrail/register app.ts` — changes carry `file:line` with no build step: every
 * file the project's options instrument (see register-compile.ts) is rewritten as Node loads it,
 * TypeScript compiled on the way. Loads the runtime, turns source maps on (stack traces name the
 * `.ts` lines), and installs the hooks: `module.register` for `import` (and the `require` calls of
 * CommonJS files loaded through it), `require.extensions` for Node's own `require` (`createRequire`
 * in an ES module, a CommonJS file required from an untouched one), which those hooks do not see on
 * Node 20.
 */
import Module, { createRequire, register } from 'node:module';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import 'statetrail/runtime';
import { RUNTIME_GLOBAL, RUNTIME_MODULE } from '../src/runtime-contract';
import {
  compile,
  formatOf,
  handles,
  isDependency,
  loadConfig,
  OPTIONS_ENV,
  type RegisterConfig,
} from './register-compile';
import type { HooksData } from './register-hooks';

// Under `--require`, Node's hooks thread runs this file too: registering from there would wait for
// itself forever (`--import` is not run in that thread).
if (isMainThread || typeof require === 'undefined') install();

function install(): void {
  const data: HooksData = { cwd: process.cwd(), env: process.env[OPTIONS_ENV] };
  const here = import.meta.url;
  // the hooks file sits next to this one, with the same extension (.js / .cjs in dist, .ts in sources)
  register(`./register-hooks${here.slice(here.lastIndexOf('.'))}`, here, { data });
  process.setSourceMapsEnabled(true);

  // Instrumented scripts (no import, no require) find the runtime through a global, which the first copy
  // loaded sets: above, the ES module one. A CommonJS program records through the CommonJS copy of the
  // core (its `require('statetrail')`), so its scripts must reach that copy's runtime.
  const entry = process.argv[1];
  if (entry !== undefined && formatOf(path.resolve(entry)) === 'commonjs') {
    (globalThis as Record<symbol, unknown>)[Symbol.for(RUNTIME_GLOBAL)] = createRequire(here)(RUNTIME_MODULE);
  }

  interface CjsModule {
    _compile(code: string, filename: string): unknown;
  }
  type Loader = (module: CjsModule, filename: string) => void;
  const extensions = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;

  // the main thread's copy of the options, read on the first file Node's own `require` hands over
  let config: RegisterConfig | undefined;
  for (const ext of ['.ts', '.cts', '.tsx', '.js', '.cjs']) {
    const fallback = extensions[ext] ?? extensions['.js']!;
    extensions[ext] = (module, filename) => {
      if (isDependency(filename)) return fallback(module, filename);
      config ??= loadConfig(data.cwd, data.env);
      // an ES module (`.js` of a "type": "module" package) is Node's to refuse, as without the hook
      if (!handles(filename, config) || formatOf(filename) === 'module') return fallback(module, filename);
      module._compile(compile(filename, 'commonjs', config), filename);
    };
  }
}

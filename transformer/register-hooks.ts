/**
 * The module customization hooks behind `statetrail/register` (they run in Node's hooks thread).
 * `load` compiles TypeScript and instruments the project's JavaScript; CommonJS files are returned
 * with their source, so Node routes their own `require` calls through these hooks too. `resolve`
 * lets `./cart.js` (and `./cart`) find `cart.ts`, as TypeScript's own resolution does.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, formatOf, handles, loadConfig, type RegisterConfig } from './register-compile';

export interface HooksData {
  cwd: string;
  env: string | undefined;
}

let config: RegisterConfig;

export function initialize(data: HooksData): void {
  config = loadConfig(data.cwd, data.env);
}

interface ResolveContext {
  parentURL?: string;
  conditions: string[];
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string; format?: string }>;

const TS_FOR: Record<string, string> = { '.js': '.ts', '.mjs': '.mts', '.cjs': '.cts', '.jsx': '.tsx' };

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve) {
  try {
    return await next(specifier, context);
  } catch (e) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    if ((e as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND' || !relative || !context.parentURL)
      throw e;
    const ext = /\.[cm]?jsx?$/.exec(specifier)?.[0];
    const candidates = ext
      ? [specifier.slice(0, -ext.length) + TS_FOR[ext]]
      : [`${specifier}.ts`, `${specifier}/index.ts`];
    for (const candidate of candidates) {
      const url = new URL(candidate, context.parentURL);
      if (existsSync(url)) return { url: url.href, shortCircuit: true };
    }
    throw e;
  }
}

interface LoadContext {
  format?: string | null;
  conditions: string[];
}
type NextLoad = (url: string, context: LoadContext) => Promise<{ format: string; source?: unknown }>;

export async function load(url: string, context: LoadContext, next: NextLoad) {
  if (!url.startsWith('file:')) return next(url, context);
  const file = fileURLToPath(url);
  if (!handles(file, config)) return next(url, context);
  // Node 22+ names TypeScript formats `module-typescript` / `commonjs-typescript`; Node 20 names none
  const given = context.format?.replace(/-typescript$/, '');
  const format = given === 'module' || given === 'commonjs' ? given : formatOf(file);
  return { format, source: compile(file, format, config), shortCircuit: true };
}

/**
 * Logger exporters: changes as log lines of a pino logger (or anything with pino's
 * `logger[level](object, message)` shape) or of the console. No logger library is imported.
 */
import { describeChange } from '../crumbs/format';
import { expectPlainOptions, readArg, typeError } from '../errors';
import type { Change } from '../history/change';
import { serializeChange } from '../serialize/json';
import { printable } from '../serialize/printable';
import { encodeChange } from './encode';
import { reportError } from './report';

export interface LoggerExporter {
  onChange(change: Change): void;
  readonly stats: Readonly<{ logged: number; failed: number }>;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface PinoExporterOptions {
  /** The logger method; default 'info'. */
  level?: string;
  /** The log message; default "statetrail change". */
  msg?: string;
  /** The property holding the serialised change; default "change". */
  key?: string;
}

type PinoLike = Record<string, unknown> & { flush?: (cb?: (err?: unknown) => void) => void };

/** Logs each change as `logger[level]({ change: <serialised form> }, msg)`. */
export function pinoExporter(logger: unknown, options: PinoExporterOptions = {}): LoggerExporter {
  const fn = 'pinoExporter';
  expectPlainOptions(fn, 'options', options, ['level', 'msg', 'key']);
  const level = options.level ?? 'info';
  if (
    typeof logger !== 'object' ||
    logger === null ||
    readArg(fn, 'logger', () => typeof (logger as PinoLike)[level] !== 'function')
  ) {
    throw typeError(fn, 'logger', `a pino logger (an object with a ${level}() method)`, logger);
  }
  const msg = options.msg ?? 'statetrail change';
  const key = options.key ?? 'change';
  if (typeof msg !== 'string') throw typeError(fn, 'options.msg', 'a string', msg);
  if (typeof key !== 'string' || key === '') throw typeError(fn, 'options.key', 'a non-empty string', key);
  const stats = { logged: 0, failed: 0 };
  const observer: LoggerExporter = {
    stats,
    onChange(change) {
      try {
        // Looked up per call: pino swaps its level methods when the level changes.
        (logger as Record<string, (obj: unknown, msg: string) => void>)[level]!(
          { [key]: serializeChange(change) },
          msg,
        );
        stats.logged++;
      } catch (error) {
        stats.failed++;
        reportError(observer, `${fn}: a change could not be logged`, error);
      }
    },
    flush() {
      const l = logger as PinoLike;
      if (typeof l.flush !== 'function') return Promise.resolve();
      return new Promise<void>((resolve) => {
        try {
          l.flush!(() => resolve());
        } catch {
          resolve();
        }
      });
    },
    shutdown() {
      return observer.flush();
    },
  };
  return observer;
}

export interface ConsoleExporterOptions {
  /** 'text' (default): `Account#1.balance: 100 -> 50  (by ann)`; 'json': the serialised line. */
  format?: 'text' | 'json';
  /** The console method; default 'log'. */
  method?: 'log' | 'info' | 'debug' | 'warn' | 'error';
  /** Another console (e.g. `new console.Console(stream)`); default the global one. */
  console?: Pick<Console, 'log'> & Partial<Console>;
}

/** Prints each change on the console. */
export function consoleExporter(options: ConsoleExporterOptions = {}): LoggerExporter {
  const fn = 'consoleExporter';
  expectPlainOptions(fn, 'options', options, ['format', 'method', 'console']);
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw typeError(fn, 'options.format', "'text' or 'json'", format);
  const method = options.method ?? 'log';
  const target = options.console ?? console;
  if (!['log', 'info', 'debug', 'warn', 'error'].includes(method) || typeof target[method] !== 'function') {
    throw typeError(fn, 'options.method', "'log', 'info', 'debug', 'warn' or 'error'", method);
  }
  const print = target[method]!.bind(target) as (line: string) => void;
  const stats = { logged: 0, failed: 0 };
  const observer: LoggerExporter = {
    stats,
    onChange(change) {
      try {
        print(
          format === 'json'
            ? printable(encodeChange(change))
            : `statetrail #${change.seq} ${describeChange(change)}`,
        );
        stats.logged++;
      } catch (error) {
        stats.failed++;
        reportError(observer, `${fn}: a change could not be printed`, error);
      }
    },
    flush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  return observer;
}

/** @deprecated renamed to pinoExporter (every exporter ends in "Exporter"). */
export const pinoObserver = pinoExporter;
/** @deprecated renamed to consoleExporter. */
export const consoleObserver = consoleExporter;
/** @deprecated renamed to LoggerExporter. */
export type LoggerObserver = LoggerExporter;
/** @deprecated renamed to PinoExporterOptions. */
export type PinoObserverOptions = PinoExporterOptions;
/** @deprecated renamed to ConsoleExporterOptions. */
export type ConsoleObserverOptions = ConsoleExporterOptions;

/**
 * Every public function of `statetrail` and `statetrail/decorators` answers bad input with a
 * statetrail error naming the function and the argument — also for revoked and throwing Proxies,
 * which otherwise surface as raw engine errors. The functions that promise never to throw are
 * fed the same hostile values and must return.
 */
import * as core from 'statetrail';
import * as decorators from 'statetrail/decorators';
import { describe, expect, it } from 'vitest';

const { proxy: revoked, revoke } = Proxy.revocable({}, {});
revoke();
const fail = (): never => {
  throw new Error('trap');
};
const throwing = new Proxy(
  {},
  { get: fail, has: fail, ownKeys: fail, getPrototypeOf: fail, getOwnPropertyDescriptor: fail },
);
const hostile = { revoked, throwing, nullProto: Object.create(null) } as const;

const tracked = core.track({ n: 1 });
const noop = () => undefined;

/** [function, call with a bad argument, what the message must say]. */
const rows: Array<[string, () => unknown, RegExp]> = [
  ['configure', () => core.configure(42 as any), /configure: options must be an options object/],
  [
    'configure',
    () => core.configure({ historyLimit: 0 }),
    /configure: historyLimit must be a whole number from 1 to 10000000/,
  ],
  ['configure', () => core.configure({ colour: 1 } as any), /configure: unknown option "colour"/],
  [
    'configure',
    () => core.configure({ historyLimit: 1e8 }),
    /configure: historyLimit must be a whole number from 1 to 10000000/,
  ],
  ['track', () => core.track(42 as any), /track: value must be a plain object/],
  ['withLock', () => core.withLock('', noop), /withLock: name must be a non-empty string/],
  ['mutex', () => core.mutex(3 as any), /mutex: name/],
  ['onRace', () => core.onRace(null as any), /onRace: listener/],
  ['propagateTrace', () => core.propagateTrace(1 as any), /propagateTrace: options/],
  ['formatRaces', () => core.formatRaces('x' as any), /formatRaces: list must be an array of races/],
  ['encodeRace', () => core.encodeRace(null as any), /encodeRace: race must be a race report/],
  ['encodeRace', () => core.encodeRace({} as any, Number.NaN), /encodeRace: time must be ms since the epoch/],
  ['requestScopes', () => core.requestScopes('requestScopes', 42 as any), /requestScopes: options must be/],
  ['track', () => core.track({}, { label: '' }), /track: options.label must be a non-empty string/],
  ['rawOf', () => core.rawOf(revoked), /never/], // never throws: checked below
  ['changesOf', () => core.changesOf({}), /changesOf: target must be a tracked object/],
  ['changesOf', () => core.changesOf(tracked, { op: 'move' as any }), /changesOf: filter.op must be one of/],
  ['lastChange', () => core.lastChange(null as any), /lastChange: target must be a tracked object/],
  [
    'changesSince',
    () => core.changesSince(tracked, 'yesterday' as any),
    /changesSince: mark must be a Change/,
  ],
  ['revert', () => core.revert(tracked, Number.NaN), /revert: mark must be a Change/],
  ['observe', () => core.observe(tracked, 42 as any), /observe: observer must be a function/],
  ['subscribe', () => core.subscribe(noop, { path: 'a' as any }), /subscribe: filter.path must be an array/],
  [
    'changeStream',
    () => core.changeStream({ actor: 1 as any }),
    /changeStream: filter.actor must be a string/,
  ],
  [
    'ChangeCollector',
    () => new core.ChangeCollector({ capacity: 0 }),
    /ChangeCollector: options.capacity must be/,
  ],
  [
    'ChangeCollector',
    () => new core.ChangeCollector({ size: 1 } as any),
    /ChangeCollector: unknown option "size"/,
  ],
  ['setActor', () => core.setActor(''), /setActor: actor must be a non-empty string/],
  ['withActor', () => core.withActor('ann', 42 as any), /withActor: fn must be a function/],
  ['withContext', () => core.withContext([] as any, noop), /withContext: values must be a plain object/],
  ['transaction', () => core.transaction('', noop), /transaction: name must be a non-empty string/],
  [
    'configureCrumbs',
    () => core.configureCrumbs({ limit: -1 }),
    /configureCrumbs: limit must be a whole number/,
  ],
  [
    'installCrashHandler',
    () => core.installCrashHandler({ to: 'disk' as any }),
    /installCrashHandler: options.to must be/,
  ],
  [
    'installCrashHandler',
    () => core.installCrashHandler({ path: 'x' } as any),
    /installCrashHandler: unknown option "path"/,
  ],
  ['printable', () => core.printable(42 as any), /printable: text must be a string/],
  ['formatJson', () => core.formatJson('x' as any), /formatJson: list must be an array/],
  ['formatText', () => core.formatText({} as any), /formatText: list must be an array/],
  ['describeChange', () => core.describeChange({} as any), /describeChange: change must be a Change/],
  ['serializeChange', () => core.serializeChange(42 as any), /serializeChange: change must be a Change/],
  ['writeCrumbsJson', () => core.writeCrumbsJson(''), /writeCrumbsJson: path must be a file path/],
  ['exportJson', () => core.exportJson(42 as any), /writeCrumbsJson: path must be a file path/],
  ['jsonlExporter', () => core.jsonlExporter({} as any), /jsonlExporter: options.path must be/],
  ['httpExporter', () => core.httpExporter({ url: 'ftp://x' }), /httpExporter: options.url must be/],
  ['loadObservers', () => core.loadObservers(42 as any), /loadObservers: config/],
  ['pinoExporter', () => core.pinoExporter({}), /pinoExporter: logger must be a pino logger/],
  ['pinoObserver', () => core.pinoObserver({}), /pinoExporter: logger must be a pino logger/],
  [
    'consoleExporter',
    () => core.consoleExporter({ format: 'xml' as any }),
    /consoleExporter: options.format must be/,
  ],
  [
    'consoleObserver',
    () => core.consoleObserver({ format: 'xml' as any }),
    /consoleExporter: options.format must be/,
  ],
  ['startSession', () => core.startSession({ product: 'p' } as any), /startSession: options\.\w+ must be/],
  ['otelExporter', () => core.otelExporter({ api: 42 } as any), /otelExporter: .*api/],
  ['otelStamp', () => core.otelStamp(42 as any), /otelStamp: api must be/],
  [
    'decorators.tracked',
    () => decorators.tracked({ colour: 1 } as any)(class A {}),
    /@tracked on class A: unknown option "colour"/,
  ],
  [
    'decorators.track',
    () => (decorators.track as any)(class A {}),
    /@track on class A: it decorates one field/,
  ],
  ['decorators.untracked', () => (decorators.untracked as any)(42), /@untracked on number 42/],
];

/** Functions that promise never to throw, whatever they are given. */
const neverThrow: Record<string, (v: unknown) => unknown> = {
  isTracked: (v) => core.isTracked(v),
  toPlain: (v) => core.toPlain(v),
  rawOf: (v) => core.rawOf(v),
  crumb: (v) => core.crumb(v as any, v),
  toSerializable: (v) => core.toSerializable(v, v as any),
  safeStringify: (v) => core.safeStringify(v, v as any),
  encodeChange: (v) => core.encodeChange(v as any),
  encodeCrumb: (v) => JSON.parse(core.encodeCrumb(v as any, v, Number.NaN)),
};

/** Functions without arguments. */
const noArguments = [
  'currentActor',
  'currentContext',
  'currentTrace',
  'crumbs',
  'clearCrumbs',
  'races',
  'clearRaces',
  'contention',
  'resetContention',
];

/** Functions taking an object argument first: fed each hostile value, they must answer with a statetrail error. */
const objectFirst: Record<string, (v: any) => unknown> = {
  configure: (v) => core.configure(v),
  track: (v) => core.track(v),
  changesOf: (v) => core.changesOf(v),
  lastChange: (v) => core.lastChange(v),
  changesSince: (v) => core.changesSince(v, 0),
  revert: (v) => core.revert(v, 0),
  observe: (v) => core.observe(v, noop),
  subscribe: (v) => core.subscribe(v),
  changeStream: (v) => core.changeStream(v),
  ChangeCollector: (v) => new core.ChangeCollector(v),
  withContext: (v) => core.withContext(v, noop),
  setActor: (v) => core.setActor(v),
  withActor: (v) => core.withActor(v, noop),
  transaction: (v) => core.transaction(v, noop),
  configureCrumbs: (v) => core.configureCrumbs(v),
  installCrashHandler: (v) => core.installCrashHandler(v),
  printable: (v) => core.printable(v),
  formatJson: (v) => core.formatJson(v),
  formatText: (v) => core.formatText(v),
  describeChange: (v) => core.describeChange(v),
  serializeChange: (v) => core.serializeChange(v),
  jsonlExporter: (v) => core.jsonlExporter(v),
  httpExporter: (v) => core.httpExporter(v),
  loadObservers: (v) => core.loadObservers(v),
  pinoExporter: (v) => core.pinoExporter(v),
  pinoObserver: (v) => core.pinoObserver(v),
  consoleExporter: (v) => core.consoleExporter(v),
  consoleObserver: (v) => core.consoleObserver(v),
  startSession: (v) => core.startSession(v),
  otelExporter: (v) => core.otelExporter(v),
  otelStamp: (v) => core.otelStamp(v),
  'decorators.tracked': (v) => decorators.tracked(v)(class A {}),
  'decorators.track': (v) => (decorators.track as any)(v, v),
  'decorators.untracked': (v) => (decorators.untracked as any)(v, v),
};

describe('bad input to every public function', () => {
  const publicFunctions = [
    ...Object.entries(core)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k),
    ...Object.entries(decorators)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => `decorators.${k}`),
  ];

  /** Async functions answer bad input with a rejected promise instead. */
  const asyncRows: Array<[string, () => Promise<unknown>, RegExp]> = [
    ['detectRaces', () => core.detectRaces(42 as any), /detectRaces: fn must be a function/],
    [
      'expectNoRaces',
      () => core.expectNoRaces(noop, { stack: true } as any),
      /detectRaces: unknown option "stack"/,
    ],
  ];

  it.each(asyncRows)('%s rejects naming the argument', async (_name, call, message) => {
    await expect(call()).rejects.toThrow(message);
  });

  it('has a row for every function either module exports', () => {
    const covered = new Set([
      ...rows.map(([n]) => n),
      ...asyncRows.map(([n]) => n),
      ...Object.keys(neverThrow),
      ...noArguments,
    ]);
    expect(publicFunctions.filter((f) => !covered.has(f))).toEqual([]);
  });

  it.each(rows.filter(([n]) => !(n in neverThrow)))('%s names the argument', (_name, call, message) => {
    let thrown: unknown;
    try {
      call();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toMatch(/^statetrail: /);
    expect((thrown as Error).message).toMatch(message);
  });

  for (const [kind, value] of Object.entries(hostile)) {
    it.each(Object.entries(objectFirst))(
      `%s answers a ${kind} argument with a statetrail error`,
      (_n, call) => {
        let thrown: unknown;
        try {
          call(value);
        } catch (error) {
          thrown = error;
        }
        // a null-prototype object is a valid options object for some: then nothing is thrown
        if (thrown !== undefined) expect(String((thrown as Error).message)).toMatch(/^statetrail: /);
        else expect(kind).toBe('nullProto');
      },
    );

    it.each(Object.entries(neverThrow))(`%s never throws on a ${kind} value`, (_n, call) => {
      expect(() => call(value)).not.toThrow();
    });
  }

  it('functions without arguments ignore extra ones', () => {
    for (const name of noArguments) expect(() => (core as any)[name](revoked)).not.toThrow();
  });
});

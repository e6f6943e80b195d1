import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Context, type ContextManager, context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { jsonlExporter, otelExporter, otelStamp, subscribe, track, withActor } from 'statetrail';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

/** What @opentelemetry/context-async-hooks provides, in a few lines. */
class AlsContextManager implements ContextManager {
  private readonly als = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.als.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.als.run(ctx, () => fn.apply(thisArg, args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.als.disable();
    return this;
  }
}

const logExporter = new InMemoryLogRecordExporter();
const spanExporter = new InMemorySpanExporter();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statetrail-otel-'));

beforeAll(() => {
  context.setGlobalContextManager(new AlsContextManager());
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] }),
  );
  logs.setGlobalLoggerProvider(
    new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: logExporter })] }),
  );
});
afterAll(() => {
  context.disable();
  trace.disable();
  logs.disable();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  logExporter.reset();
  spanExporter.reset();
});

describe('otelExporter', () => {
  it('emits each change as a log record carrying the active trace and span', () => {
    const ex = otelExporter({ spanEvents: true });
    const stop = subscribe(ex);
    const o = track({ balance: 100 }, { label: 'Account#1' });
    const tracer = trace.getTracer('test');
    let ids: { traceId: string; spanId: string } | undefined;
    tracer.startActiveSpan('transfer', (span) => {
      ids = span.spanContext();
      withActor('ann', () => {
        o.balance = 50;
      });
      span.end();
    });
    o.balance = 70; // outside any span
    stop();
    const records = logExporter.getFinishedLogRecords();
    expect(records).toHaveLength(2);
    const [inSpan, outside] = records;
    expect(inSpan!.body).toMatchObject({
      schema: 1,
      label: 'Account#1',
      path: ['balance'],
      op: 'set',
      value: 50,
      old: 100,
      actor: 'ann',
      trace: { traceId: ids!.traceId, spanId: ids!.spanId },
    });
    expect(inSpan!.spanContext?.traceId).toBe(ids!.traceId);
    expect(inSpan!.attributes).toMatchObject({
      'statetrail.label': 'Account#1',
      'statetrail.op': 'set',
      'statetrail.actor': 'ann',
      'statetrail.path': '["balance"]',
    });
    expect(inSpan!.eventName).toBe('statetrail.change');
    expect((outside!.body as Record<string, unknown>).trace).toBeUndefined();
    const span = spanExporter.getFinishedSpans()[0]!;
    expect(span.events.map((e) => e.name)).toEqual(['statetrail.change']);
    expect(ex.stats).toMatchObject({ emitted: 2, spanEvents: 1, failed: 0 });
  });

  it('otelStamp() stamps trace ids on JSON lines', async () => {
    const file = path.join(dir, 'stamped.jsonl');
    const ex = jsonlExporter({ path: file, stamp: otelStamp() });
    const stop = subscribe(ex);
    const o = track({ n: 0 });
    let traceId = '';
    trace.getTracer('test').startActiveSpan('job', (span) => {
      traceId = span.spanContext().traceId;
      o.n = 1;
      span.end();
    });
    o.n = 2;
    stop();
    await ex.shutdown();
    const lines = fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0].trace.traceId).toBe(traceId);
    expect(lines[1].trace).toBeUndefined();
  });

  it('rejects bad options and bad api modules at once', () => {
    expect(() => otelExporter({ spanEvents: 'yes' as any })).toThrow(/options.spanEvents must be a boolean/);
    expect(() => otelExporter({ api: {} as any })).toThrow(
      /options.api must be the @opentelemetry\/api module/,
    );
    expect(() => otelExporter({ colour: 1 } as any)).toThrow(/unknown option "colour"/);
  });
});

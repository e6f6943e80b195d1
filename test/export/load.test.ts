import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadObservers, subscribe, track } from 'statetrail';
import { afterAll, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statetrail-load-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('loadObservers', () => {
  it('builds exporters from a JSON file and they receive changes', async () => {
    const out = path.join(dir, 'audit.jsonl');
    const config = path.join(dir, 'observers.json');
    fs.writeFileSync(config, JSON.stringify([{ type: 'jsonl', options: { path: out, sync: true } }]));
    const [jsonl] = loadObservers(config);
    const stop = subscribe(jsonl!);
    track({ a: 1 }).a = 2;
    stop();
    await jsonl!.shutdown?.();
    expect(fs.readFileSync(out, 'utf8')).toContain('"op":"set"');
  });

  it('accepts the list as a value, including a pino logger', () => {
    const observers = loadObservers([
      { type: 'console', options: { format: 'text' } },
      { type: 'pino', options: { logger: pino({ enabled: false }) } },
    ]);
    expect(observers).toHaveLength(2);
  });

  it('names the entry, the field and the accepted values', () => {
    expect(() => loadObservers([{ type: 'kafka' } as any])).toThrow(
      'statetrail: loadObservers: entry 0: type must be one of "jsonl", "http", "otel", "console", "pino", got the string "kafka"',
    );
    expect(() => loadObservers([{ type: 'console' }, { type: 'http', options: { url: 'nope' } }])).toThrow(
      /loadObservers: entry 1 \(type "http"\): httpExporter: options.url must be an absolute http:\/\/ or https:\/\/ URL, got the string "nope"/,
    );
    expect(() => loadObservers([{ type: 'jsonl' }])).toThrow(
      /entry 0 \(type "jsonl"\): options are required: \{ "path": \.\.\. \}/,
    );
    expect(() => loadObservers([{ type: 'jsonl', options: { path: 'x', colour: 1 } }])).toThrow(
      /entry 0 \(type "jsonl"\): jsonlExporter: unknown option "colour" in options; valid options are path, rotate/,
    );
    expect(() => loadObservers([{ type: 'jsonl', opts: {} } as any])).toThrow(
      /entry 0: unknown field "opts"; fields are type, options/,
    );
    expect(() => loadObservers({} as any)).toThrow(/config: must be a list of/);
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '[{"type": "jsonl",');
    expect(() => loadObservers(bad)).toThrow(/bad\.json is not valid JSON/);
    expect(() => loadObservers(path.join(dir, 'missing.json'))).toThrow(/cannot read .*missing\.json/);
    const file = path.join(dir, 'named.json');
    fs.writeFileSync(file, '[{"type": "pino"}]');
    expect(() => loadObservers(file)).toThrow(
      /named\.json entry 0 \(type "pino"\): options are required: \{ "logger"/,
    );
  });

  it('closes what earlier entries opened when a later entry fails', () => {
    const out = path.join(dir, 'half.jsonl');
    expect(() =>
      loadObservers([
        { type: 'jsonl', options: { path: out } },
        { type: 'http', options: { url: 'ftp://x' } },
      ]),
    ).toThrow(/entry 1/);
  });
});

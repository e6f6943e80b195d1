/**
 * A test receiver on 127.0.0.1: stores each batch once per idempotency key (as a real receiver
 * should), and can be told to fail, hang or refuse requests.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

export type Behaviour = 'ok' | 'fail' | 'hang' | 'hang-after-store' | 'reject';

export interface Receiver {
  url: string;
  behaviour: Behaviour;
  /** Behaviours for the next requests, used before `behaviour`. */
  script: Behaviour[];
  batches: Map<string, string[]>;
  requests: number;
  resends: number;
  headers: http.IncomingHttpHeaders[];
  lines(): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const hung: http.ServerResponse[] = [];
  const r: Receiver = {
    url: '',
    behaviour: 'ok',
    script: [],
    batches: new Map(),
    requests: 0,
    resends: 0,
    headers: [],
    lines() {
      return [...r.batches.values()].flat().map((l) => JSON.parse(l));
    },
    async close() {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      r.requests++;
      r.headers.push(req.headers);
      const behaviour = r.script.shift() ?? r.behaviour;
      if (behaviour === 'hang') {
        hung.push(res);
        return;
      }
      if (behaviour === 'fail') {
        res.writeHead(503).end();
        return;
      }
      if (behaviour === 'reject') {
        res.writeHead(400).end('bad batch');
        return;
      }
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = zlib.gunzipSync(body);
      const key = String(req.headers['idempotency-key']);
      if (r.batches.has(key)) r.resends++;
      else
        r.batches.set(
          key,
          body
            .toString('utf8')
            .split('\n')
            .filter((l) => l !== ''),
        );
      if (behaviour === 'hang-after-store') {
        hung.push(res); // stored, but the sender never learns it
        return;
      }
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest`;
  return r;
}

/** Polls `check` every 20 ms, at most `ms` in all. */
export async function until(check: () => boolean, ms = 10_000): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited >= ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A scriptable HTTP server on 127.0.0.1 for the exporter reliability tests: each request is
 * answered by `respond` (status, headers, and whether the batch counts as stored).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  url: string;
  key: string | undefined;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** The body is stored (once per idempotency key) when the answer is 2xx, unless false. */
  store?: boolean;
}

export interface Server {
  url: string;
  requests: Seen[];
  /** Lines stored, once per idempotency key. */
  lines(): Array<Record<string, unknown>>;
  respond: (req: Seen, n: number) => Answer;
  close(): Promise<void>;
}

export async function startServer(respond: Server['respond'] = () => ({ status: 200 })): Promise<Server> {
  const stored = new Map<string, string>();
  const s: Server = {
    url: '',
    requests: [],
    respond,
    lines() {
      return [...stored.values()]
        .join('')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l));
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const seen: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        key: req.headers['idempotency-key'] as string | undefined,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      s.requests.push(seen);
      const answer = s.respond(seen, s.requests.length);
      if (answer.status >= 200 && answer.status < 300 && answer.store !== false && seen.key !== undefined) {
        if (!stored.has(seen.key)) stored.set(seen.key, seen.body);
      }
      res.writeHead(answer.status, answer.headers).end(answer.status < 300 ? '{}' : 'no');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  s.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/ingest`;
  return s;
}

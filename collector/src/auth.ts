/**
 * Tokens with scopes. The tokens file is JSON: `[{ "token": "…", "scopes": ["ingest", "read"], "name"?: "…" }]`.
 * A request's token comes from `Authorization: Bearer` or the `statetrail_token` cookie that
 * POST /v1/login sets. Comparison hashes both sides and compares every configured token with
 * timingSafeEqual, so the time taken says nothing about how much of a token matched, nor which.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyRequest } from 'fastify';

export type Scope = 'ingest' | 'read';
export const COOKIE = 'statetrail_token';

interface Entry {
  digest: Buffer;
  scopes: Set<Scope>;
}

const digest = (token: string) => createHash('sha256').update(token).digest();

export function loadTokens(file: string): Entry[] {
  const fail = (what: string) =>
    new TypeError(
      `@statetrail/collector: tokens file ${file}: ${what}; expected JSON [{ "token": "…", "scopes": ["ingest", "read"] }]`,
    );
  let list: unknown;
  try {
    list = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw fail(`cannot be read as JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(list) || list.length === 0) throw fail('must be a non-empty array');
  return list.map((entry, i) => {
    if (typeof entry?.token !== 'string' || entry.token.length < 16)
      throw fail(`entry ${i}: token must be a string of at least 16 characters`);
    if (
      !Array.isArray(entry.scopes) ||
      entry.scopes.length === 0 ||
      !entry.scopes.every((s: unknown) => s === 'ingest' || s === 'read')
    ) {
      throw fail(`entry ${i}: scopes must be a non-empty array of "ingest" and "read"`);
    }
    return { digest: digest(entry.token), scopes: new Set(entry.scopes as Scope[]) };
  });
}

export function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const cookies = request.headers.cookie;
  if (!cookies) return undefined;
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === COOKIE) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export class Auth {
  constructor(private readonly entries: Entry[] | null) {}

  get open(): boolean {
    return this.entries === null;
  }

  /** The scopes of a token; an empty set for an unknown one. */
  scopesOf(token: string | undefined): Set<Scope> {
    if (this.entries === null) return new Set(['ingest', 'read']);
    const found = new Set<Scope>();
    if (token === undefined) return found;
    const d = digest(token);
    for (const e of this.entries) if (timingSafeEqual(d, e.digest)) for (const s of e.scopes) found.add(s);
    return found;
  }

  /** 'ok', or why the request may not do what needs `scope`: for the API's 401/403 and the UI's redirects. */
  check(request: FastifyRequest, scope: Scope): 'ok' | 'unauthorized' | 'forbidden' {
    if (this.entries === null) return 'ok';
    const scopes = this.scopesOf(tokenOf(request));
    if (scopes.has(scope)) return 'ok';
    return scopes.size === 0 ? 'unauthorized' : 'forbidden';
  }
}

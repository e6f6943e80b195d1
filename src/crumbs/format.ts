/** Crumbs and changes as JSON or as readable text, for crash dumps and terminals. */
import { typeError } from '../errors';
import type { Change } from '../history/change';
import { nodeBuiltin } from '../platform';
import { safeStringify, serializeChange, toSerializable } from '../serialize/json';
import { type Crumb, crumbs } from './crumbs';

type Item = Crumb | Change;

function isCrumb(item: Item): item is Crumb {
  return 'kind' in item && (item.kind === 'event' || item.kind === 'change') && !('seq' in item);
}

function checkList(fn: string, list: unknown): asserts list is readonly Item[] {
  if (!Array.isArray(list)) throw typeError(fn, 'list', 'an array of crumbs or changes', list);
}

function serializeItem(item: Item): unknown {
  if (!isCrumb(item)) return serializeChange(item);
  if (item.change !== undefined) return { kind: 'change', ...serializeChange(item.change) };
  return {
    kind: 'crumb',
    time: item.time,
    event: item.event,
    ...(item.data === undefined ? {} : { data: item.data }),
  };
}

/** A JSON array of crumbs and/or changes in their serialised form. Never throws on values. */
export function formatJson(list: readonly Item[]): string {
  checkList('formatJson', list);
  return `${JSON.stringify(list.map(serializeItem), null, 2)}\n`;
}

function clock(time: number): string {
  return new Date(time).toISOString().slice(11, 23);
}

function short(value: unknown): string {
  const text = safeStringify(toSerializable(value, { maxBytes: 200 }));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function pathText(path: readonly unknown[]): string {
  return path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
}

/** One line describing a change: `Account#1.balance: 100 -> 50`. */
export function describeChange(c: Change): string {
  const where = `${c.label}${pathText(c.path)}`;
  let what: string;
  switch (c.op) {
    case 'set':
      what = 'old' in c ? `${short(c.old)} -> ${short(c.value)}` : `= ${short(c.value)} (new)`;
      break;
    case 'delete':
      what = `deleted ${short(c.old)}`;
      break;
    case 'add':
      what = `added ${short(c.value)}`;
      break;
    case 'clear':
      what = `cleared ${short(c.old)}`;
      break;
    case 'splice':
      what = `splice at ${c.index}: -${short(c.removed)} +${short(c.value)}`;
      break;
  }
  const who = [c.actor && `by ${c.actor}`, c.tx && `tx ${c.tx.name}#${c.tx.id}`].filter(Boolean).join(', ');
  const site = c.site ? `  at ${c.site.file}:${c.site.line}:${c.site.column}` : '';
  return `${where}: ${what}${who ? `  (${who})` : ''}${site}`;
}

/** Readable lines, one per crumb or change, oldest first. */
export function formatText(list: readonly Item[]): string {
  checkList('formatText', list);
  return list
    .map((item) => {
      if (!isCrumb(item)) return `${clock(item.time)}  #${item.seq}  ${describeChange(item)}`;
      if (item.change !== undefined)
        return `${clock(item.time)}  #${item.change.seq}  ${describeChange(item.change)}`;
      return `${clock(item.time)}  ${item.event}${item.data === undefined ? '' : `  ${short(item.data)}`}`;
    })
    .map((line) => `${line}\n`)
    .join('');
}

/** Writes the current crumbs as JSON to `path` (synchronously, so it works while crashing). */
export function exportJson(path: string): string {
  if (typeof path !== 'string' || path === '') throw typeError('exportJson', 'path', 'a file path', path);
  const fs = nodeBuiltin('node:fs');
  fs.writeFileSync(path, formatJson(crumbs()));
  return path;
}

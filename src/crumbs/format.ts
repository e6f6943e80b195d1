/** Crumbs and changes as JSON or as readable text, for crash dumps and terminals. */
import { readArg, typeError } from '../errors';
import type { Change } from '../history/change';
import { nodeBuiltin } from '../platform';
import { type Redactor, redactString } from '../redact';
import { checkChange, redactorOf, safeStringify, serializeChange, toSerializable } from '../serialize/json';
import { printable } from '../serialize/printable';
import { type Crumb, crumbs } from './crumbs';

type Item = Crumb | Change;

function isCrumb(item: Item): item is Crumb {
  return 'kind' in item && (item.kind === 'event' || item.kind === 'change') && !('seq' in item);
}

function checkList(fn: string, list: unknown): asserts list is readonly Item[] {
  if (!readArg(fn, 'list', () => Array.isArray(list)))
    throw typeError(fn, 'list', 'an array of crumbs or changes', list);
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

function shortText(value: unknown, redactor?: Redactor | null): string {
  const text = safeStringify(toSerializable(value, { maxBytes: 200, redactor }));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** `.items[2].qty`; Map keys and Set elements that are objects are written as JSON (never their toString). */
function pathText(path: readonly unknown[], redactor: Redactor | null): string {
  return path
    .map((k) =>
      typeof k === 'number'
        ? `[${k}]`
        : typeof k === 'string'
          ? `.${redactString(redactor, k)}`
          : typeof k === 'symbol'
            ? `.${String(k)}`
            : `[${shortText(k, redactor)}]`,
    )
    .join('');
}

/** One line describing a change: `Account#1.balance: 100 -> 50`; control and bidi characters escaped (printable). */
export function describeChange(c: Change): string {
  checkChange('describeChange', c);
  const redactor = redactorOf(c.target); // the object's own redaction applies to what is printed too
  const short = (value: unknown): string => shortText(value, redactor);
  const where = `${c.label}${pathText(c.path, redactor)}`;
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
  const who = [c.actor && `by ${redactString(redactor, c.actor)}`, c.tx && `tx ${c.tx.name}#${c.tx.id}`]
    .filter(Boolean)
    .join(', ');
  const site = c.site ? `  at ${c.site.file}:${c.site.line}:${c.site.column}` : '';
  return printable(`${where}: ${what}${who ? `  (${who})` : ''}${site}`);
}

/** Readable lines, one per crumb or change, oldest first. */
export function formatText(list: readonly Item[]): string {
  checkList('formatText', list);
  return list
    .map((item) => {
      if (!isCrumb(item)) return `${clock(item.time)}  #${item.seq}  ${describeChange(item)}`;
      if (item.change !== undefined)
        return `${clock(item.time)}  #${item.change.seq}  ${describeChange(item.change)}`;
      return printable(
        `${clock(item.time)}  ${item.event}${item.data === undefined ? '' : `  ${shortText(item.data)}`}`,
      );
    })
    .map((line) => `${line}\n`)
    .join('');
}

/** Writes the current crumbs as JSON to `path` (synchronously, so it works while crashing). */
export function writeCrumbsJson(path: string): string {
  if (typeof path !== 'string' || path === '')
    throw typeError('writeCrumbsJson', 'path', 'a file path', path);
  const fs = nodeBuiltin('node:fs');
  fs.writeFileSync(path, formatJson(crumbs()));
  return path;
}

/** @deprecated Renamed `writeCrumbsJson` (it writes the crumbs); this alias goes in the next major version. */
export const exportJson: (path: string) => string = writeCrumbsJson;

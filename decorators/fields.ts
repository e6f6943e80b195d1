/**
 * Legacy `@track` needs set semantics: with define semantics each instance defines its own field
 * and the prototype setter the decorator installs never runs. This reads the compiled class.
 */

/**
 * True when the compiled class defines `key` on each instance (define semantics): a class field
 * `key;` / `key = …` at the top level of the class body, or esbuild's lowered `__publicField(this, "key"`.
 */
export function definesField(ctor: Function, key: PropertyKey): boolean {
  if (typeof key !== 'string') return false;
  let source: string;
  try {
    source = Function.prototype.toString.call(ctor);
  } catch {
    return false;
  }
  const quoted = new RegExp(`__publicField\\(this,\\s*(["'])${escapeRegExp(key)}\\1`);
  if (quoted.test(source)) return true;
  const field = new RegExp(`^(?:${escapeRegExp(key)}|(["'])${escapeRegExp(key)}\\1)\\s*(?:[=;\\n}]|$)`);
  const open = bodyStart(source);
  if (open < 0) return false;
  let depth = 0;
  let statementStart = true;
  for (let i = open; i < source.length; i++) {
    const c = source[i]!;
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(source, i);
      statementStart = false;
      continue;
    }
    if (c === '/' && source[i + 1] === '/') {
      i = source.indexOf('\n', i);
      if (i < 0) break;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      i = source.indexOf('*/', i) + 1;
      if (i <= 0) break;
      continue;
    }
    if (c === '{' || c === '(' || c === '[') {
      depth++;
      statementStart = depth === 1;
      continue;
    }
    if (c === '}' || c === ')' || c === ']') {
      depth--;
      statementStart = depth === 1;
      continue;
    }
    if (c === ';' || c === '\n') {
      if (depth === 1) statementStart = true;
      continue;
    }
    if (/\s/.test(c)) continue;
    if (depth === 1 && statementStart && field.test(source.slice(i, i + key.length + 40))) return true;
    statementStart = false;
  }
  return false;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Index of the `{` that opens the class body (after `class Name extends Expr`). */
function bodyStart(source: string): number {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '{' && depth === 0) return i;
  }
  return -1;
}

function skipString(source: string, i: number): number {
  const quote = source[i];
  for (let j = i + 1; j < source.length; j++) {
    if (source[j] === '\\') j++;
    else if (source[j] === quote) return j;
  }
  return source.length;
}

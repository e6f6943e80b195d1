/** Turns measured results into the tables printed on the console and written into BENCHMARKS.md. */
import type { Machine } from './machine';
import type { Result } from './measure';
import type { MemoryResult } from './memory';
import { median, ratios, type Summary, spread, summarize } from './stats';
import type { Group } from './types';

export const GROUP_TITLES: Record<Group, string> = {
  write: 'Writes: one field written in a loop (ns per write)',
  read: 'Reads: one field read in a loop (ns per read)',
  untracked: 'Instrumented writes to an untracked object (ns per write)',
  export: 'Export: changes written to a file (per change; changes/s)',
  build: 'Build: a corpus of real TypeScript files compiled (per pass)',
};

export interface Row {
  readonly result: Result;
  readonly summary?: Summary;
  readonly vsBaseline?: Summary;
  readonly vsPeer?: Summary;
  readonly peerName?: string;
}

const ok = (r: Result): boolean => r.unavailable === undefined && r.samples.length > 0;

/** The peer a group's statetrail scenarios are compared with: the fastest one that records events. */
export function fastestPeer(group: Group, results: readonly Result[]): Result | undefined {
  const candidates = results.filter(
    (r) =>
      ok(r) &&
      (group === 'export'
        ? r.scenario.role === 'baseline'
        : r.scenario.role === 'peer' && (group !== 'write' || r.scenario.records === true)),
  );
  let best: Result | undefined;
  for (const r of candidates) if (best === undefined || median(r.samples) < median(best.samples)) best = r;
  return best;
}

export function rowsOf(group: Group, results: readonly Result[]): Row[] {
  const baseline = results.find((r) => r.scenario.role === 'baseline' && ok(r));
  const peer = fastestPeer(group, results);
  return results.map((result) => {
    if (!ok(result)) return { result };
    return {
      result,
      summary: summarize(result.samples),
      vsBaseline: baseline && group !== 'export' ? ratios(result.samples, baseline.samples) : undefined,
      vsPeer: peer ? ratios(result.samples, peer.samples) : undefined,
      peerName: peer?.scenario.name,
    };
  });
}

function fixed(n: number): string {
  if (n >= 100) return n.toFixed(0);
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** The median in the group's unit. */
export function value(group: Group, row: Row): string {
  const s = row.summary;
  if (s === undefined) return row.result.unavailable ?? 'not measured';
  if (group === 'export') return `${fixed(s.median)} ns (${(1e3 / s.median).toFixed(2)} M changes/s)`;
  if (group === 'build') {
    const ms = (s.median * row.result.ops) / 1e6;
    return `${ms.toFixed(0)} ms (${(s.median / 1e3).toFixed(0)} µs/file, ${row.result.ops} files)`;
  }
  return `${fixed(s.median)} ns`;
}

const ratio = (s: Summary | undefined): string => (s === undefined ? '–' : `${fixed(s.median)}×`);

export interface TableLine {
  group: string;
  scenario: string;
  median: string;
  spread: string;
  baseline: string;
  peer: string;
}

export function tableLines(groups: ReadonlyMap<Group, Row[]>): TableLine[] {
  const lines: TableLine[] = [];
  for (const [group, rows] of groups) {
    for (const row of rows) {
      const note = row.result.problem ? ` ⚠ ${row.result.problem}` : '';
      lines.push({
        group,
        scenario: row.result.scenario.name + note,
        median: value(group, row),
        spread: row.summary ? spread(row.summary) : '',
        baseline: row.result.scenario.role === 'baseline' ? '1×' : ratio(row.vsBaseline),
        peer: ratio(row.vsPeer),
      });
    }
  }
  return lines;
}

export function markdownTable(lines: readonly TableLine[]): string {
  const head =
    '| group | scenario | median | spread (IQR/2) | × baseline | × fastest peer |\n|---|---|---|---|---|---|';
  const body = lines.map(
    (l) => `| ${l.group} | ${l.scenario} | ${l.median} | ${l.spread} | ${l.baseline} | ${l.peer} |`,
  );
  return [head, ...body].join('\n');
}

export function consoleTable(lines: readonly TableLine[]): string {
  const cols: (keyof TableLine)[] = ['group', 'scenario', 'median', 'spread', 'baseline', 'peer'];
  const titles: Record<keyof TableLine, string> = {
    group: 'group',
    scenario: 'scenario',
    median: 'median',
    spread: 'spread',
    baseline: '× base',
    peer: '× peer',
  };
  const width = (c: keyof TableLine) => Math.max(titles[c].length, ...lines.map((l) => l[c].length));
  const w = Object.fromEntries(cols.map((c) => [c, width(c)])) as Record<keyof TableLine, number>;
  const fmt = (l: Record<keyof TableLine, string>) => cols.map((c) => l[c].padEnd(w[c])).join('  ');
  return [fmt(titles), cols.map((c) => '-'.repeat(w[c])).join('  '), ...lines.map(fmt)].join('\n');
}

export interface Target {
  readonly target: string;
  readonly measured: string;
  /** null: could not be measured here (scenario unavailable). */
  readonly met: boolean | null;
}

const find = (groups: ReadonlyMap<Group, Row[]>, id: string): Row | undefined => {
  for (const rows of groups.values()) {
    const row = rows.find((r) => r.result.scenario.id === id);
    if (row !== undefined) return row;
  }
  return undefined;
};

/** The median, unless the scenario's sanity check failed (then its number proves nothing). */
function valid(row: Row): number | undefined {
  return row.result.problem === undefined ? row.summary?.median : undefined;
}

/** Why a row has no valid number. */
function why(row: Row): string {
  if (row.result.problem !== undefined) return `invalid: ${row.result.problem}`;
  return row.result.unavailable ?? 'not measured';
}

export function targets(groups: ReadonlyMap<Group, Row[]>, memory: MemoryResult | undefined): Target[] {
  const out: Target[] = [];
  const writes = groups.get('write') ?? [];
  const mobx = ['mobx-object-observe', 'mobx-class-observe']
    .map((id) => find(groups, id)?.summary?.median)
    .filter((m): m is number => m !== undefined);
  const mobxBest = mobx.length > 0 ? Math.min(...mobx) : undefined;
  for (const row of writes.filter((r) => r.result.scenario.historyOnly)) {
    const name = row.result.scenario.name;
    const m = valid(row);
    out.push({
      target: `${name}: ≤ 30 ns per recorded write`,
      measured: m === undefined ? why(row) : `${fixed(m)} ns`,
      met: m === undefined ? null : m <= 30,
    });
    out.push({
      target: `${name}: ≥ 6× faster than MobX observe() collecting (faster of object/class)`,
      measured:
        m === undefined || mobxBest === undefined
          ? why(row)
          : `${fixed(mobxBest / m)}× (MobX ${fixed(mobxBest)} ns)`,
      met: m === undefined || mobxBest === undefined ? null : mobxBest / m >= 6,
    });
  }
  // issue 12: track() at most 1.5x the floor of any Proxy route
  const tracked = find(groups, 'track');
  const bare = find(groups, 'bare-proxy-write');
  if (tracked !== undefined && bare !== undefined) {
    const t = valid(tracked);
    const b = valid(bare);
    out.push({
      target: 'statetrail track(), history only: ≤ 1.5× a bare forwarding Proxy set trap',
      measured:
        t === undefined || b === undefined
          ? why(tracked)
          : `${fixed(t / b)}× (${fixed(t)} vs ${fixed(b)} ns)`,
      met: t === undefined || b === undefined ? null : t / b <= 1.5,
    });
  }
  for (const row of writes.filter(
    (r) => r.result.scenario.records && r.result.scenario.role === 'statetrail',
  )) {
    const m = valid(row);
    out.push({
      target: `${row.result.scenario.name}: no slower than MobX observe() collecting (faster of object/class)`,
      measured:
        m === undefined || mobxBest === undefined
          ? why(row)
          : `${fixed(m / mobxBest)}× (MobX ${fixed(mobxBest)} ns)`,
      met: m === undefined || mobxBest === undefined ? null : m <= mobxBest,
    });
  }
  for (const row of (groups.get('read') ?? []).filter((r) => r.result.scenario.role === 'statetrail')) {
    const r = valid(row) === undefined ? undefined : row.vsBaseline?.median;
    out.push({
      target: `${row.result.scenario.name} reads: ≤ 1.2× plain reads`,
      measured: r === undefined ? why(row) : `${fixed(r)}×`,
      met: r === undefined ? null : r <= 1.2,
    });
  }
  for (const row of (groups.get('untracked') ?? []).filter((r) => r.result.scenario.role === 'statetrail')) {
    const r = valid(row) === undefined ? undefined : row.vsBaseline?.median;
    out.push({
      target: `${row.result.scenario.name}: ≤ 1.3× plain writes`,
      measured: r === undefined ? why(row) : `${fixed(r)}×`,
      met: r === undefined ? null : r <= 1.3,
    });
  }
  if (memory !== undefined) {
    const growth = median(memory.boundedGrowth);
    out.push({
      target: `bounded history: heap growth < 1 MB over ${(memory.boundedWrites / 1e6).toFixed(0)} M writes`,
      measured: `${(growth / 1024).toFixed(1)} KiB`,
      met: growth < 1024 * 1024,
    });
    const bpc = median(memory.unboundedBytesPerChange);
    out.push({
      target: 'unbounded per-object history: ≤ 64 bytes per change',
      measured: `${bpc.toFixed(1)} B`,
      met: bpc <= 64,
    });
  }
  const jsonl = find(groups, 'export-jsonl');
  if (jsonl !== undefined) {
    const m = valid(jsonl);
    out.push({
      target: 'JSON Lines export: ≥ 1,000,000 changes/s',
      measured: m === undefined ? why(jsonl) : `${(1e9 / m).toFixed(0)} /s`,
      met: m === undefined ? null : 1e9 / m >= 1e6,
    });
    const r = m === undefined ? undefined : jsonl.vsPeer?.median;
    out.push({
      target: 'JSON Lines export: ≥ 15× faster than pino (same-size records)',
      measured: r === undefined ? why(jsonl) : `${fixed(1 / r)}× (${fixed(r)}× pino's time)`,
      met: r === undefined ? null : 1 / r >= 15,
    });
  }
  const build = find(groups, 'build-transformer');
  if (build !== undefined) {
    const r = valid(build) === undefined ? undefined : build.vsBaseline?.median;
    out.push({
      target: 'transformer build overhead: ≤ 10% over plain transpileModule',
      measured: r === undefined ? why(build) : `${r >= 1 ? '+' : ''}${((r - 1) * 100).toFixed(1)}%`,
      met: r === undefined ? null : r <= 1.1,
    });
  }
  return out;
}

export function markdownTargets(list: readonly Target[]): string {
  const mark = (m: boolean | null) => (m === null ? 'n/a' : m ? 'met' : '**missed**');
  return [
    '| target | measured | |',
    '|---|---|---|',
    ...list.map((t) => `| ${t.target} | ${t.measured} | ${mark(t.met)} |`),
  ].join('\n');
}

export function markdownMemory(m: MemoryResult): string {
  const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
  return [
    '| memory | runs | median | all runs |',
    '|---|---|---|---|',
    `| heap growth over ${(m.boundedWrites / 1e6).toFixed(0)} M writes, bounded history (after warm-up, gc before/after) | ${m.boundedGrowth.length} | ${kib(median(m.boundedGrowth))} | ${m.boundedGrowth.map(kib).join(', ')} |`,
    `| time per write during that loop | ${m.boundedNsPerWrite.length} | ${median(m.boundedNsPerWrite).toFixed(1)} ns | ${m.boundedNsPerWrite.map((n) => n.toFixed(1)).join(', ')} |`,
    `| bytes per change, unbounded per-object history (${(m.unboundedChanges / 1e6).toFixed(1)} M changes) | ${m.unboundedBytesPerChange.length} | ${median(m.unboundedBytesPerChange).toFixed(1)} B | ${m.unboundedBytesPerChange.map((n) => n.toFixed(1)).join(', ')} |`,
  ].join('\n');
}

export function markdownMachine(
  m: Machine,
  command: string,
  started: Date,
  load: string[],
  clock: 'wall' | 'cpu',
): string {
  return [
    `- Measured: ${started.toISOString()} — command: \`${command}\` — clock: ${clock === 'wall' ? 'wall time' : 'process CPU time'}`,
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memory} RAM, ${m.os}; load average ${load.join(' → ')} (1/5/15 min, start → end)`,
    `- Runtime: Node ${m.node} (V8 ${m.v8}); NODE_ENV=${process.env.NODE_ENV}`,
    `- Packages: statetrail ${m.statetrail} (this checkout), ${Object.entries(m.packages)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  ].join('\n');
}

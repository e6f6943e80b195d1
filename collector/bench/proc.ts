// What the benchmarks read of another process from /proc (Linux): CPU time and resident memory.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux ABI Node supports

/** The fields of /proc/<pid>/stat after the command name (which may contain spaces, in parentheses). */
function statFields(pid: number | string): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** utime + stime (fields 14 and 15, counted from 1) in seconds. */
const cpuOf = (fields: string[]) => (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  return cpuOf(statFields(pid));
}

/**
 * CPU seconds used so far by a process and its running children: PostgreSQL's postmaster, its
 * backends, walwriter, checkpointer and autovacuum workers (a child that has exited is not counted).
 */
export function treeCpuSeconds(pid: number): number {
  let total = cpuSeconds(pid);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fields: string[];
    try {
      fields = statFields(entry);
    } catch {
      continue; // exited while we looked
    }
    if (Number(fields[1]) === pid) total += cpuOf(fields);
  }
  return total;
}

/** Resident set size in bytes (VmRSS of /proc/<pid>/status). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!kb) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb[1]) * 1024;
}

/** Formats trail records one at a time (so --follow prints as lines arrive): table, timeline or JSON. */
import { type Change, describeChange, printable } from 'statetrail';
import type { TrailRecord } from './filter';

export type Layout = 'table' | 'timeline' | 'json';

const DIM = '\x1b[2m';
const CYAN = '\x1b[36m';
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';

function iso(time: unknown): string {
  const d = new Date(typeof time === 'number' ? time : Number.NaN);
  return Number.isNaN(d.getTime()) ? String(time) : d.toISOString().replace('T', ' ').replace('Z', '');
}

/** A record as one readable line; any record the formatter chokes on (odd shapes, deep nesting) still prints. */
function describe(r: TrailRecord): string {
  try {
    if (r.kind === 'crumb') return `• ${r.event}${r.data === undefined ? '' : `  ${JSON.stringify(r.data)}`}`;
    return describeChange(r as unknown as Change);
  } catch {
    return `(change #${String(r.seq)}, ${String(r.op)} on ${String(r.label)}: not printable)`;
  }
}

export class Printer {
  private first: number | null = null;
  private tx: string | null = null;
  private headed = false;
  printed = 0;

  constructor(
    private readonly layout: Layout,
    private readonly out: (line: string) => void,
    private readonly color: boolean,
  ) {}

  print(r: TrailRecord, line: string): void {
    this.printed++;
    if (this.layout === 'json') this.out(printable(line));
    else if (this.layout === 'timeline') this.timeline(r);
    else this.table(r);
  }

  private paint(code: string, text: string): string {
    return this.color ? `${code}${text}${RESET}` : text;
  }

  private table(r: TrailRecord): void {
    if (!this.headed) {
      this.headed = true;
      this.out(this.paint(BOLD, `${'TIME'.padEnd(23)}  ${'SEQ'.padStart(7)}  CHANGE`));
    }
    const seq = r.kind === 'crumb' ? '' : `#${printable(String(r.seq))}`;
    const what = printable(describe(r));
    this.out(
      `${this.paint(DIM, printable(iso(r.time)))}  ${this.paint(DIM, seq.padStart(7))}  ${r.kind === 'crumb' ? this.paint(CYAN, what) : what}`,
    );
  }

  private timeline(r: TrailRecord): void {
    const time = typeof r.time === 'number' ? r.time : 0;
    this.first ??= time;
    const tx = r.tx && typeof r.tx === 'object' ? (r.tx as { name?: unknown; id?: unknown }) : null;
    const txName = tx === null ? null : printable(`${String(tx.name)}#${String(tx.id)}`);
    if (txName !== this.tx) {
      if (txName !== null) this.out(this.paint(BOLD, `── transaction ${txName}`));
      else if (this.tx !== null) this.out(this.paint(BOLD, '──'));
      this.tx = txName;
    }
    const offset = `+${((time - this.first) / 1000).toFixed(3)}s`;
    const what = printable(describe(r));
    this.out(
      `${this.paint(DIM, offset.padStart(10))}  ${txName !== null ? '│ ' : ''}${r.kind === 'crumb' ? this.paint(CYAN, what) : what}`,
    );
  }
}

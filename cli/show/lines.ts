/**
 * Splits bytes read from an audit trail into lines, holding at most `maxLineBytes` of one line: a
 * longer line is dropped as it streams past and reported by number, so one 200 MB line costs no more
 * memory than the limit and never aborts the viewer. Works on Buffers: no string is rebuilt per chunk.
 */
export interface LineSink {
  line(text: string, lineNo: number): void;
  tooLong(lineNo: number, bytes: number): void;
}

export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

export class LineSplitter {
  private parts: Buffer[] = [];
  private held = 0;
  /** Bytes of the current line so far, held or dropped. */
  private length = 0;
  private lineNo = 1;

  constructor(
    private readonly sink: LineSink,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      this.add(chunk.subarray(start, nl));
      this.finish();
      start = nl + 1;
    }
    if (start < chunk.length) this.add(chunk.subarray(start));
  }

  /** The last line, when the input does not end with a newline. */
  end(): void {
    if (this.length > 0) this.finish();
  }

  /** Forgets a partial line (the file was rotated or truncated under --follow). */
  reset(): void {
    this.parts = [];
    this.held = 0;
    this.length = 0;
  }

  private add(bytes: Buffer): void {
    this.length += bytes.length;
    if (this.length > this.maxLineBytes) {
      this.parts = [];
      this.held = 0;
    } else if (bytes.length > 0) {
      // copied: the reader reuses its chunk buffer
      this.parts.push(Buffer.from(bytes));
      this.held += bytes.length;
    }
  }

  private finish(): void {
    const n = this.lineNo++;
    if (this.length > this.maxLineBytes) this.sink.tooLong(n, this.length);
    else this.sink.line(Buffer.concat(this.parts, this.held).toString('utf8'), n);
    this.reset();
  }
}

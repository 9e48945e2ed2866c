/** Offsets are UTF-16 code units into the document text, the unit LSP positions use by default. */
export interface Position {
  line: number;
  character: number;
}

// Line starts are collected here, then copied into an exactly sized array: growing a fresh array
// line by line costs far more than the scan itself on big files.
let scratch = new Int32Array(4096);

/** Line starts of a text, for offset ↔ position conversion in O(log n). */
export class LineIndex {
  /** Offset where each line starts (line breaks: \n, \r\n or a lone \r). */
  readonly starts: Int32Array;

  constructor(readonly text: string) {
    let n = 0;
    const push = (at: number): void => {
      if (n === scratch.length) {
        const bigger = new Int32Array(scratch.length * 2);
        bigger.set(scratch);
        scratch = bigger;
      }
      scratch[n++] = at;
    };
    push(0);
    if (text.indexOf('\r') < 0) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) push(i + 1);
        else if (c === 13 && text.charCodeAt(i + 1) !== 10) push(i + 1);
      }
    }
    this.starts = scratch.slice(0, n);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }

  /** End of the line's content, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[line + 1]!;
    if (this.text.charCodeAt(end - 1) === 10) end--;
    if (this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** Start of the next line, or the text's end. */
  nextLineStart(line: number): number {
    return line + 1 < this.starts.length ? this.starts[line + 1]! : this.text.length;
  }

  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(clamped);
    return { line, character: clamped - this.starts[line]! };
  }

  offsetAt(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.lineStart(pos.line);
    return Math.min(start + Math.max(0, pos.character), this.lineEnd(pos.line));
  }

  /** The line break used by the text (first one found), for edits that add lines. */
  get eol(): string {
    const i = this.text.indexOf('\n');
    if (i < 0 && this.text.includes('\r')) return '\r'; // old Mac line breaks: stay consistent
    return i > 0 && this.text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
  }
}

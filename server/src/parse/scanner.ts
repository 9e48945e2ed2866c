/**
 * Splits a Dockerfile into instructions with BuildKit's line rules, in one linear pass:
 * parser directives at the top, `#` comment lines, line continuations (the escape character at
 * the end of a line, unless it is itself escaped), comment and empty lines inside continuations,
 * and heredoc bodies after RUN/COPY/ADD. Every piece keeps its document offsets so rules can
 * report exact ranges and fixes can edit the smallest span.
 */
import { LineIndex } from './text';

export interface Directive {
  name: string;
  value: string;
  line: number;
  start: number;
  end: number;
}

export interface LineComment {
  line: number;
  start: number;
  end: number;
  /** Text after `#`, trimmed. */
  text: string;
}

export interface Heredoc {
  name: string;
  /** `<<-` strips leading tabs from the body and the terminator. */
  stripTabs: boolean;
  /** `<<'EOF'` / `<<"EOF"`: no expansion in the body. */
  quoted: boolean;
  /** The `<<EOF` word in the instruction line. */
  markerStart: number;
  markerEnd: number;
  /** Body: from the line after the instruction (or previous heredoc) to the terminator line's start. */
  bodyStart: number;
  bodyEnd: number;
  /** The terminator line, or both at the text's end when the heredoc is unterminated. */
  terminatorStart: number;
  terminatorEnd: number;
  terminated: boolean;
}

export interface RawInstruction {
  /** Upper-cased first word. */
  keyword: string;
  keywordStart: number;
  keywordEnd: number;
  /** From the keyword to the end of the last line's content (heredoc terminators included). */
  start: number;
  end: number;
  startLine: number;
  endLine: number;
  /** The instruction line as BuildKit joins it: continuations and inner comment lines removed. */
  logical: string;
  /**
   * Document offset of each character of `logical`, plus one entry for its end. Built on first
   * use from `segments`; prefer `offsetAt(raw, i)`, which needs no per-character array.
   */
  map: Int32Array;
  /**
   * The pieces `logical` is made of, as pairs: logical index where a piece starts, document offset
   * of that character. Absent on hand-made instructions, which then need `map`.
   */
  segments?: Int32Array;
  heredocs: Heredoc[];
}

/**
 * Document offset of `logical[i]` (`i === logical.length` gives the end), as `raw.map[i]` but
 * in O(log pieces) without a per-character array; undefined outside that range.
 */
export function offsetAt(raw: RawInstruction, i: number): number | undefined {
  const segs = raw.segments;
  if (!segs) return raw.map[i];
  return segmentOffset(segs, raw.logical.length, raw.keywordEnd, i);
}

function segmentOffset(
  segs: Int32Array,
  length: number,
  keywordEnd: number,
  i: number,
): number | undefined {
  if (i < 0 || i > length || !Number.isInteger(i)) return undefined;
  if (segs.length === 0) return keywordEnd;
  let lo = 0;
  let hi = (segs.length >> 1) - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segs[mid * 2]! <= i) lo = mid;
    else hi = mid - 1;
  }
  return segs[lo * 2 + 1]! + (i - segs[lo * 2]!);
}

/** An instruction from the scanner: `map` is materialised only if someone reads it. */
class ScannedInstruction implements RawInstruction {
  private cachedMap: Int32Array | undefined;
  constructor(
    readonly keyword: string,
    readonly keywordStart: number,
    readonly keywordEnd: number,
    readonly start: number,
    readonly end: number,
    readonly startLine: number,
    readonly endLine: number,
    readonly logical: string,
    readonly segments: Int32Array,
    readonly heredocs: Heredoc[],
  ) {}

  get map(): Int32Array {
    if (!this.cachedMap) {
      const n = this.logical.length;
      const map = new Int32Array(n + 1);
      const segs = this.segments;
      for (let k = 0; k < segs.length; k += 2) {
        const to = k + 2 < segs.length ? segs[k + 2]! : n;
        for (let i = segs[k]!, d = segs[k + 1]!; i < to; i++) map[i] = d++;
      }
      map[n] = segs.length
        ? segs[segs.length - 1]! + (n - segs[segs.length - 2]!)
        : this.keywordEnd;
      this.cachedMap = map;
    }
    return this.cachedMap;
  }
}

export interface ScanResult {
  escape: string;
  directives: Directive[];
  comments: LineComment[];
  instructions: RawInstruction[];
  /** Text starts with a byte-order mark (offset 0), which BuildKit skips. */
  bom: boolean;
}

/**
 * BuildKit's `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`, with the value trimmed by hand: that
 * `(.+?)\s*$` backtracks quadratically on a long run of blanks.
 */
const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=([\s\S]*)$/;

function directiveMatch(line: string): [string, string, string] | null {
  const m = DIRECTIVE.exec(line);
  if (!m) return null;
  const after = m[2]!;
  // Only blanks after `=`: BuildKit's lazy group still takes the last one `.` can match.
  const value =
    after.trim() || after.replace(/(?<![\n\r\u2028\u2029])[\n\r\u2028\u2029]+$/, '').slice(-1);
  if (!value || /[\n\r\u2028\u2029]/.test(value)) return null; // `.` stops at line terminators
  return [m[0], m[1]!, value];
}
const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
const HEREDOC_WORD = /^(\d*)<<(-?)([^<]+)$/;
const HEREDOC_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD']);

/** The document's lines: starts from the LineIndex, content ends computed on demand. */
interface Lines {
  text: string;
  starts: Int32Array;
  count: number;
  /** BuildKit skips a byte-order mark: line 0 starts after it. */
  first: number;
}

function lineStart(lines: Lines, n: number): number {
  return n === 0 ? lines.first : lines.starts[n]!;
}

/** End of line `n`'s content, before its line break. */
function lineEnd(lines: Lines, n: number): number {
  if (n + 1 >= lines.count) return lines.text.length;
  let e = lines.starts[n + 1]!;
  const t = lines.text;
  if (t.charCodeAt(e - 1) === 10) e--;
  if (t.charCodeAt(e - 1) === 13) e--;
  return e;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12;
}

function firstNonBlank(lines: Lines, n: number, end: number): number {
  const text = lines.text;
  let i = lineStart(lines, n);
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  return i;
}

/** BuildKit: `([^E])E[ \t]*$|^E[ \t]*$` — an escaped escape character does not continue the line. */
function continuationAt(text: string, lineEnd: number, from: number, escape: number): number {
  let e = lineEnd;
  while (e > from && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
  if (e <= from || text.charCodeAt(e - 1) !== escape) return -1;
  if (e - 1 > from && text.charCodeAt(e - 2) === escape) return -1;
  return e - 1;
}

/**
 * A copy of `s` that shares no memory with the string it was sliced from, so a small string kept
 * for long (a cache entry, a reused parse) does not keep a whole old document alive.
 */
export function flatCopy(s: string): string {
  // V8 flattens the concatenation into a fresh string; the slice then points into that copy.
  return s.length < 13 ? s.slice() : (' ' + s).slice(1);
}

/** `lineIndex`: the text's LineIndex when the caller has one already (it is not rebuilt). */
export function scanDockerfile(text: string, lineIndex?: LineIndex): ScanResult {
  const index = lineIndex?.text === text ? lineIndex : new LineIndex(text);
  const bom = text.charCodeAt(0) === 0xfeff;
  const lines: Lines = {
    text,
    starts: index.starts,
    count: index.starts.length,
    first: bom ? 1 : 0,
  };
  const directives: Directive[] = [];
  const comments: LineComment[] = [];
  const instructions: RawInstruction[] = [];
  let escape = '\\';
  let directivesDone = false;

  let n = 0;
  while (n < lines.count) {
    const start = lineStart(lines, n);
    const end = lineEnd(lines, n);
    const first = firstNonBlank(lines, n, end);
    if (!directivesDone) {
      const m = first === start ? directiveMatch(text.slice(start, end)) : null;
      const name = m?.[1]!.toLowerCase();
      if (m && name && KNOWN_DIRECTIVES.has(name) && !directives.some((d) => d.name === name)) {
        directives.push({ name, value: m[2]!, line: n, start, end });
        if (name === 'escape' && (m[2] === '`' || m[2] === '\\')) escape = m[2];
        n++;
        continue;
      }
      directivesDone = true;
    }
    if (first === end) {
      n++;
      continue;
    }
    if (text.charCodeAt(first) === 35 /* # */) {
      comments.push({ line: n, start: first, end, text: text.slice(first + 1, end).trim() });
      n++;
      continue;
    }
    const instruction = readInstruction(lines, n, first, escape.charCodeAt(0));
    instructions.push(instruction);
    n = instruction.endLine + 1;
  }
  return { escape, directives, comments, instructions, bom };
}

// Pieces are collected here and copied out at their exact size (one small array per instruction).
let segScratch = new Int32Array(256);

function readInstruction(
  lines: Lines,
  startLine: number,
  first: number,
  escape: number,
): RawInstruction {
  const text = lines.text;
  let keywordEnd = first;
  const firstEnd = lineEnd(lines, startLine);
  while (keywordEnd < firstEnd && !isBlank(text.charCodeAt(keywordEnd))) keywordEnd++;
  const keyword = text.slice(first, keywordEnd).toUpperCase();

  // Join the logical line, remembering which pieces of the document it is made of.
  let nsegs = 0;
  const parts: string[] = [];
  let length = 0;
  let n = startLine;
  let from = first;
  let lastContentEnd = firstEnd;
  for (;;) {
    const end = lineEnd(lines, n);
    const cont = continuationAt(text, end, from, escape);
    const pieceEnd = cont >= 0 ? cont : end;
    if (pieceEnd > from) {
      if (nsegs + 2 > segScratch.length) {
        const bigger = new Int32Array(segScratch.length * 2);
        bigger.set(segScratch);
        segScratch = bigger;
      }
      segScratch[nsegs++] = length;
      segScratch[nsegs++] = from;
      parts.push(text.slice(from, pieceEnd));
      length += pieceEnd - from;
    }
    lastContentEnd = end;
    if (cont < 0 || n + 1 >= lines.count) break;
    // Skip comment and empty lines inside the continuation, as BuildKit does.
    n++;
    while (n < lines.count) {
      const e = lineEnd(lines, n);
      const fnb = firstNonBlank(lines, n, e);
      if (fnb === e || text.charCodeAt(fnb) === 35) {
        if (n + 1 >= lines.count) break;
        n++;
        continue;
      }
      break;
    }
    const e = lineEnd(lines, n);
    const fnb = firstNonBlank(lines, n, e);
    if (fnb === e || text.charCodeAt(fnb) === 35) break; // only comments/blank lines till EOF
    from = lineStart(lines, n);
  }
  // Own copies: the model, and parses reused from it, must not pin the whole document.
  const logical = parts.length === 1 ? flatCopy(parts[0]!) : parts.join('');
  const segments = segScratch.slice(0, nsegs);

  let endLine = n;
  let end = lastContentEnd;
  const heredocs: Heredoc[] = [];
  if (HEREDOC_INSTRUCTIONS.has(keyword) && logical.includes('<<')) {
    const at = (i: number) => segmentOffset(segments, logical.length, keywordEnd, i)!;
    for (const marker of findHeredocMarkers(logical, at)) {
      const body = readHeredocBody(lines, endLine + 1, marker.name, marker.stripTabs);
      heredocs.push({ ...marker, ...body });
      endLine = body.lastLine;
      end = body.terminatorEnd;
      if (!body.terminated) break;
    }
  }
  return new ScannedInstruction(
    keyword,
    first,
    keywordEnd,
    first,
    Math.max(end, keywordEnd),
    startLine,
    endLine,
    logical,
    segments,
    heredocs,
  );
}

interface Marker {
  name: string;
  stripTabs: boolean;
  quoted: boolean;
  markerStart: number;
  markerEnd: number;
}

function findHeredocMarkers(logical: string, at: (i: number) => number): Marker[] {
  const markers: Marker[] = [];
  const word = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = word.exec(logical))) {
    const h = HEREDOC_WORD.exec(m[0]);
    if (!h) continue;
    const rawName = h[3]!;
    const name = rawName.replace(/["']/g, '');
    if (!name) continue;
    markers.push({
      name,
      stripTabs: h[2] === '-',
      quoted: rawName !== name,
      markerStart: at(m.index),
      markerEnd: at(m.index + m[0].length - 1) + 1,
    });
  }
  return markers;
}

function readHeredocBody(
  lines: Lines,
  firstLine: number,
  name: string,
  stripTabs: boolean,
): Omit<Heredoc, keyof Marker> & { lastLine: number } {
  const text = lines.text;
  const bodyStart = firstLine < lines.count ? lineStart(lines, firstLine) : text.length;
  for (let n = firstLine; n < lines.count; n++) {
    const start = lineStart(lines, n);
    const end = lineEnd(lines, n);
    let s = start;
    if (stripTabs) while (s < end && text.charCodeAt(s) === 9) s++;
    if (end - s === name.length && text.startsWith(name, s)) {
      return {
        bodyStart,
        bodyEnd: start,
        terminatorStart: start,
        terminatorEnd: end,
        terminated: true,
        lastLine: n,
      };
    }
  }
  const last = lines.count - 1;
  return {
    bodyStart,
    bodyEnd: text.length,
    terminatorStart: text.length,
    terminatorEnd: text.length,
    terminated: false,
    lastLine: Math.max(last, firstLine - 1),
  };
}

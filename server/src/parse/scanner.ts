/**
 * Splits a Dockerfile into instructions with BuildKit's line rules, in one linear pass:
 * parser directives at the top, `#` comment lines, line continuations (the escape character at
 * the end of a line, unless it is itself escaped), comment and empty lines inside continuations,
 * and heredoc bodies after RUN/COPY/ADD. Every piece keeps its document offsets so rules can
 * report exact ranges and fixes can edit the smallest span.
 */

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
  /** Document offset of each character of `logical`, plus one entry for its end. */
  map: Int32Array;
  heredocs: Heredoc[];
}

export interface ScanResult {
  escape: string;
  directives: Directive[];
  comments: LineComment[];
  instructions: RawInstruction[];
  /** Text starts with a byte-order mark (offset 0), which BuildKit skips. */
  bom: boolean;
}

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
const HEREDOC_WORD = /^(\d*)<<(-?)([^<]+)$/;
const HEREDOC_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD']);

interface Line {
  start: number;
  /** End of content, before the line break. */
  end: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lines.push({ start, end: i });
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  lines.push({ start, end: text.length });
  return lines;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12;
}

function firstNonBlank(text: string, line: Line): number {
  let i = line.start;
  while (i < line.end && isBlank(text.charCodeAt(i))) i++;
  return i;
}

/** BuildKit: `([^E])E[ \t]*$|^E[ \t]*$` — an escaped escape character does not continue the line. */
function continuationAt(text: string, line: Line, from: number, escape: number): number {
  let e = line.end;
  while (e > from && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
  if (e <= from || text.charCodeAt(e - 1) !== escape) return -1;
  if (e - 1 > from && text.charCodeAt(e - 2) === escape) return -1;
  return e - 1;
}

export function scanDockerfile(text: string): ScanResult {
  const lines = splitLines(text);
  const bom = text.charCodeAt(0) === 0xfeff;
  if (bom) lines[0]!.start = 1;
  const directives: Directive[] = [];
  const comments: LineComment[] = [];
  const instructions: RawInstruction[] = [];
  let escape = '\\';
  let directivesDone = false;

  let n = 0;
  while (n < lines.length) {
    const line = lines[n]!;
    const first = firstNonBlank(text, line);
    if (!directivesDone) {
      const m = first === line.start ? DIRECTIVE.exec(text.slice(line.start, line.end)) : null;
      const name = m?.[1]!.toLowerCase();
      if (m && name && KNOWN_DIRECTIVES.has(name) && !directives.some((d) => d.name === name)) {
        directives.push({ name, value: m[2]!, line: n, start: line.start, end: line.end });
        if (name === 'escape' && (m[2] === '`' || m[2] === '\\')) escape = m[2];
        n++;
        continue;
      }
      directivesDone = true;
    }
    if (first === line.end) {
      n++;
      continue;
    }
    if (text.charCodeAt(first) === 35 /* # */) {
      comments.push({
        line: n,
        start: first,
        end: line.end,
        text: text.slice(first + 1, line.end).trim(),
      });
      n++;
      continue;
    }
    const instruction = readInstruction(text, lines, n, first, escape.charCodeAt(0));
    instructions.push(instruction);
    n = instruction.endLine + 1;
  }
  return { escape, directives, comments, instructions, bom };
}

function readInstruction(
  text: string,
  lines: Line[],
  startLine: number,
  first: number,
  escape: number,
): RawInstruction {
  let keywordEnd = first;
  while (keywordEnd < lines[startLine]!.end && !isBlank(text.charCodeAt(keywordEnd))) keywordEnd++;
  const keyword = text.slice(first, keywordEnd).toUpperCase();

  // Join the logical line, remembering where each character came from.
  const parts: string[] = [];
  const offsets: number[] = [];
  let n = startLine;
  let from = first;
  let lastContentEnd = lines[startLine]!.end;
  for (;;) {
    const line = lines[n]!;
    const cont = continuationAt(text, line, from, escape);
    const end = cont >= 0 ? cont : line.end;
    parts.push(text.slice(from, end));
    for (let i = from; i < end; i++) offsets.push(i);
    lastContentEnd = line.end;
    if (cont < 0 || n + 1 >= lines.length) break;
    // Skip comment and empty lines inside the continuation, as BuildKit does.
    n++;
    while (n < lines.length) {
      const next = lines[n]!;
      const fnb = firstNonBlank(text, next);
      if (fnb === next.end || text.charCodeAt(fnb) === 35) {
        if (n + 1 >= lines.length) break;
        n++;
        continue;
      }
      break;
    }
    const next = lines[n]!;
    const fnb = firstNonBlank(text, next);
    if (fnb === next.end || text.charCodeAt(fnb) === 35) break; // only comments/blank lines till EOF
    from = next.start;
  }
  const logical = parts.join('');
  const map = new Int32Array(logical.length + 1);
  for (let i = 0; i < offsets.length; i++) map[i] = offsets[i]!;
  map[logical.length] = offsets.length > 0 ? offsets[offsets.length - 1]! + 1 : keywordEnd;

  let endLine = n;
  let end = lastContentEnd;
  const heredocs: Heredoc[] = [];
  if (HEREDOC_INSTRUCTIONS.has(keyword) && logical.includes('<<')) {
    for (const marker of findHeredocMarkers(logical, map)) {
      const body = readHeredocBody(text, lines, endLine + 1, marker.name, marker.stripTabs);
      heredocs.push({ ...marker, ...body });
      endLine = body.lastLine;
      end = body.terminatorEnd;
      if (!body.terminated) break;
    }
  }
  return {
    keyword,
    keywordStart: first,
    keywordEnd,
    start: first,
    end: Math.max(end, keywordEnd),
    startLine,
    endLine,
    logical,
    map,
    heredocs,
  };
}

interface Marker {
  name: string;
  stripTabs: boolean;
  quoted: boolean;
  markerStart: number;
  markerEnd: number;
}

function findHeredocMarkers(logical: string, map: Int32Array): Marker[] {
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
      markerStart: map[m.index]!,
      markerEnd: map[m.index + m[0].length - 1]! + 1,
    });
  }
  return markers;
}

function readHeredocBody(
  text: string,
  lines: Line[],
  firstLine: number,
  name: string,
  stripTabs: boolean,
): Omit<Heredoc, keyof Marker> & { lastLine: number } {
  const bodyStart = firstLine < lines.length ? lines[firstLine]!.start : text.length;
  for (let n = firstLine; n < lines.length; n++) {
    const line = lines[n]!;
    let s = line.start;
    if (stripTabs) while (s < line.end && text.charCodeAt(s) === 9) s++;
    if (text.slice(s, line.end) === name) {
      return {
        bodyStart,
        bodyEnd: line.start,
        terminatorStart: line.start,
        terminatorEnd: line.end,
        terminated: true,
        lastLine: n,
      };
    }
  }
  const last = lines.length - 1;
  return {
    bodyStart,
    bodyEnd: text.length,
    terminatorStart: text.length,
    terminatorEnd: text.length,
    terminated: false,
    lastLine: Math.max(last, firstLine - 1),
  };
}

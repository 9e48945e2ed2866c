/**
 * A small POSIX-shell splitter for RUN text: enough to find each simple command's argv with exact
 * document spans, across `&&`/`||`/`;`/`|`/`&`/newlines, quotes, `$(…)`, backticks, redirections,
 * compound-command keywords and `sh -c '…'`. It never throws and runs in linear time; it does not
 * evaluate anything. (A full parser such as tree-sitter-bash was measured as far slower to start
 * and is not needed for the questions the rules ask.)
 */

/**
 * Text to split and the document offset of each of its characters (and of its end). Offsets
 * only increase: a run of characters whose first and last offsets are as far apart as their
 * indices is one piece of the document.
 */
export interface ShellSource {
  text: string;
  offset(index: number): number;
}

export interface ShellWord {
  /** Value with quotes and escapes removed (expansions kept as written). */
  value: string;
  /** Document span of the word as written. */
  start: number;
  end: number;
  /** Document offset of each character of `value`. */
  offsets: number[];
}

export interface ShellCommand {
  /** argv: words after leading `NAME=value` assignments, without redirections. */
  words: ShellWord[];
  assignments: ShellWord[];
  start: number;
  end: number;
  /** The operator before and after: `&&`, `||`, `;`, `|`, `&`, newline as `\n`, or `` at the ends. */
  prev: string;
  next: string;
  /** Nesting depth: 0 for the RUN's own commands, 1 inside `sh -c '…'`, and so on. */
  depth: number;
}

const KEYWORDS_SKIPPED = new Set([
  'then',
  'else',
  'elif',
  'do',
  'if',
  'while',
  'until',
  '!',
  '{',
  'time',
]);
const KEYWORDS_ENDING = new Set(['fi', 'done', 'esac', '}']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh']);
const MAX_DEPTH = 3;

/**
 * A word as the splitter makes it. `offsets` is built only when read: most words never need it,
 * and an array per word would cost more than the whole split. Internally the characters of
 * `value` map to document offsets as runs: `at` when the value is one contiguous piece of the
 * document, else `runs` (pairs: document offset, length).
 */
class Word implements ShellWord {
  constructor(
    readonly value: string,
    readonly start: number,
    readonly end: number,
    private readonly at: number,
    private readonly runs: readonly number[] | undefined,
  ) {}

  get offsets(): number[] {
    const out: number[] = [];
    if (!this.runs) {
      for (let k = 0; k < this.value.length; k++) out.push(this.at + k);
      return out;
    }
    for (let r = 0; r < this.runs.length; r += 2) {
      for (let k = 0; k < this.runs[r + 1]!; k++) out.push(this.runs[r]! + k);
    }
    return out;
  }

  /** Document offset of `value[i]`; the word's end for `i` past the value. */
  offsetOf(i: number): number {
    if (i >= this.value.length) return this.end;
    if (!this.runs) return this.at + i;
    for (let r = 0; r < this.runs.length; r += 2) {
      const len = this.runs[r + 1]!;
      if (i < len) return this.runs[r]! + i;
      i -= len;
    }
    return this.end;
  }

  shifted(delta: number): Word {
    return new Word(
      this.value,
      this.start + delta,
      this.end + delta,
      this.at + delta,
      this.runs?.map((v, k) => (k % 2 === 0 ? v + delta : v)),
    );
  }
}

/** The same word `delta` characters further on in the document. */
export function shiftWord(w: ShellWord, delta: number): ShellWord {
  if (w instanceof Word) return w.shifted(delta);
  return {
    value: w.value,
    start: w.start + delta,
    end: w.end + delta,
    offsets: w.offsets.map((o) => o + delta),
  };
}

/** The same command `delta` characters further on in the document. */
export function shiftCommand(c: ShellCommand, delta: number): ShellCommand {
  return {
    words: c.words.map((w) => shiftWord(w, delta)),
    assignments: c.assignments.map((w) => shiftWord(w, delta)),
    start: c.start + delta,
    end: c.end + delta,
    prev: c.prev,
    next: c.next,
    depth: c.depth,
  };
}

export function splitShell(src: ShellSource, depth = 0): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let current: ShellWord[] = [];
  let prev = '';
  const flush = (next: string): void => {
    if (current.length > 0) {
      const cmd = makeCommand(current, prev, next, depth);
      if (cmd.words.length > 0 || cmd.assignments.length > 0) commands.push(cmd);
      current = [];
    }
    prev = next;
  };
  tokenize(src, (word) => current.push(word), flush);
  flush('');
  if (depth < MAX_DEPTH) {
    const nested: ShellCommand[] = [];
    for (const c of commands) {
      nested.push(c);
      const script = shellCScript(c);
      if (script) nested.push(...splitShell(wordSource(script), depth + 1));
    }
    return nested;
  }
  return commands;
}

function makeCommand(all: ShellWord[], prev: string, next: string, depth: number): ShellCommand {
  let i = 0;
  while (i < all.length && KEYWORDS_SKIPPED.has(all[i]!.value)) i++;
  const assignments: ShellWord[] = [];
  while (i < all.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(all[i]!.value))
    assignments.push(all[i++]!);
  // `fi`, `done`, `esac`, `}` end a compound command only where a command starts (`echo done` keeps it).
  const end = all.slice(i).every((w) => KEYWORDS_ENDING.has(w.value)) ? i : all.length;
  const words = i === 0 && end === all.length ? all : all.slice(i, end);
  const first = all[0]!;
  const last = all[all.length - 1]!;
  return { words, assignments, start: first.start, end: last.end, prev, next, depth };
}

/** `sh -c 'script'`, `bash -euxc "script"`: the script word. */
function shellCScript(c: ShellCommand): ShellWord | undefined {
  const argv0 = c.words[0]?.value.replace(/^.*\//, '');
  if (!argv0 || !SHELLS.has(argv0)) return undefined;
  for (let i = 1; i < c.words.length - 1; i++) {
    const w = c.words[i]!.value;
    if (/^-[a-zA-Z]+$/.test(w) && w.includes('c')) return c.words[i + 1];
    if (!w.startsWith('-')) return undefined;
  }
  return undefined;
}

function wordSource(w: ShellWord): ShellSource {
  // Past the script's end: right after its last character, inside the word's closing quote.
  const n = w.value.length;
  if (w instanceof Word) {
    return {
      text: w.value,
      offset: (i) => (i < n || n === 0 ? w.offsetOf(i) : w.offsetOf(n - 1) + 1),
    };
  }
  const offsets = w.offsets;
  return { text: w.value, offset: (i) => (i < n ? offsets[i]! : n ? offsets[n - 1]! + 1 : w.end) };
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const BACKSLASH = 92;
const HASH = 35;
const SEMI = 59;
const PIPE = 124;
const AMP = 38;
const LPAREN = 40;
const RPAREN = 41;
const LT = 60;
const GT = 62;
const SQUOTE = 39;
const DQUOTE = 34;
const DOLLAR = 36;
const BACKTICK = 96;
const LBRACE = 123;

function tokenize(
  src: ShellSource,
  onWord: (w: ShellWord) => void,
  onOperator: (op: string) => void,
): void {
  const s = src.text;
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === SPACE || c === TAB || (c === CR && s.charCodeAt(i + 1) === LF)) {
      i++;
      continue;
    }
    // A lone CR ends a line, as it does for the scanner (old Mac line breaks in a heredoc body).
    if (c === LF || c === CR) {
      onOperator('\n');
      i++;
      continue;
    }
    if (c === BACKSLASH && s.charCodeAt(i + 1) === LF) {
      i += 2;
      continue;
    }
    if (c === HASH) {
      // To the end of the line; a lone CR ends one too (see above).
      while (i < n && s.charCodeAt(i) !== LF && s.charCodeAt(i) !== CR) i++;
      continue;
    }
    const op = operatorAt(s, i, c);
    if (op) {
      onOperator(op === '(' || op === ')' ? ';' : op);
      i += op.length;
      continue;
    }
    // `&>file` too: operatorAt leaves that `&` alone, and a word cannot start with it.
    if (c === LT || c === GT || c === AMP) {
      i = skipRedirection(s, i);
      continue;
    }
    const r = readWord(src, i, true);
    i = r.next;
    if (r.fdBeforeRedirect) {
      i = skipRedirection(s, i);
      continue;
    }
    onWord(r.word!);
  }
}

function operatorAt(s: string, i: number, c: number): string | undefined {
  const d = s.charCodeAt(i + 1);
  if (c === AMP) {
    if (d === AMP) return '&&';
    return d === GT ? undefined : '&';
  }
  if (c === PIPE) return d === PIPE ? '||' : '|';
  if (c === SEMI) return d === SEMI ? ';;' : ';';
  if (c === LPAREN) return '(';
  if (c === RPAREN) return ')';
  return undefined;
}

/** Skips `>`, `>>`, `2>&1`, `&>file`, `<file`, `<<<word` and the target word. */
function skipRedirection(s: string, i: number): number {
  if (s.charCodeAt(i) === AMP) i++;
  while (i < s.length && (s.charCodeAt(i) === LT || s.charCodeAt(i) === GT)) i++;
  if (s.charCodeAt(i) === AMP) {
    i++;
    while (i < s.length && /[0-9-]/.test(s[i]!)) i++;
    return i;
  }
  while (i < s.length && (s.charCodeAt(i) === SPACE || s.charCodeAt(i) === TAB)) i++;
  return readWord({ text: s, offset: () => 0 }, i, false).next;
}

interface ReadResult {
  word: ShellWord | undefined;
  next: number;
  fdBeforeRedirect: boolean;
}

/**
 * Reads one word from `begin`. The value is made of runs of source characters (quotes and
 * escapes dropped between them); with `build` false only the end is found.
 */
function readWord(src: ShellSource, begin: number, build: boolean): ReadResult {
  const s = src.text;
  const n = s.length;
  // Source runs [from, to) of the value, in order; the current one is [runFrom, runTo).
  let runs: number[] | undefined;
  let runFrom = -1;
  let runTo = -1;
  let length = 0;
  const add = (from: number, to: number): void => {
    if (from >= to) return;
    length += to - from;
    if (from === runTo) {
      runTo = to;
      return;
    }
    if (runFrom >= 0) (runs ??= []).push(runFrom, runTo);
    runFrom = from;
    runTo = to;
  };
  let i = begin;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === SPACE || c === TAB || c === LF || c === CR || c === SEMI || c === PIPE) break;
    if (c === AMP || c === LPAREN || c === RPAREN) break;
    if ((c === LT || c === GT) && i > begin) {
      const fd = length > 0 && isDigits(s, runs, runFrom, runTo);
      return { word: build ? makeWord() : undefined, next: i, fdBeforeRedirect: fd };
    }
    if (c === LT || c === GT) break;
    if (c === BACKSLASH) {
      if (s.charCodeAt(i + 1) === LF) {
        i += 2;
        continue;
      }
      if (i + 1 < n) add(i + 1, i + 2);
      i += 2;
      continue;
    }
    if (c === SQUOTE) {
      const close = s.indexOf("'", i + 1);
      const to = close < 0 ? n : close;
      add(i + 1, to);
      i = to + 1;
      continue;
    }
    if (c === DQUOTE) {
      i++;
      let from = i;
      while (i < n && s.charCodeAt(i) !== DQUOTE) {
        const d = s.charCodeAt(i);
        if (d === BACKSLASH && i + 1 < n && isDquoteEscapable(s.charCodeAt(i + 1))) {
          add(from, i);
          if (s.charCodeAt(i + 1) !== LF) add(i + 1, i + 2);
          i += 2;
          from = i;
        } else if (d === DOLLAR && s.charCodeAt(i + 1) === LPAREN) {
          i = skipBalanced(s, i + 1);
        } else i++;
      }
      add(from, Math.min(i, n));
      i++;
      continue;
    }
    if (c === DOLLAR && (s.charCodeAt(i + 1) === LPAREN || s.charCodeAt(i + 1) === LBRACE)) {
      const end = s.charCodeAt(i + 1) === LPAREN ? skipBalanced(s, i + 1) : skipTo(s, i + 2, '}');
      add(i, end);
      i = end;
      continue;
    }
    if (c === BACKTICK) {
      const end = skipTo(s, i + 1, '`');
      add(i, end);
      i = end;
      continue;
    }
    add(i, i + 1);
    i++;
  }
  return { word: build ? makeWord() : undefined, next: i, fdBeforeRedirect: false };

  function makeWord(): ShellWord {
    const start = src.offset(begin);
    // Right after the word's last character: at a line join or at the end of an `sh -c` script,
    // the offset of the next character lies past the join or the script's closing quote.
    const end = i > begin ? src.offset(Math.min(i, n) - 1) + 1 : start;
    if (runFrom < 0) return new Word('', start, end, start, undefined);
    if (!runs) {
      const at = src.offset(runFrom);
      // One piece of the source; one piece of the document too unless it spans a line join.
      if (src.offset(runTo - 1) - at === runTo - 1 - runFrom) {
        return new Word(s.slice(runFrom, runTo), start, end, at, undefined);
      }
    }
    const all = runs ? [...runs, runFrom, runTo] : [runFrom, runTo];
    const parts: string[] = [];
    const docRuns: number[] = [];
    for (let r = 0; r < all.length; r += 2) {
      const from = all[r]!;
      const to = all[r + 1]!;
      parts.push(s.slice(from, to));
      pushDocRuns(src, from, to, docRuns);
    }
    const value = parts.join('');
    return docRuns.length === 2
      ? new Word(value, start, end, docRuns[0]!, undefined)
      : new Word(value, start, end, docRuns[0]!, docRuns);
  }
}

/** Adds the document runs of source characters [from, to), merging with the previous run. */
function pushDocRuns(src: ShellSource, from: number, to: number, out: number[]): void {
  const a = src.offset(from);
  if (src.offset(to - 1) - a === to - 1 - from) return appendRun(out, a, to - from);
  for (let k = from; k < to; k++) appendRun(out, src.offset(k), 1);
}

function appendRun(out: number[], at: number, length: number): void {
  const last = out.length - 2;
  if (last >= 0 && out[last]! + out[last + 1]! === at) out[last + 1]! += length;
  else out.push(at, length);
}

function isDquoteEscapable(c: number): boolean {
  return c === DOLLAR || c === BACKTICK || c === DQUOTE || c === BACKSLASH || c === LF;
}

/** The value read so far is all digits (`2` in `2>&1`). */
function isDigits(s: string, runs: number[] | undefined, runFrom: number, runTo: number): boolean {
  const all = runs ? [...runs, runFrom, runTo] : [runFrom, runTo];
  for (let r = 0; r < all.length; r += 2) {
    for (let k = all[r]!; k < all[r + 1]!; k++) {
      const c = s.charCodeAt(k);
      if (c < 48 || c > 57) return false;
    }
  }
  return true;
}

/** From an opening `(` to just after its matching `)`, skipping quotes; the text's end if none. */
function skipBalanced(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === SQUOTE) {
      const close = s.indexOf("'", i + 1);
      i = close < 0 ? s.length : close;
    } else if (c === LPAREN) depth++;
    else if (c === RPAREN && --depth === 0) return i + 1;
  }
  return s.length;
}

function skipTo(s: string, from: number, close: string): number {
  const code = close.charCodeAt(0);
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === code) return i + 1;
  }
  return s.length;
}

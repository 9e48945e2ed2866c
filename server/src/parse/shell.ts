/**
 * A small POSIX-shell splitter for RUN text: enough to find each simple command's argv with exact
 * document spans, across `&&`/`||`/`;`/`|`/`&`/newlines, quotes, `$(…)`, backticks, redirections,
 * compound-command keywords and `sh -c '…'`. It never throws and runs in linear time; it does not
 * evaluate anything. (A full parser such as tree-sitter-bash was measured as far slower to start
 * and is not needed for the questions the rules ask.)
 */

/** Text to split and the document offset of each of its characters (and of its end). */
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

interface Token {
  kind: 'word' | 'op';
  word?: ShellWord;
  op?: string;
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
  for (const tok of tokenize(src)) {
    if (tok.kind === 'op') flush(tok.op!);
    else current.push(tok.word!);
  }
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
  let words = all.slice(i);
  while (words.length > 0 && KEYWORDS_ENDING.has(words[words.length - 1]!.value)) {
    words = words.slice(0, -1);
  }
  if (words.length === 1 && KEYWORDS_ENDING.has(words[0]!.value)) words = [];
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
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(w)) return c.words[i + 1];
    if (!w.startsWith('-')) return undefined;
  }
  return undefined;
}

function wordSource(w: ShellWord): ShellSource {
  return {
    text: w.value,
    offset: (i) => (i < w.offsets.length ? w.offsets[i]! : w.end),
  };
}

function* tokenize(src: ShellSource): Generator<Token> {
  const s = src.text;
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || (c === '\r' && s[i + 1] === '\n')) {
      i++;
      continue;
    }
    // A lone CR ends a line, as it does for the scanner (old Mac line breaks in a heredoc body).
    if (c === '\n' || c === '\r') {
      yield { kind: 'op', op: '\n' };
      i++;
      continue;
    }
    if (c === '\\' && s[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#') {
      while (i < n && s[i] !== '\n') i++;
      continue;
    }
    const op = operatorAt(s, i);
    if (op) {
      yield { kind: 'op', op: op === '(' || op === ')' ? ';' : op };
      i += op.length;
      continue;
    }
    if (c === '<' || c === '>') {
      i = skipRedirection(s, i);
      continue;
    }
    const r = readWord(src, i);
    i = r.next;
    if (r.fdBeforeRedirect) {
      i = skipRedirection(s, i);
      continue;
    }
    yield { kind: 'word', word: r.word };
  }
}

function operatorAt(s: string, i: number): string | undefined {
  const two = s.slice(i, i + 2);
  if (two === '&&' || two === '||' || two === ';;') return two;
  const c = s[i]!;
  if (c === ';' || c === '|' || c === '(' || c === ')') return c;
  if (c === '&' && s[i + 1] !== '>') return c;
  return undefined;
}

/** Skips `>`, `>>`, `2>&1`, `&>file`, `<file`, `<<<word` and the target word. */
function skipRedirection(s: string, i: number): number {
  if (s[i] === '&') i++;
  while (i < s.length && (s[i] === '<' || s[i] === '>')) i++;
  if (s[i] === '&') {
    i++;
    while (i < s.length && /[0-9-]/.test(s[i]!)) i++;
    return i;
  }
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  return readWord({ text: s, offset: () => 0 }, i).next;
}

interface ReadResult {
  word: ShellWord;
  next: number;
  fdBeforeRedirect: boolean;
}

function readWord(src: ShellSource, begin: number): ReadResult {
  const s = src.text;
  const n = s.length;
  let value = '';
  const offsets: number[] = [];
  const add = (j: number): void => {
    value += s[j];
    offsets.push(src.offset(j));
  };
  let i = begin;
  while (i < n) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ';' || c === '|') break;
    if (c === '&' || c === '(' || c === ')') break;
    if ((c === '<' || c === '>') && i > begin) {
      const fd = /^\d+$/.test(value);
      return { word: mk(), next: i, fdBeforeRedirect: fd };
    }
    if (c === '<' || c === '>') break;
    if (c === '\\') {
      if (s[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (i + 1 < n) add(i + 1);
      i += 2;
      continue;
    }
    if (c === "'") {
      i++;
      while (i < n && s[i] !== "'") add(i++);
      i++;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < n && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < n && '$`"\\\n'.includes(s[i + 1]!)) {
          if (s[i + 1] !== '\n') add(i + 1);
          i += 2;
        } else if (s[i] === '$' && s[i + 1] === '(') {
          const end = skipBalanced(s, i + 1);
          for (let j = i; j < end; j++) add(j);
          i = end;
        } else add(i++);
      }
      i++;
      continue;
    }
    if (c === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) {
      const end = s[i + 1] === '(' ? skipBalanced(s, i + 1) : skipTo(s, i + 2, '}');
      for (let j = i; j < end; j++) add(j);
      i = end;
      continue;
    }
    if (c === '`') {
      const end = skipTo(s, i + 1, '`');
      for (let j = i; j < end; j++) add(j);
      i = end;
      continue;
    }
    add(i++);
  }
  return { word: mk(), next: i, fdBeforeRedirect: false };

  function mk(): ShellWord {
    return { value, start: src.offset(begin), end: src.offset(Math.min(i, n)), offsets };
  }
}

/** From an opening `(` to just after its matching `)`, skipping quotes; the text's end if none. */
function skipBalanced(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === "'") i = s.indexOf("'", i + 1) < 0 ? s.length : s.indexOf("'", i + 1);
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return s.length;
}

function skipTo(s: string, from: number, close: string): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === close) return i + 1;
  }
  return s.length;
}

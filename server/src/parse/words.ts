import { offsetAt, type RawInstruction } from './scanner';

/** A whitespace-separated word of an instruction line, with its document span. */
export interface Word {
  /** As written in the logical line (quotes kept). */
  text: string;
  start: number;
  end: number;
  /** Index range in the instruction's logical line. */
  lstart: number;
  lend: number;
}

export interface Flag extends Word {
  /** Lower-cased name without dashes: `mount`, `from`, `chown`. */
  name: string;
  /** Text after `=`, quotes kept; undefined for a bare `--link`. */
  value: string | undefined;
  valueStart: number;
}

export interface InstructionArgs {
  flags: Flag[];
  /**
   * Words after the flags (for shell-form CMD only approximate; use the shell layer). Empty when
   * parsed `flagsOnly` (RUN: its text is read by the shell layer, `run.commands`).
   */
  words: Word[];
  /** Logical index where the text after the flags starts. */
  restStart: number;
  /** Exec (JSON array) form: the parsed strings. */
  json: string[] | undefined;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 13 || c === 10;
}

const isFlag = (text: string): boolean => text.startsWith('--') && text.length >= 3;

/**
 * Splits `logical[from..]` into words; quotes group, as BuildKit's flag extraction does.
 * `flagsOnly`: stop at the first word that is not a flag (it is still returned, last).
 */
export function splitWords(raw: RawInstruction, from: number, flagsOnly = false): Word[] {
  const s = raw.logical;
  const words: Word[] = [];
  let i = from;
  while (i < s.length && !(flagsOnly && words.length > 0 && !isFlag(words.at(-1)!.text))) {
    while (i < s.length && isSpace(s.charCodeAt(i))) i++;
    if (i >= s.length) break;
    const begin = i;
    let quote = 0;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (quote) {
        if (c === quote) quote = 0;
        else if (c === 92 && quote === 34) i++;
      } else if (c === 34 || c === 39) quote = c;
      else if (isSpace(c)) break;
      i++;
    }
    const end = Math.min(i, s.length);
    words.push(wordAt(raw, begin, end));
  }
  return words;
}

export function wordAt(raw: RawInstruction, lstart: number, lend: number): Word {
  return {
    text: raw.logical.slice(lstart, lend),
    lstart,
    lend,
    start: offsetAt(raw, lstart)!,
    end: lend > lstart ? offsetAt(raw, lend - 1)! + 1 : offsetAt(raw, lstart)!,
  };
}

/**
 * Parses leading `--name[=value]` flags and the rest of an instruction. `keywordEnd`: where the
 * arguments start, when that is not after the keyword (`ONBUILD RUN …`: after `RUN`).
 */
export function parseArgs(
  raw: RawInstruction,
  keywordEnd = raw.keywordEnd,
  flagsOnly = false,
): InstructionArgs {
  const afterKeyword = keywordEnd - raw.keywordStart;
  const all = splitWords(raw, afterKeyword, flagsOnly);
  const flags: Flag[] = [];
  let k = 0;
  for (; k < all.length; k++) {
    const w = all[k]!;
    if (!isFlag(w.text)) break;
    const eq = w.text.indexOf('=');
    const name = (eq < 0 ? w.text.slice(2) : w.text.slice(2, eq)).toLowerCase();
    flags.push({
      ...w,
      name,
      value: eq < 0 ? undefined : w.text.slice(eq + 1),
      valueStart: eq < 0 ? w.end : (offsetAt(raw, w.lstart + eq + 1) ?? w.end),
    });
  }
  const words = all.slice(k);
  const restStart = words[0]?.lstart ?? raw.logical.length;
  const json = parseJsonForm(raw.logical.slice(restStart));
  return { flags, words: flagsOnly ? [] : words, restStart, json };
}

function parseJsonForm(rest: string): string[] | undefined {
  const t = rest.trim();
  if (!t.startsWith('[') || !t.endsWith(']')) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  } catch {
    // Not JSON: BuildKit then treats the text as shell form.
  }
  return undefined;
}

/** Removes shell-style quotes from a word (for COPY sources, USER names, flag values). */
export function unquote(text: string): string {
  if (!/["'\\]/.test(text)) return text;
  let out = '';
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"' && i + 1 < text.length) out += text[++i];
      else out += c;
    } else if (c === '"' || c === "'") quote = c;
    else out += c;
  }
  return out;
}

/** `path` without its trailing slashes, in linear time (`/\/+$/` backtracks on a long run of `/`). */
export function trimTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end--;
  return path.slice(0, end);
}

/**
 * One Docker ignore pattern, the way moby/patternmatcher reads it: `patternmatcher.New` validates
 * it (with Go's filepath.Match), and `Pattern.compile` picks a match kind (exact, prefix, suffix or
 * regexp) and turns the pattern into a Go regexp with a naive text substitution, quirks included.
 * docs/dockerignore-matching.md explains each rule.
 *
 * `translatePattern` replays that substitution once, as a list of pieces that say what each part
 * of the regexp means; the matcher (dockerignore.ts, through `compilePattern`) and the set
 * reasoning of analysis/ignoreOverlap.ts both read it, so neither knows Docker's syntax.
 */

import { compileGoRegexp, RegexpSyntaxError } from './regexp';
import { isAsciiAlnum } from './regexpSyntax';
import { simpleGlobScan, type Scan } from './simpleGlob';

// ---------------------------------------------------------------------------------------------
// Translation (Pattern.compile)

/**
 * Characters Pattern.compile escapes; everything else reaches the regexp raw. Its source lists
 * `.+()|{}$`, but the lookup table is `[8]byte` indexed by b%8 with bit b/8, and for '|', '{' and
 * '}' (b >= 64) that bit shifts out of the byte: they stay raw, so '|' is alternation.
 */
export const MOBY_ESCAPED = '.+()$';

/** How Docker matches a pattern (Pattern.compile's matchType). */
export type MatchKind = 'exact' | 'prefix' | 'suffix' | 'regexp';

/**
 * One piece of Docker's regexp, with the text `re` that Pattern.compile emits for it:
 * - `char`: the character `c`, matched as itself (`.` is emitted as `\.`, `\*` stays `\*`);
 * - `segment`: `*` → `[^/]*`, a run of characters other than '/';
 * - `segmentChar`: `?` → `[^/]`, one character other than '/';
 * - `folders`: `**` (or `**` + '/') with more pattern after it → an optional group of `.*` and
 *   '/': nothing, or a run that ends with '/';
 * - `rest`: a final `**` → `.*`, anything;
 * - `class`: a bracket expression, passed to RE2 as written (its members are RE2's business: it
 *   may match '/' or, as in `[^x]`, almost anything);
 * - `syntax`: text that RE2 reads as an operator or a special escape (`|`, `{`, `}`, `^`, `\d`,
 *   `\b`, an unclosed `[`, …). Its meaning is RE2's and may reach past the piece: a `|` splits
 *   the whole regexp, a `{2}` repeats the piece before it.
 */
export type PatternPiece =
  | { t: 'char'; c: string; re: string }
  | { t: 'segment' | 'segmentChar' | 'folders' | 'rest' | 'class' | 'syntax'; re: string };

export interface PatternTranslation {
  kind: MatchKind;
  /**
   * exact: the one path matched. prefix: what every matched path starts with. suffix: what it
   * ends with (and, when that starts with '/', the rest is also matched as a whole path: `**` +
   * `/a` matches `a`). regexp: text every match starts with ('' when a `syntax` piece makes it unsure).
   */
  literal: string;
  /** What the regexp is made of, in order (a byte-order mark at the start is skipped). */
  pieces: PatternPiece[];
  /** The Go regexp: '^', the pieces' `re`, '$'. Docker matches with it when kind is 'regexp'. */
  source: string;
}

/** A piece and the index in the pattern's characters after it. */
interface Step {
  piece: PatternPiece;
  end: number;
}

/** Pattern.compile on a cleaned pattern (after '!' removal and filepath.Clean). */
export function translatePattern(cleaned: string): PatternTranslation {
  const chars = Array.from(cleaned);
  let kind: MatchKind = 'exact';
  const steps: Step[] = [];
  // text/scanner skips a byte-order mark at the very start.
  let i = chars[0] === '\uFEFF' ? 1 : 0;
  for (let n = 0; i < chars.length; n++) {
    const c = chars[i++]!;
    let piece: PatternPiece;
    if (c === '*' && chars[i] === '*') {
      i++;
      if (chars[i] === '/') i++;
      if (i >= chars.length) {
        [piece, kind] = [{ t: 'rest', re: '.*' }, kind === 'exact' ? 'prefix' : 'regexp'];
      } else [piece, kind] = [{ t: 'folders', re: '(.*/)?' }, 'regexp'];
      if (n === 0) kind = 'suffix';
    } else if (c === '*') [piece, kind] = [{ t: 'segment', re: '[^/]*' }, 'regexp'];
    else if (c === '?') [piece, kind] = [{ t: 'segmentChar', re: '[^/]' }, 'regexp'];
    else if (MOBY_ESCAPED.includes(c)) piece = { t: 'char', c, re: '\\' + c };
    else if (c === '\\') {
      // Validation rejects a trailing '\'; Docker would emit it alone.
      const next = chars[i++];
      if (next === undefined) piece = { t: 'syntax', re: '\\' };
      else [piece, kind] = [escaped(next), 'regexp'];
    } else if (c === '[') [piece, kind] = [{ t: 'syntax', re: c }, 'regexp'];
    else if (c === ']') [piece, kind] = [{ t: 'char', c, re: c }, 'regexp'];
    else piece = '|{}^'.includes(c) ? { t: 'syntax', re: c } : { t: 'char', c, re: c };
    steps.push({ piece, end: i });
  }
  const pieces = groupClasses(chars, steps);
  return {
    kind,
    literal: literalOf(kind, cleaned, pieces),
    pieces,
    source: `^${pieces.map((p) => p.re).join('')}$`,
  };
}

/** `\` + c in RE2: ASCII punctuation (and space, controls) is itself; letters and digits are special. */
function escaped(c: string): PatternPiece {
  const code = c.codePointAt(0)!;
  return code < 0x80 && !isAsciiAlnum(code)
    ? { t: 'char', c, re: '\\' + c }
    : { t: 'syntax', re: '\\' + c };
}

/**
 * A '[' that RE2 closes becomes one `class` piece with everything up to its ']', when Docker
 * passed that text through as written. With a `*`, `?` or `**` inside, the substitution breaks
 * the class apart (`[*]` becomes `[[^/]*]`: a class, a star, a ']'): the '[' stays `syntax`.
 */
function groupClasses(chars: string[], steps: Step[]): PatternPiece[] {
  const pieces: PatternPiece[] = [];
  for (let k = 0; k < steps.length; k++) {
    const { piece, end } = steps[k]!;
    const close = piece.t === 'syntax' && piece.re === '[' ? classEnd(chars, end) : -1;
    // A ']' always ends a step, so some step ends at `close`.
    let last = k;
    while (close >= 0 && steps[last]!.end < close) last++;
    const inside = steps.slice(k, last + 1).map((s) => s.piece);
    if (close < 0 || inside.some((p) => p.t !== 'char' && p.t !== 'syntax')) {
      pieces.push(piece);
      continue;
    }
    pieces.push({ t: 'class', re: inside.map((p) => p.re).join('') });
    k = last;
  }
  return pieces;
}

/** Index after the RE2 class whose '[' ends at `from`, or -1 when it does not close. */
function classEnd(chars: string[], from: number): number {
  let i = from;
  if (chars[i] === '^') i++;
  if (chars[i] === ']') i++; // a leading ']' is a member
  while (i < chars.length) {
    const c = chars[i]!;
    if (c === ']') return i + 1;
    if (c === '\\') i += 2;
    else if (c === '[' && chars[i + 1] === ':') {
      const close = chars.indexOf(']', i + 2);
      if (close < 0) return -1;
      i = close + 1;
    } else i++;
  }
  return -1;
}

function literalOf(kind: MatchKind, cleaned: string, pieces: PatternPiece[]): string {
  switch (kind) {
    case 'exact':
      return cleaned;
    case 'prefix':
      return cleaned.slice(0, -2);
    case 'suffix':
      return cleaned.slice(2);
    case 'regexp': {
      if (pieces.some((p) => p.t === 'syntax')) return '';
      let literal = '';
      for (const p of pieces) {
        if (p.t !== 'char') break;
        literal += p.c;
      }
      return literal;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Validation and compilation for the matcher (patternmatcher.New + Pattern.compile)

/** Docker rejects the pattern (the build fails); the message says why. */
export class PatternError extends Error {}

/*
 * A Scan sets `out[base + k]` to 1 when the pattern matches `path.slice(0, ends[k])`. The ends
 * are ascending, at '/' characters or the path's end, so one pass answers for the path and every
 * parent directory: linear in the path however deep it is.
 */

export interface CompiledPattern {
  kind: MatchKind;
  scan: Scan;
  /** Every match starts with this (used to rule out re-inclusion under a directory). */
  literal: string;
}

// The same pattern compiles to the same matcher: share it between files and analyses (`.git`,
// `node_modules`, `*.pyc` are in most ignore files). The lazy DFA inside is only a cache.
const compiledByText = new Map<string, CompiledPattern | PatternError>();
const COMPILED_LIMIT = 2000;

/** Empties the cache of compiled patterns. */
export function clearPatternCache(): void {
  compiledByText.clear();
}

/** The matcher for a cleaned pattern. Throws PatternError where Docker would fail the build. */
export function compilePattern(cleaned: string): CompiledPattern {
  let c = compiledByText.get(cleaned);
  if (c === undefined) {
    try {
      c = compileUncached(cleaned);
    } catch (e) {
      if (!(e instanceof PatternError)) throw e;
      c = e;
    }
    if (compiledByText.size >= COMPILED_LIMIT) compiledByText.clear();
    compiledByText.set(cleaned, c);
  }
  if (c instanceof PatternError) throw c;
  return c;
}

function compileUncached(cleaned: string): CompiledPattern {
  const bad = globSyntaxError(cleaned);
  if (bad !== undefined) throw new PatternError(`syntax error in pattern: ${bad}`);
  const { kind, literal, source } = translatePattern(cleaned);
  switch (kind) {
    case 'exact':
      return { kind, literal, scan: scanLiteral(literal, (end) => end === literal.length) };
    case 'prefix':
      return { kind, literal, scan: scanLiteral(literal, (end) => end >= literal.length) };
    case 'suffix':
      return { kind, literal: '', scan: scanSuffix(literal) };
    case 'regexp': {
      const scan = simpleGlobScan(cleaned, () => regexpScan(source)) ?? regexpScan(source);
      return { kind, literal, scan };
    }
  }
}

function regexpScan(source: string): Scan {
  try {
    return compileGoRegexp(source).scan;
  } catch (e) {
    if (!(e instanceof RegexpSyntaxError)) throw e;
    throw new PatternError(
      `syntax error in pattern: Docker's translation to a Go regexp fails (${e.message})`,
    );
  }
}

/** 'exact' is string equality, 'prefix' strings.HasPrefix. */
function scanLiteral(literal: string, endOk: (end: number) => boolean): Scan {
  return (path, ends, out, base) => {
    if (!path.startsWith(literal)) return;
    for (let k = 0; k < ends.length; k++) if (endOk(ends[k]!)) out[base + k] = 1;
  };
}

/** 'suffix' is strings.HasSuffix, plus a leading "**" + "/foo" matching "foo" itself. */
function scanSuffix(suffix: string): Scan {
  const bare = suffix[0] === '/' ? suffix.slice(1) : undefined;
  return (path, ends, out, base) => {
    for (let k = 0; k < ends.length; k++) {
      const end = ends[k]!;
      const hit =
        (end >= suffix.length && path.startsWith(suffix, end - suffix.length)) ||
        (bare !== undefined && end === bare.length && path.startsWith(bare));
      if (hit) out[base + k] = 1;
    }
  };
}

const utf8 = new TextEncoder();

/**
 * Why Go's filepath.Match(pattern, ".") fails, which is how patternmatcher.New validates.
 * Match only checks what it reads: each chunk (text between stars) is checked in full, but once a
 * chunk cannot match it returns false without looking further, so `b*[-` passes while `b[-`
 * fails. Hence a port of Match itself, on UTF-8 bytes like Go, rather than a syntax check.
 */
function globSyntaxError(pattern: string): string | undefined {
  // Only a character class or an escape can be malformed.
  if (!pattern.includes('[') && !pattern.includes('\\')) return undefined;
  let p: Uint8Array = utf8.encode(pattern);
  let name: Uint8Array = utf8.encode('.');
  for (;;) {
    if (p.length === 0) return undefined;
    const { star, chunk, rest } = scanChunk(p);
    p = rest;
    // A trailing '*' matches without reading further.
    if (star && chunk.length === 0) return undefined;
    const first = matchChunk(chunk, name);
    if (first.error !== undefined) return first.error;
    if (first.rest !== undefined && (first.rest.length === 0 || p.length > 0)) {
      name = first.rest;
      continue;
    }
    const skipped = star ? matchAfterSkips(chunk, name, p.length === 0) : undefined;
    if (skipped === undefined) return undefined;
    if (typeof skipped === 'string') return skipped;
    name = skipped;
  }
}

/** A star lets the chunk start 1, 2, … bytes later (never past a '/'). */
function matchAfterSkips(
  chunk: Uint8Array,
  name: Uint8Array,
  last: boolean,
): Uint8Array | string | undefined {
  for (let i = 0; i < name.length && name[i] !== 0x2f; i++) {
    const r = matchChunk(chunk, name.subarray(i + 1));
    if (r.rest !== undefined && !(last && r.rest.length > 0)) return r.rest;
    if (r.rest === undefined && r.error !== undefined) return r.error;
  }
  return undefined;
}

/** scanChunk: leading stars, then up to the next '*' outside brackets ('\' hides one byte). */
function scanChunk(p: Uint8Array): { star: boolean; chunk: Uint8Array; rest: Uint8Array } {
  let i = 0;
  while (p[i] === 0x2a) i++;
  const star = i > 0;
  const from = i;
  let inRange = false;
  for (; i < p.length; i++) {
    const c = p[i];
    if (c === 0x5c) {
      if (i + 1 < p.length) i++;
    } else if (c === 0x5b) inRange = true;
    else if (c === 0x5d) inRange = false;
    else if (c === 0x2a && !inRange) break;
  }
  return { star, chunk: p.subarray(from, i), rest: p.subarray(i) };
}

/**
 * matchChunk: does the chunk match the start of s (rest = what is left)? After a mismatch it
 * keeps reading the chunk only to report a malformed one.
 */
function matchChunk(chunk: Uint8Array, s: Uint8Array): { rest?: Uint8Array; error?: string } {
  let failed = false;
  let c = 0;
  let at = 0;
  while (c < chunk.length) {
    failed ||= at >= s.length;
    if (chunk[c] === 0x5b) {
      let r = -1;
      if (!failed) [r, at] = [decodeRune(s, at)[0], at + decodeRune(s, at)[1]];
      const cls = matchClass(chunk, c + 1, r);
      if (typeof cls === 'string') return { error: cls };
      [c, failed] = [cls.end, failed || !cls.hit];
    } else if (chunk[c] === 0x3f) {
      if (!failed) [failed, at] = [s[at] === 0x2f, at + decodeRune(s, at)[1]];
      c++;
    } else {
      if (chunk[c] === 0x5c && ++c >= chunk.length)
        return { error: 'trailing backslash escapes nothing' };
      if (!failed) [failed, at] = [chunk[c] !== s[at], at + 1];
      c++;
    }
  }
  return failed ? {} : { rest: s.subarray(at) };
}

/** The class after '[' at `from`: where it ends and whether rune r is in it. */
function matchClass(
  chunk: Uint8Array,
  from: number,
  r: number,
): { end: number; hit: boolean } | string {
  let c = from;
  if (c >= chunk.length) return "unterminated character class '['";
  const negated = chunk[c] === 0x5e;
  if (negated) c++;
  let hit = false;
  for (let ranges = 0; ; ranges++) {
    if (c < chunk.length && chunk[c] === 0x5d && ranges > 0)
      return { end: c + 1, hit: hit !== negated };
    const lo = classChar(chunk, c, ranges === 0 ? 'first' : 'lo');
    if (typeof lo === 'string') return lo;
    let hi = lo;
    if (chunk[lo.end] === 0x2d) {
      const h = classChar(chunk, lo.end + 1, 'hi');
      if (typeof h === 'string') return h;
      hi = h;
    }
    hit ||= lo.rune <= r && r <= hi.rune;
    c = hi.end;
  }
}

/** getEsc: one possibly escaped class character; something must follow it. */
function classChar(
  chunk: Uint8Array,
  from: number,
  role: 'first' | 'lo' | 'hi',
): { rune: number; end: number } | string {
  let c = from;
  if (c >= chunk.length) return "unterminated character class '['";
  if (chunk[c] === 0x2d) return "unescaped '-' in a character class (write \\- for a literal dash)";
  if (chunk[c] === 0x5d)
    return role === 'hi' ? 'character range has no upper end' : 'empty character class []';
  if (chunk[c] === 0x5c && ++c >= chunk.length) return "unterminated character class '['";
  const [rune, size] = decodeRune(chunk, c);
  return c + size >= chunk.length ? "unterminated character class '['" : { rune, end: c + size };
}

/** utf8.DecodeRune for the valid UTF-8 a JS string encodes to. */
function decodeRune(b: Uint8Array, i: number): [number, number] {
  const c = b[i]!;
  if (c < 0x80) return [c, 1];
  const size = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
  let r = c & (0x7f >> size);
  for (let k = 1; k < size; k++) r = (r << 6) | (b[i + k]! & 0x3f);
  return [r, size];
}

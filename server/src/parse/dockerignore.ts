/**
 * .dockerignore parser and matcher with the semantics of BuildKit on a Linux/macOS client:
 * moby/patternmatcher's `ignorefile.ReadAll` (reading) and `PatternMatcher` (matching), as driven by
 * tonistiigi/fsutil's walker (`MatchesUsingParentResults` plus its skip-directory shortcut).
 * docs/dockerignore-matching.md explains each rule and where it comes from.
 *
 * Docker turns each pattern into a Go regexp with a naive text substitution, so the exact behaviour
 * includes that substitution's quirks. We replay the substitution, parse the resulting regexp with
 * Go's (RE2) rules, and run it on a lazily built DFA: linear in the path length, whatever the pattern.
 */

import { simpleGlobScan, type Scan } from './simpleGlob';

// ---------------------------------------------------------------------------------------------
// Public API

export interface IgnorePattern {
  /** 0-based line (line breaks counted as an editor counts them: \n, \r\n or a lone \r). */
  line: number;
  /** UTF-16 offsets in the file text of the pattern as written (trimmed, including any '!'). */
  start: number;
  end: number;
  /** As written (trimmed). */
  text: string;
  /** Docker treats it as an exception. Decided after cleaning, as Docker does: `/!a` is one too. */
  negated: boolean;
  /** After '!' removal, Clean and leading '/' removal: what Docker matches with ('' if nothing). */
  cleaned: string;
  /** Set when Docker would reject the pattern; it is then skipped for matching. */
  error?: string;
}

export interface IgnoreFile {
  patterns: IgnorePattern[];
  comments: { line: number; start: number; end: number }[];
}

export interface IgnoreMatcher {
  /** relPath: slash-separated path relative to the context root ('src/a.ts'); true when Docker would leave it out of the context */
  isExcluded(relPath: string): boolean;
  /** which pattern decided (index into patterns), or -1 */
  decidingPattern(relPath: string): number;
  /** false when nothing under this excluded directory can be re-included, so a walker may skip it */
  mayReincludeUnder(dirRelPath: string): boolean;
}

// ---------------------------------------------------------------------------------------------
// Reading the file (ignorefile.ReadAll)

/** bufio.Scanner's default token limit: a longer line makes Docker fail to read the whole file. */
const MAX_LINE_BYTES = 64 * 1024;

// Every rule that reads the ignore file, on every keystroke in the Dockerfile, asks for the same
// text again: parse it once and share the result (and with it the compiled patterns, cached per
// pattern object). Shared, so frozen.
const parsedCache = new Map<string, IgnoreFile>();
const PARSED_CACHE_LIMIT = 32;

/** Empties the parse and pattern caches (benchmarks measure analysis from scratch). */
export function clearDockerignoreCaches(): void {
  parsedCache.clear();
  compiledByText.clear();
}

/** The parse of `text`; the same (frozen) object for the same text. */
export function parseDockerignore(text: string): IgnoreFile {
  let file = parsedCache.get(text);
  if (file) {
    parsedCache.delete(text); // most recently used last
  } else {
    file = readIgnoreFile(text);
    for (const p of file.patterns) Object.freeze(p);
    for (const c of file.comments) Object.freeze(c);
    Object.freeze(file.patterns);
    Object.freeze(file.comments);
    Object.freeze(file);
    if (parsedCache.size >= PARSED_CACHE_LIMIT) {
      parsedCache.delete(parsedCache.keys().next().value!);
    }
  }
  parsedCache.set(text, file);
  return file;
}

function readIgnoreFile(text: string): IgnoreFile {
  const file: IgnoreFile = { patterns: [], comments: [] };
  const lineOf = lineCounter(text);
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let pos = bom;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const rawEnd = nl < 0 ? text.length : nl;
    // bufio.ScanLines splits on \n only and drops a single \r before it.
    const end = rawEnd > pos && text.charCodeAt(rawEnd - 1) === 13 ? rawEnd - 1 : rawEnd;
    const tooLong = utf8Length(text, pos === bom ? 0 : pos, rawEnd) >= MAX_LINE_BYTES;
    readLine(text, pos, end, tooLong, lineOf, file);
    pos = rawEnd + 1;
  }
  return file;
}

function readLine(
  text: string,
  start: number,
  end: number,
  tooLong: boolean,
  lineOf: (offset: number) => number,
  file: IgnoreFile,
): void {
  // A comment only when '#' is the very first character: the check runs before trimming.
  if (text.charCodeAt(start) === 35) {
    file.comments.push({ line: lineOf(start), start, end });
    return;
  }
  const [s, e] = trimBounds(text, start, end);
  if (s === e) return;
  const [fields, compiledForm] = makePattern(text.slice(s, e));
  const pattern: IgnorePattern = {
    line: lineOf(s),
    start: s,
    end: e,
    text: fields.text,
    negated: fields.negated,
    cleaned: fields.cleaned,
  };
  const error = tooLong ? 'line is 64 KiB or longer: Docker fails to read the file' : fields.error;
  if (error !== undefined) pattern.error = error;
  // Kept on the pattern itself: a module-wide WeakMap of every pattern ever read made the
  // garbage collector's work grow with it.
  Object.defineProperty(pattern, COMPILED, { value: tooLong ? null : compiledForm });
  file.patterns.push(pattern);
}

type PatternFields = Omit<IgnorePattern, 'line' | 'start' | 'end'>;

/** The pattern's fields and, when Docker can match with it, its compiled form. */
function makePattern(written: string): [PatternFields, CompiledPattern | null] {
  // ignorefile.ReadAll: strip '!', trim again, Clean, drop one leading '/', put the '!' back.
  const bang = written[0] === '!';
  let body = bang ? goTrim(written.slice(1)) : written;
  if (body.length > 0) {
    body = goClean(body);
    if (body.length > 1 && body[0] === '/') body = body.slice(1);
  }
  // patternmatcher.New trims and cleans the whole string again (skipping it if nothing is left),
  // and only then looks for the '!'.
  const trimmed = goTrim((bang ? '!' : '') + body);
  if (trimmed === '') return [{ text: written, negated: false, cleaned: '' }, null];
  const p = goClean(trimmed);
  if (p === '!') {
    return [
      { text: written, negated: true, cleaned: '', error: 'illegal exclusion pattern: "!"' },
      null,
    ];
  }
  const negated = p[0] === '!';
  const cleaned = negated ? p.slice(1) : p;
  try {
    return [{ text: written, negated, cleaned }, compilePattern(cleaned)];
  } catch (e) {
    if (!(e instanceof PatternError)) throw e;
    return [{ text: written, negated, cleaned, error: e.message }, null];
  }
}

// ---------------------------------------------------------------------------------------------
// Go string helpers (strings.TrimSpace, filepath.Clean on Unix)

/** unicode.IsSpace, the set strings.TrimSpace removes (JS trim differs: it strips U+FEFF, keeps U+0085). */
function isGoSpace(c: number): boolean {
  if (c <= 0xff) return c === 32 || (c >= 9 && c <= 13) || c === 0x85 || c === 0xa0;
  return (
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

function trimBounds(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && isGoSpace(text.charCodeAt(s))) s++;
  while (e > s && isGoSpace(text.charCodeAt(e - 1))) e--;
  return [s, e];
}

function goTrim(s: string): string {
  const [a, b] = trimBounds(s, 0, s.length);
  return s.slice(a, b);
}

/** filepath.Clean with '/' as the separator. */
/** Already clean: no empty, `.` or `..` segment and no trailing slash (most patterns). */
const CLEAN = /^(?!\/)(?:(?!\.\.?(?:\/|$))[^/]+(?:\/|$))+$/;

function goClean(p: string): string {
  if (CLEAN.test(p) && !p.endsWith('/')) return p;
  const rooted = p[0] === '/';
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') out.push(part);
    else if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (!rooted) out.push('..');
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

function utf8Length(text: string, start: number, end: number): number {
  // Cheap exit: no line this short can reach the limit.
  if ((end - start) * 3 < MAX_LINE_BYTES) return end - start;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Maps increasing offsets to editor line numbers without building a full index. */
function lineCounter(text: string): (offset: number) => number {
  let at = 0;
  let line = 0;
  return (offset) => {
    for (; at < offset; at++) {
      const c = text.charCodeAt(at);
      if (c === 10 || (c === 13 && text.charCodeAt(at + 1) !== 10)) line++;
    }
    return line;
  };
}

// ---------------------------------------------------------------------------------------------
// Pattern validation and compilation (patternmatcher.New + Pattern.compile)

class PatternError extends Error {}

// The same pattern compiles to the same matcher: share it between files and analyses (`.git`,
// `node_modules`, `*.pyc` are in most ignore files). The lazy DFA inside is only a cache.
const compiledByText = new Map<string, CompiledPattern | PatternError>();
const COMPILED_LIMIT = 2000;

/** Throws PatternError where Docker would fail the build on this pattern. */
function compilePattern(cleaned: string): CompiledPattern {
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
  const { kind, source } = mobyTranslate(cleaned);
  switch (kind) {
    case 'exact':
      return {
        kind,
        literal: cleaned,
        scan: scanLiteral(cleaned, (end) => end === cleaned.length),
      };
    case 'prefix': {
      const prefix = cleaned.slice(0, -2);
      return { kind, literal: prefix, scan: scanLiteral(prefix, (end) => end >= prefix.length) };
    }
    case 'suffix':
      return { kind, literal: '', scan: scanSuffix(cleaned.slice(2)) };
    case 'regexp': {
      const scan = simpleGlobScan(cleaned, () => regexpScan(source)) ?? regexpScan(source);
      return { kind, literal: literalPrefix(cleaned), scan };
    }
  }
}

function regexpScan(source: string): Scan {
  let program: Program;
  try {
    program = parseRe2(source);
  } catch (e) {
    if (!(e instanceof Re2Error)) throw e;
    throw new PatternError(
      `syntax error in pattern: Docker's translation to a Go regexp fails (${e.message})`,
    );
  }
  const dfa = new LazyDfa(program);
  return (path, ends, out, base) => dfa.scan(path, ends, out, base);
}

/*
 * A Scan sets `out[base + k]` to 1 when the pattern matches `path.slice(0, ends[k])`. The ends
 * are ascending, at '/' characters or the path's end, so one pass answers for the path and every
 * parent directory: linear in the path however deep it is.
 */

interface CompiledPattern {
  kind: MatchKind;
  scan: Scan;
  /** Every match starts with this (used to rule out re-inclusion under a directory). */
  literal: string;
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

type MatchKind = 'exact' | 'prefix' | 'suffix' | 'regexp';

function literalPrefix(cleaned: string): string {
  const m = /[*?[\]\\]/.exec(cleaned);
  return m === null ? cleaned : cleaned.slice(0, m.index);
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

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/**
 * Characters Pattern.compile escapes; everything else reaches the regexp raw. Its source lists
 * `.+()|{}$`, but the lookup table is `[8]byte` indexed by b%8 with bit b/8, and for '|', '{' and
 * '}' (b >= 64) that bit shifts out of the byte: they stay raw, so '|' is alternation.
 */
export const MOBY_ESCAPED = '.+()$';

/** Pattern.compile: the match kind Docker picks and, for 'regexp', the Go regexp it builds. */
function mobyTranslate(p: string): { kind: MatchKind; source: string } {
  let re = '^';
  let kind: MatchKind = 'exact';
  const chars = Array.from(p);
  // text/scanner skips a byte-order mark at the very start.
  let i = chars[0] === '\uFEFF' ? 1 : 0;
  for (let n = 0; i < chars.length; n++) {
    const c = chars[i++]!;
    if (c === '*' && chars[i] === '*') {
      i++;
      if (chars[i] === '/') i++;
      if (i >= chars.length) {
        if (kind === 'exact') kind = 'prefix';
        else [re, kind] = [re + '.*', 'regexp'];
      } else [re, kind] = [re + '(.*/)?', 'regexp'];
      if (n === 0) kind = 'suffix';
    } else if (c === '*') [re, kind] = [re + '[^/]*', 'regexp'];
    else if (c === '?') [re, kind] = [re + '[^/]', 'regexp'];
    else if (MOBY_ESCAPED.includes(c)) re += '\\' + c;
    else if (c === '\\') {
      // Validation already rejected a trailing '\'.
      if (i < chars.length) [re, kind] = [re + '\\' + chars[i++], 'regexp'];
      else re += '\\';
    } else if (c === '[' || c === ']') [re, kind] = [re + c, 'regexp'];
    else re += c;
  }
  return { kind, source: re + '$' };
}

// ---------------------------------------------------------------------------------------------
// Go regexp (RE2 syntax, Perl flags) for the subset the translation can produce

class Re2Error extends Error {}

/** A set of code points: ranges, plus Unicode property tests, optionally complemented. */
interface CharSet {
  ranges: number[];
  props: { re: RegExp; negated: boolean }[];
  negated: boolean;
}

type Node =
  | { t: 'set'; set: CharSet }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; alts: Node[] }
  | { t: 'star' | 'plus' | 'quest'; sub: Node }
  | { t: 'repeat'; sub: Node; min: number; max: number }
  | { t: 'assert'; kind: Assertion };

type Assertion = 'begin' | 'end' | 'word' | 'notWord';

const MAX_RUNE = 0x10ffff;

const PERL_CLASSES: Record<string, number[]> = {
  d: [48, 57],
  s: [9, 10, 12, 13, 32, 32],
  w: [48, 57, 65, 90, 95, 95, 97, 122],
};

const POSIX_CLASSES: Record<string, number[]> = {
  alnum: [48, 57, 65, 90, 97, 122],
  alpha: [65, 90, 97, 122],
  ascii: [0, 127],
  blank: [9, 9, 32, 32],
  cntrl: [0, 31, 127, 127],
  digit: [48, 57],
  graph: [33, 126],
  lower: [97, 122],
  print: [32, 126],
  punct: [33, 47, 58, 64, 91, 96, 123, 126],
  space: [9, 13, 32, 32],
  upper: [65, 90],
  word: [48, 57, 65, 90, 95, 95, 97, 122],
  xdigit: [48, 57, 65, 70, 97, 102],
};

/** Go's unicode.Categories keys; other names are looked up as scripts. */
const CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(
    ' ',
  ),
);

function complement(ranges: number[]): number[] {
  const sorted: [number, number][] = [];
  for (let i = 0; i < ranges.length; i += 2) sorted.push([ranges[i]!, ranges[i + 1]!]);
  sorted.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push(next, lo - 1);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_RUNE) out.push(next, MAX_RUNE);
  return out;
}

function rangeSet(ranges: number[], negated = false): CharSet {
  return { ranges, props: [], negated };
}

function setHas(set: CharSet, c: number): boolean {
  let hit = false;
  for (let i = 0; i < set.ranges.length && !hit; i += 2) {
    hit = c >= set.ranges[i]! && c <= set.ranges[i + 1]!;
  }
  for (let i = 0; i < set.props.length && !hit; i++) {
    const prop = set.props[i]!;
    hit = prop.re.test(String.fromCodePoint(c)) !== prop.negated;
  }
  return hit !== set.negated;
}

/** Parses a regexp as Go's regexp/syntax does with the Perl flags, for what Docker can emit. */
class Re2Parser {
  private i = 0;

  constructor(private readonly s: number[]) {}

  parse(): Node {
    const node = this.alternation(0);
    if (this.i < this.s.length) throw new Re2Error('unexpected )');
    return node;
  }

  private peek(k = 0): number | undefined {
    return this.s[this.i + k];
  }

  /** Alternatives separated by '|' (the translation lets '|' through, see MOBY_ESCAPED). */
  private alternation(depth: number): Node {
    const alts = [this.sequence(depth)];
    while (this.peek() === 0x7c) {
      this.i++;
      alts.push(this.sequence(depth));
    }
    return alts.length === 1 ? alts[0]! : { t: 'alt', alts };
  }

  private sequence(depth: number): Node {
    const items: Node[] = [];
    let lastWasRepeat = false;
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === 0x7c /* | */) break;
      if (c === 0x29 /* ) */) {
        if (depth === 0) throw new Re2Error('unexpected )');
        break;
      }
      const counts = c === 0x7b /* { */ ? this.repeatCounts() : undefined;
      if (c === 0x2a || c === 0x2b || c === 0x3f /* * + ? */ || counts !== undefined) {
        this.repeat(items, c, counts, lastWasRepeat);
        lastWasRepeat = true;
        continue;
      }
      lastWasRepeat = false;
      items.push(this.atom(depth));
    }
    return { t: 'seq', items };
  }

  private repeat(
    items: Node[],
    op: number,
    counts: [number, number] | undefined,
    lastWasRepeat: boolean,
  ): void {
    if (counts === undefined) this.i++;
    // A '?' right after an operator makes it non-greedy, which does not change what matches.
    if (this.peek() === 0x3f) this.i++;
    // Perl rejects stacked operators such as a**.
    if (lastWasRepeat) throw new Re2Error('invalid nested repetition operator');
    const sub = items.pop();
    if (sub === undefined) throw new Re2Error('missing argument to repetition operator');
    if (counts !== undefined) {
      const [min, max] = counts;
      if (min > 1000 || (max !== Infinity && max > 1000) || min > max) {
        throw new Re2Error('invalid repeat count');
      }
      items.push({ t: 'repeat', sub, min, max });
    } else items.push({ t: op === 0x2a ? 'star' : op === 0x2b ? 'plus' : 'quest', sub });
  }

  /** parseRepeat: {n}, {n,} (max Infinity) or {n,m}, consumed; else '{' stays a literal. */
  private repeatCounts(): [number, number] | undefined {
    let k = this.i + 1;
    const int = (): number | undefined => {
      const from = k;
      while (this.s[k] !== undefined && this.s[k]! >= 0x30 && this.s[k]! <= 0x39) k++;
      if (k === from || (k - from > 1 && this.s[from] === 0x30)) return undefined;
      return Number(String.fromCharCode(...this.s.slice(from, k)));
    };
    const min = int();
    if (min === undefined) return undefined;
    let max = min;
    if (this.s[k] === 0x2c /* , */) {
      k++;
      const m = this.s[k] === 0x7d ? Infinity : int();
      if (m === undefined) return undefined;
      max = m;
    }
    if (this.s[k] !== 0x7d /* } */) return undefined;
    this.i = k + 1;
    return [min, max];
  }

  private atom(depth: number): Node {
    const c = this.s[this.i]!;
    switch (c) {
      case 0x28 /* ( */: {
        this.i++;
        if (this.peek() === 0x3f) throw new Re2Error('unsupported group syntax');
        const sub = this.alternation(depth + 1);
        if (this.peek() !== 0x29) throw new Re2Error('missing closing )');
        this.i++;
        return sub;
      }
      case 0x5b /* [ */:
        return { t: 'set', set: this.bracket() };
      case 0x5c /* \ */:
        return this.topEscape();
      case 0x2e /* . */:
        this.i++;
        return { t: 'set', set: rangeSet([10, 10], true) };
      case 0x5e /* ^ */:
        this.i++;
        return { t: 'assert', kind: 'begin' };
      case 0x24 /* $ */:
        this.i++;
        return { t: 'assert', kind: 'end' };
      default:
        this.i++;
        return { t: 'set', set: rangeSet([c, c]) };
    }
  }

  private topEscape(): Node {
    const next = this.peek(1);
    const simple: Record<number, Assertion> = {
      0x41: 'begin',
      0x62: 'word',
      0x42: 'notWord',
      0x7a: 'end',
    };
    if (next !== undefined && simple[next] !== undefined) {
      this.i += 2;
      return { t: 'assert', kind: simple[next]! };
    }
    if (next === 0x43 /* C */) throw new Re2Error('invalid escape sequence: `\\C`');
    if (next === 0x51 /* Q */) return this.quoted();
    const unicode = this.unicodeClass();
    if (unicode !== undefined)
      return { t: 'set', set: { ranges: [], props: [unicode], negated: false } };
    const perl = this.perlClass();
    if (perl !== undefined) return { t: 'set', set: rangeSet(perl) };
    const r = this.escape();
    return { t: 'set', set: rangeSet([r, r]) };
  }

  /** \Q...\E: literal text up to \E or the end, which can swallow the closing '$'. */
  private quoted(): Node {
    this.i += 2;
    const items: Node[] = [];
    while (this.i < this.s.length) {
      if (this.s[this.i] === 0x5c && this.peek(1) === 0x45) {
        this.i += 2;
        break;
      }
      const c = this.s[this.i++]!;
      items.push({ t: 'set', set: rangeSet([c, c]) });
    }
    return { t: 'seq', items };
  }

  private perlClass(): number[] | undefined {
    if (this.peek() !== 0x5c) return undefined;
    const name = this.peek(1);
    if (name === undefined) return undefined;
    const letter = String.fromCodePoint(name);
    const ranges = PERL_CLASSES[letter.toLowerCase()];
    if (ranges === undefined || !/[dswDSW]/.test(letter)) return undefined;
    this.i += 2;
    return letter === letter.toLowerCase() ? ranges : complement(ranges);
  }

  /** \pL, \p{Greek}, \P{...}, \p{^...}. Membership uses Node's Unicode data. */
  private unicodeClass(): { re: RegExp; negated: boolean } | undefined {
    const kind = this.peek(1);
    if (this.peek() !== 0x5c || (kind !== 0x70 && kind !== 0x50)) return undefined;
    let negated = kind === 0x50;
    this.i += 2;
    let name: string;
    if (this.peek() === 0x7b /* { */) {
      const close = this.s.indexOf(0x7d, this.i);
      if (close < 0) throw new Re2Error('invalid character class range: missing }');
      name = String.fromCodePoint(...this.s.slice(this.i + 1, close));
      this.i = close + 1;
    } else {
      const c = this.peek();
      name = c === undefined ? '' : String.fromCodePoint(c);
      this.i++;
    }
    if (name.startsWith('^')) [negated, name] = [!negated, name.slice(1)];
    return { re: unicodeProperty(name), negated };
  }

  /** parseEscape: one escaped character. */
  private escape(): number {
    this.i++; // the backslash
    const c = this.s[this.i++];
    if (c === undefined) throw new Re2Error('trailing backslash at end of expression');
    const bad = (): Re2Error =>
      new Re2Error(`invalid escape sequence: \`\\${String.fromCodePoint(c)}\``);
    if (c < 0x80 && !isAsciiAlnum(c)) return c;
    const isOctal = (d: number | undefined): boolean => d !== undefined && d >= 0x30 && d <= 0x37;
    // \1-\7 alone would be a backreference, which RE2 does not support.
    if (c === 0x30 || (c >= 0x31 && c <= 0x37 && isOctal(this.peek()))) {
      let r = c - 0x30;
      for (let k = 1; k < 3 && isOctal(this.peek()); k++) r = r * 8 + this.s[this.i++]! - 0x30;
      return r;
    }
    if (c === 0x78 /* x */) return this.hexEscape(bad);
    const controls: Record<number, number> = {
      0x61: 7,
      0x66: 12,
      0x6e: 10,
      0x72: 13,
      0x74: 9,
      0x76: 11,
    };
    if (controls[c] !== undefined) return controls[c]!;
    throw bad();
  }

  private hexEscape(bad: () => Re2Error): number {
    if (this.peek() === 0x7b) {
      this.i++;
      let r = 0;
      let digits = 0;
      for (let c = this.s[this.i++]; c !== 0x7d; c = this.s[this.i++]) {
        const v = c === undefined ? -1 : hexValue(c);
        if (v < 0) throw bad();
        r = r * 16 + v;
        digits++;
        if (r > MAX_RUNE) throw bad();
      }
      if (digits === 0) throw bad();
      return r;
    }
    const a = hexValue(this.s[this.i++] ?? -1);
    const b = hexValue(this.s[this.i++] ?? -1);
    if (a < 0 || b < 0) throw bad();
    return a * 16 + b;
  }

  /** parseClass. ']' first is a literal; '-' is a literal anywhere a range cannot start. */
  private bracket(): CharSet {
    const start = this.i;
    this.i++;
    const set: CharSet = { ranges: [], props: [], negated: false };
    if (this.peek() === 0x5e) {
      set.negated = true;
      this.i++;
    }
    for (let first = true; first || this.peek() !== 0x5d; first = false) {
      if (this.i >= this.s.length) {
        const text = String.fromCodePoint(...this.s.slice(start));
        throw new Re2Error(`missing closing ]: \`${text}\``);
      }
      this.classItem(set);
    }
    this.i++;
    return set;
  }

  private classItem(set: CharSet): void {
    const named = this.posixClass();
    if (named !== undefined) return void set.ranges.push(...named);
    const unicode = this.unicodeClass();
    if (unicode !== undefined) return void set.props.push(unicode);
    const perl = this.perlClass();
    if (perl !== undefined) return void set.ranges.push(...perl);
    const lo = this.classChar();
    let hi = lo;
    if (this.s.length - this.i >= 2 && this.peek() === 0x2d && this.peek(1) !== 0x5d) {
      this.i++;
      hi = this.classChar();
      if (hi < lo) {
        const range = `${String.fromCodePoint(lo)}-${String.fromCodePoint(hi)}`;
        throw new Re2Error(`invalid character class range: \`${range}\``);
      }
    }
    set.ranges.push(lo, hi);
  }

  private classChar(): number {
    const c = this.peek();
    if (c === undefined) throw new Re2Error('missing closing ]');
    if (c === 0x5c) return this.escape();
    this.i++;
    return c;
  }

  /** [:alpha:] and [:^alpha:]; Go looks for the closing ':]' anywhere further on. */
  private posixClass(): number[] | undefined {
    if (this.peek() !== 0x5b || this.peek(1) !== 0x3a || this.s.length - this.i <= 2)
      return undefined;
    let close = -1;
    for (let k = this.i + 2; k + 1 < this.s.length; k++) {
      if (this.s[k] === 0x3a && this.s[k + 1] === 0x5d) {
        close = k;
        break;
      }
    }
    if (close < 0) return undefined;
    const inner = String.fromCodePoint(...this.s.slice(this.i + 2, close));
    const negated = inner.startsWith('^');
    const ranges = POSIX_CLASSES[negated ? inner.slice(1) : inner];
    if (ranges === undefined || inner === '^' || /[^a-z^]/.test(inner)) {
      throw new Re2Error(`invalid character class range: \`[:${inner}:]\``);
    }
    this.i = close + 2;
    return negated ? complement(ranges) : ranges;
  }
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function unicodeProperty(name: string): RegExp {
  if (name === 'Any') return /[^]/u;
  const source = CATEGORIES.has(name) ? `\\p{${name}}` : `\\p{Script=${name}}`;
  try {
    return new RegExp(`^${source}$`, 'u');
  } catch {
    throw new Re2Error(`invalid character class range: \`\\p{${name}}\``);
  }
}

// ---------------------------------------------------------------------------------------------
// Thompson NFA and a lazily built DFA over it

const enum Op {
  Char,
  Split,
  Assert,
  Match,
}

interface Inst {
  op: Op;
  out: number;
  out1: number;
  set: number;
  assert: Assertion;
}

interface Program {
  insts: Inst[];
  sets: CharSet[];
  start: number;
  usesWordBoundary: boolean;
}

function parseRe2(source: string): Program {
  const ast = new Re2Parser(Array.from(source, (c) => c.codePointAt(0)!)).parse();
  const program: Program = { insts: [], sets: [], start: 0, usesWordBoundary: false };
  const body = emitNode(program, ast, emit(program, { op: Op.Match }));
  program.start = body;
  // MatchString looks for a match anywhere. The translation starts the regexp with '^', so that
  // only matters once a '|' opens an alternative without it: then let any prefix come first.
  const first = ast.t === 'seq' ? ast.items[0] : undefined;
  if (first?.t !== 'assert' || first.kind !== 'begin') {
    program.sets.push(rangeSet([0, MAX_RUNE]));
    const loop = emit(program, { op: Op.Split, out: body });
    program.insts[loop]!.out1 = emit(program, {
      op: Op.Char,
      set: program.sets.length - 1,
      out: loop,
    });
    program.start = loop;
  }
  return program;
}

function emit(program: Program, inst: Partial<Inst> & { op: Op }): number {
  program.insts.push({ out: -1, out1: -1, set: -1, assert: 'begin', ...inst });
  return program.insts.length - 1;
}

/** Builds back to front: `next` is where the fragment continues. */
function emitNode(program: Program, node: Node, next: number): number {
  switch (node.t) {
    case 'set':
      program.sets.push(node.set);
      return emit(program, { op: Op.Char, set: program.sets.length - 1, out: next });
    case 'seq':
      return node.items.reduceRight((to, item) => emitNode(program, item, to), next);
    case 'alt':
      return node.alts
        .map((alt) => emitNode(program, alt, next))
        .reduceRight((rest, first) => emit(program, { op: Op.Split, out: first, out1: rest }));
    case 'repeat':
      return emitNode(program, expandRepeat(node.sub, node.min, node.max), next);
    case 'quest':
      return emit(program, { op: Op.Split, out: emitNode(program, node.sub, next), out1: next });
    case 'star':
    case 'plus': {
      const loop = emit(program, { op: Op.Split, out1: next });
      const body = emitNode(program, node.sub, loop);
      program.insts[loop]!.out = body;
      return node.t === 'star' ? loop : body;
    }
    case 'assert':
      if (node.kind === 'word' || node.kind === 'notWord') program.usesWordBoundary = true;
      return emit(program, { op: Op.Assert, assert: node.kind, out: next });
  }
}

/** x{n,m} as n copies of x and m-n optional ones (x* for no upper bound). */
function expandRepeat(sub: Node, min: number, max: number): Node {
  const items: Node[] = new Array<Node>(min).fill(sub);
  if (max === Infinity) items.push({ t: 'star', sub });
  else for (let k = min; k < max; k++) items.push({ t: 'quest', sub });
  return { t: 'seq', items };
}

interface Context {
  atStart: boolean;
  atEnd: boolean;
  prevWord: boolean;
  nextWord: boolean;
}

interface DState {
  /** NFA instructions waiting for input: Char, Match and not yet resolved Assert. */
  pcs: number[];
  atStart: boolean;
  prevWord: boolean;
  next: (DState | undefined)[];
  acceptsAtEnd?: boolean;
}

/** Caps memory for pathological patterns; past it transitions are recomputed, still in linear time. */
const MAX_DFA_STATES = 4096;

function isWordChar(c: number): boolean {
  return isAsciiAlnum(c) || c === 95;
}

/**
 * Runs the program the way Go's MatchString does, one DFA step per code point. States are sets
 * of NFA positions, built on first use and remembered per input class.
 */
class LazyDfa {
  private readonly states = new Map<string, DState>();
  private readonly dead: DState = { pcs: [], atStart: false, prevWord: false, next: [] };
  private readonly accept: DState = { pcs: [], atStart: false, prevWord: false, next: [] };
  private readonly start: DState;
  private readonly asciiClass = new Int32Array(128).fill(-1);
  private readonly otherClass = new Map<number, number>();
  private readonly classBySignature = new Map<string, number>();
  private readonly classSample: number[] = [];

  constructor(private readonly program: Program) {
    this.start = this.state(this.closure([program.start], undefined), true, false);
  }

  /** See Scan. Go's MatchString gives the same answer for each prefix. */
  scan(path: string, ends: number[], out: Uint8Array, base: number): void {
    let s = this.start;
    let k = 0;
    for (let i = 0; ;) {
      for (; k < ends.length && ends[k] === i; k++) if (this.acceptsAtEnd(s)) out[base + k] = 1;
      if (i >= path.length || k >= ends.length) return;
      let c = path.charCodeAt(i++);
      if (isHighSurrogate(c) && i < path.length) {
        const low = path.charCodeAt(i);
        if (low >= 0xdc00 && low <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          i++;
        }
      }
      const cls = c < 128 ? this.asciiClass[c]! : (this.otherClass.get(c) ?? -1);
      const known = cls >= 0 ? cls : this.classify(c);
      const n = s.next[known] ?? this.step(s, known);
      // A match already found holds for every longer string; a dead state never matches.
      if (n === this.accept) return void out.fill(1, base + k, base + ends.length);
      if (n === this.dead) return;
      s = n;
    }
  }

  private acceptsAtEnd(s: DState): boolean {
    s.acceptsAtEnd ??= this.closure(s.pcs, { ...this.ctx(s), atEnd: true, nextWord: false }).some(
      (pc) => this.program.insts[pc]!.op === Op.Match,
    );
    return s.acceptsAtEnd;
  }

  /** Characters that every set (and the word test) treats alike share one class. */
  private classify(c: number): number {
    let signature = this.program.sets.map((set) => (setHas(set, c) ? '1' : '0')).join('');
    if (this.program.usesWordBoundary) signature += isWordChar(c) ? 'w' : '-';
    let cls = this.classBySignature.get(signature);
    if (cls === undefined) {
      cls = this.classSample.length;
      this.classSample.push(c);
      this.classBySignature.set(signature, cls);
    }
    if (c < 128) this.asciiClass[c] = cls;
    else this.otherClass.set(c, cls);
    return cls;
  }

  private ctx(s: DState): Context {
    return { atStart: s.atStart, atEnd: false, prevWord: s.prevWord, nextWord: false };
  }

  private step(s: DState, cls: number): DState {
    const c = this.classSample[cls]!;
    const word = isWordChar(c);
    const ready = this.closure(s.pcs, { ...this.ctx(s), nextWord: word });
    let result: DState;
    if (ready.some((pc) => this.program.insts[pc]!.op === Op.Match)) result = this.accept;
    else {
      const targets: number[] = [];
      for (const pc of ready) {
        const inst = this.program.insts[pc]!;
        if (inst.op === Op.Char && setHas(this.program.sets[inst.set]!, c)) targets.push(inst.out);
      }
      const pcs = this.closure(targets, undefined);
      result =
        pcs.length === 0
          ? this.dead
          : this.state(pcs, false, word && this.program.usesWordBoundary);
    }
    if (this.states.size < MAX_DFA_STATES) s.next[cls] = result;
    return result;
  }

  /** Follows splits; follows assertions only when a context is given and they hold in it. */
  private closure(from: number[], ctx: Context | undefined): number[] {
    const seen = new Set<number>();
    const out: number[] = [];
    const stack = [...from];
    while (stack.length > 0) {
      const pc = stack.pop()!;
      if (seen.has(pc)) continue;
      seen.add(pc);
      const inst = this.program.insts[pc]!;
      if (inst.op === Op.Split) stack.push(inst.out, inst.out1);
      else if (inst.op !== Op.Assert || ctx === undefined) out.push(pc);
      else if (assertionHolds(inst.assert, ctx)) stack.push(inst.out);
    }
    return out.sort((a, b) => a - b);
  }

  private state(pcs: number[], atStart: boolean, prevWord: boolean): DState {
    const key = `${atStart ? 's' : ''}${prevWord ? 'w' : ''}:${pcs.join(',')}`;
    let s = this.states.get(key);
    if (s === undefined) {
      s = { pcs, atStart, prevWord, next: [] };
      if (this.states.size < MAX_DFA_STATES) this.states.set(key, s);
    }
    return s;
  }
}

function assertionHolds(kind: Assertion, ctx: Context): boolean {
  switch (kind) {
    case 'begin':
      return ctx.atStart;
    case 'end':
      return ctx.atEnd;
    case 'word':
      return ctx.prevWord !== ctx.nextWord;
    case 'notWord':
      return ctx.prevWord === ctx.nextWord;
  }
}

// ---------------------------------------------------------------------------------------------
// Matching a context (fsutil's walker over PatternMatcher.MatchesUsingParentResults)

/** The compiled form of a pattern this module read (a hidden, non-enumerable property). */
const COMPILED = Symbol('compiled');
/** The same for patterns made elsewhere (tests, callers building their own). */
const compiledCache = new WeakMap<IgnorePattern, CompiledPattern | null>();

/** The compiled form, or null when Docker would not match with it (error or nothing left). */
function compiled(pattern: IgnorePattern): CompiledPattern | null {
  const own = (pattern as { [COMPILED]?: CompiledPattern | null })[COMPILED];
  if (own !== undefined) return own;
  let c = compiledCache.get(pattern);
  if (c === undefined) {
    c = pattern.error !== undefined || pattern.cleaned === '' ? null : safeCompile(pattern.cleaned);
    compiledCache.set(pattern, c);
  }
  return c;
}

function safeCompile(cleaned: string): CompiledPattern | null {
  try {
    return compilePattern(cleaned);
  } catch (e) {
    if (e instanceof PatternError) return null;
    throw e;
  }
}

/** Accepts './a', '/a', 'a/' and doubled slashes, which the engine should not send but might. */
function normalizePath(relPath: string): string {
  if (!/(^|\/)\.{1,2}(\/|$)|\/\/|^\/|\/$/.test(relPath)) return relPath;
  const clean = goClean(relPath);
  return clean === '/' || clean === '.' ? '' : clean.replace(/^\/+/, '');
}

/** Ends of the path's ancestors and of the path itself (see Scan). */
function levelEnds(path: string): number[] {
  const ends: number[] = [];
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) ends.push(i);
  ends.push(path.length);
  return ends;
}

/** Does this single pattern match the path or one of its parent directories (ignores any '!'). */
export function patternMatches(pattern: IgnorePattern, relPath: string): boolean {
  const c = compiled(pattern);
  const path = normalizePath(relPath);
  if (c === null || path === '') return false;
  const ends = levelEnds(path);
  const out = new Uint8Array(ends.length);
  c.scan(path, ends, out, 0);
  return out.includes(1);
}

interface Active {
  index: number;
  exclusion: boolean;
  cleaned: string;
  c: CompiledPattern;
}

interface Verdict {
  excluded: boolean;
  /** Index into IgnoreFile.patterns, or -1. */
  decider: number;
  /** The walker stops at this excluded directory (fsutil's SkipDir). */
  skip: boolean;
}

export function createMatcher(file: IgnoreFile): IgnoreMatcher {
  const active: Active[] = [];
  file.patterns.forEach((pattern, index) => {
    const c = compiled(pattern);
    if (c !== null) active.push({ index, exclusion: pattern.negated, cleaned: pattern.cleaned, c });
  });
  const exceptions = active.filter((a) => a.exclusion);
  const skipRule = fsutilSkipRule(exceptions);

  /**
   * The verdict as fsutil's walk reaches the path: each level is judged with its parent's
   * per-pattern results (MatchesUsingParentResults), and a skipped directory decides for all
   * below it. `lastIsDir` says whether the path itself is a directory.
   */
  const verdict = (relPath: string, lastIsDir: boolean): Verdict | undefined => {
    const path = normalizePath(relPath);
    if (path === '') return undefined;
    const ends = levelEnds(path);
    const levels = ends.length;
    const hits = new Uint8Array(active.length * levels);
    for (let i = 0; i < active.length; i++) active[i]!.c.scan(path, ends, hits, i * levels);
    let parent: Uint8Array | undefined;
    let info: Uint8Array = new Uint8Array(active.length);
    const v: Verdict = { excluded: false, decider: -1, skip: false };
    for (let level = 0; level < levels; level++) {
      v.excluded = false;
      v.decider = -1;
      for (let i = 0; i < active.length; i++) {
        const a = active[i]!;
        // A match of the parent carries over unconditionally; otherwise a pattern is only tried
        // when it could change the outcome so far.
        let match = parent !== undefined && parent[i] === 1;
        if (!match) {
          if (a.exclusion !== v.excluded) continue;
          match = hits[i * levels + level] === 1;
        }
        if (!match) continue;
        info[i] = 1;
        v.excluded = !a.exclusion;
        v.decider = a.index;
      }
      const isDir = level < levels - 1 || lastIsDir;
      v.skip = isDir && v.excluded && skipRule(path.slice(0, ends[level]));
      if (v.skip) return v;
      const spare = parent ?? new Uint8Array(active.length);
      parent = info;
      info = spare.fill(0);
    }
    return v;
  };

  return {
    isExcluded: (relPath) => verdict(relPath, false)?.excluded ?? false,
    decidingPattern: (relPath) => verdict(relPath, false)?.decider ?? -1,
    mayReincludeUnder: (dirRelPath) => {
      const v = verdict(dirRelPath, true);
      if (v === undefined || !v.excluded) return true;
      if (v.skip) return false;
      const below = normalizePath(dirRelPath) + '/';
      return exceptions.some((e) => couldMatchUnder(e.c, below));
    },
  };
}

/**
 * fsutil skips an excluded directory unless an exception could apply inside it. It only trusts
 * that test when every exception is a plain path (an optional trailing '/*' or '/**' aside);
 * with any wildcard exception it walks every excluded directory.
 */
function fsutilSkipRule(exceptions: Active[]): (dir: string) => boolean {
  const plain = exceptions.map((e) => withoutTrailingGlob(e.cleaned));
  if (plain.some((p) => /[*[\]?^\\]/.test(p))) return () => false;
  return (dir) => !plain.some((p) => (p + '/').startsWith(dir + '/'));
}

function withoutTrailingGlob(cleaned: string): string {
  let p = cleaned;
  if (p.endsWith('/**')) p = p.slice(0, -3);
  if (p.endsWith('/*')) p = p.slice(0, -2);
  return p;
}

/** Can an exception match some path starting with `below` ('dir/')? False only when certain. */
function couldMatchUnder(c: CompiledPattern, below: string): boolean {
  switch (c.kind) {
    case 'exact':
      return c.literal.startsWith(below);
    case 'suffix':
      return true;
    case 'prefix':
    case 'regexp':
      return c.literal.startsWith(below) || below.startsWith(c.literal);
  }
}

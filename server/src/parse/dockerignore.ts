/**
 * .dockerignore parser and matcher with the semantics of BuildKit on a Linux/macOS client:
 * moby/patternmatcher's `ignorefile.ReadAll` (reading) and `PatternMatcher` (matching), as driven by
 * tonistiigi/fsutil's walker (`MatchesUsingParentResults` plus its skip-directory shortcut).
 * docs/dockerignore-matching.md explains each rule and where it comes from.
 *
 * Each pattern is validated and compiled as Docker does it in ignorePattern.ts (Docker's
 * translation to a Go regexp, quirks included, run by the linear-time engine in regexp.ts).
 */

import {
  clearPatternCache,
  compilePattern,
  PatternError,
  type CompiledPattern,
} from './ignorePattern';

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
  clearPatternCache();
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

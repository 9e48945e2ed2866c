/**
 * A fast matcher for the ignore patterns most files are made of (`*.pyc`, `.env*`, `log/*`,
 * `data/?/cache`): literal text with `*` and `?` only. Docker turns them into a Go regexp in which
 * `*` is `[^/]*` and `?` is `[^/]`, so neither crosses a `/`: the pattern can only match a path
 * prefix with as many segments as it has, and matches it segment by segment.
 *
 * Anything else (`**`, classes, escapes, and `{}|^`, which Docker leaves as regexp syntax) goes
 * through the regexp engine in dockerignore.ts; so do surrogate pairs, where `?` would have to
 * match one code point rather than one UTF-16 unit, and a byte-order mark.
 */

/** Longer patterns take the linear regexp engine: the star backtracking here is O(pattern × path). */
const MAX_PATTERN = 256;

/** Sets `out[base + k]` to 1 when the pattern matches `path.slice(0, ends[k])`. */
export type Scan = (path: string, ends: number[], out: Uint8Array, base: number) => void;

/**
 * The scan for a cleaned pattern of this simple form, or undefined when it is not one. Paths with
 * surrogate pairs go to `exact()`, the regexp engine's scan (made on first need).
 */
export function simpleGlobScan(cleaned: string, exact: () => Scan): Scan | undefined {
  // U+FEFF: Docker's pattern scanner skips one at the start (text/scanner), so it is not literal.
  if (cleaned.length > MAX_PATTERN || /[[\]\\{}|^\uD800-\uDFFF\uFEFF]|\*\*/.test(cleaned)) {
    return undefined;
  }
  const segments = cleaned.split('/');
  const level = segments.length - 1;
  let fallback: Scan | undefined;
  return (path, ends, out, base) => {
    if (level >= ends.length) return;
    if (hasSurrogate(path)) {
      fallback ??= exact();
      fallback(path, ends, out, base);
      return;
    }
    let from = 0;
    for (let i = 0; i <= level; i++) {
      const to = ends[i]!;
      if (!matchSegment(segments[i]!, path, from, to)) return;
      from = to + 1;
    }
    out[base + level] = 1;
  };
}

/** True when `path` holds a UTF-16 surrogate (a code point `?` could not match as one unit). */
export function hasSurrogate(path: string): boolean {
  return /[\uD800-\uDFFF]/.test(path);
}

/** `*` and `?` against one path segment, path[from, to): the classic last-star backtracking. */
function matchSegment(pattern: string, path: string, from: number, to: number): boolean {
  let p = 0;
  let s = from;
  let star = -1;
  let resume = 0;
  while (s < to) {
    const c = pattern.charCodeAt(p);
    if (p < pattern.length && (c === 63 /* ? */ || c === path.charCodeAt(s))) {
      p++;
      s++;
    } else if (c === 42 /* * */) {
      star = p++;
      resume = s;
    } else if (star >= 0) {
      p = star + 1;
      s = ++resume;
    } else return false;
  }
  while (pattern.charCodeAt(p) === 42) p++;
  return p === pattern.length;
}

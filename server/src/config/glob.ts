/**
 * Path patterns of `.layerwise.json` (`ignore`, `dockerfiles` keys), relative to the config file's
 * folder, gitignore-like: `*` and `?` stay within one path segment, `**` spans segments, a pattern
 * without a slash matches at any depth, a leading `/` anchors it to the config folder, and a
 * pattern that matches a folder covers everything below it.
 */

type Token =
  | { t: 'char'; c: string }
  /** `?`, or a `[…]` class. */
  | { t: 'one'; test: (c: string) => boolean }
  /** `*`: any run of characters within one segment. */
  | { t: 'star' }
  /** `**` then a slash (and the implicit prefix of an unanchored pattern): zero or more folders. */
  | { t: 'folders' }
  /** A trailing `**`: everything below. */
  | { t: 'all' };

const notSlash = (c: string) => c !== '/';
/** `.` in a JavaScript regex: anything but a line terminator. */
const isLineTerminator = (c: string) =>
  c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029';

function tokens(pattern: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const segmentStart = i === 0 || pattern[i - 1] === '/';
        const segmentEnd = i + 2 === pattern.length || pattern[i + 2] === '/';
        if (segmentStart && segmentEnd) {
          // `**/` matches zero or more folders; a trailing `**` matches everything below.
          if (pattern[i + 2] === '/') {
            out.push({ t: 'folders' });
            i += 2;
          } else {
            out.push({ t: 'all' });
            i += 1;
          }
          continue;
        }
        i++; // `a**b` behaves like `a*b`
      }
      out.push({ t: 'star' });
    } else if (c === '?') out.push({ t: 'one', test: notSlash });
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) out.push({ t: 'char', c: '[' });
      else {
        let body = pattern.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        // One character at a time: a class cannot backtrack. Throws on a bad class, as before.
        const re = new RegExp(`^[${body}]$`);
        out.push({ t: 'one', test: (x) => re.test(x) });
        i = close;
      }
    } else out.push({ t: 'char', c });
  }
  return out;
}

/**
 * Whether `text` is matched by the tokens, then optionally `/` and anything: dynamic programming
 * over (token, offset), so the time is proportional to their product whatever the pattern.
 * (As a regex, `*a*a*a*a*a*a*a*b` takes minutes on a 60-character path.)
 */
function matchTokens(toks: readonly Token[], text: string): boolean {
  const n = text.length;
  const nextSlash = new Int32Array(n + 1).fill(-1);
  const anyTail = new Uint8Array(n + 2); // text[j..] has no line terminator
  anyTail[n] = 1;
  for (let j = n - 1; j >= 0; j--) {
    nextSlash[j] = text[j] === '/' ? j : nextSlash[j + 1]!;
    anyTail[j] = anyTail[j + 1]! && !isLineTerminator(text[j]!) ? 1 : 0;
  }
  // The row after the last token: the end of the text, or `/` and anything after it.
  let next = new Uint8Array(n + 1);
  for (let j = 0; j <= n; j++) next[j] = j === n || (text[j] === '/' && anyTail[j + 1]) ? 1 : 0;
  for (let k = toks.length - 1; k >= 0; k--) {
    const tok = toks[k]!;
    const row = new Uint8Array(n + 1);
    for (let j = n; j >= 0; j--) {
      const c = text[j];
      let ok = false;
      if (tok.t === 'char') ok = c === tok.c && !!next[j + 1];
      else if (tok.t === 'one') ok = c !== undefined && tok.test(c) && !!next[j + 1];
      else if (tok.t === 'star') ok = !!next[j] || (c !== undefined && c !== '/' && !!row[j + 1]);
      else if (tok.t === 'all')
        ok = !!next[j] || (c !== undefined && !isLineTerminator(c) && !!row[j + 1]);
      else ok = !!next[j] || (nextSlash[j]! >= 0 && !!row[nextSlash[j]! + 1]);
      row[j] = ok ? 1 : 0;
    }
    next = row;
  }
  return !!next[0];
}

export interface PathMatcher {
  readonly pattern: string;
  /** `rel` is slash-separated and relative to the config folder. */
  matches(rel: string): boolean;
}

export function compileGlob(pattern: string): PathMatcher {
  let p = pattern.trim().replace(/\\/g, '/');
  while (p.startsWith('./')) p = p.slice(2);
  const anchored = p.startsWith('/');
  p = p.replace(/^\/+/, '').replace(/(?<!\/)\/+$/, '');
  // Unanchored and without a slash: at any depth. The path itself or any folder above it matches.
  const toks: Token[] = [
    ...(anchored || p.includes('/') ? [] : [{ t: 'folders' } as const]),
    ...tokens(p),
  ];
  return {
    pattern,
    matches: (rel) =>
      p.length > 0 && matchTokens(toks, rel.replace(/\\/g, '/').replace(/^\.\//, '')),
  };
}

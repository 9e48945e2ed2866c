/**
 * Path patterns of `.layerwise.json` (`ignore`, `dockerfiles` keys), relative to the config file's
 * folder, gitignore-like: `*` and `?` stay within one path segment, `**` spans segments, a pattern
 * without a slash matches at any depth, a leading `/` anchors it to the config folder, and a
 * pattern that matches a folder covers everything below it.
 */

function segmentRegex(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const segmentStart = i === 0 || pattern[i - 1] === '/';
        const segmentEnd = i + 2 === pattern.length || pattern[i + 2] === '/';
        if (segmentStart && segmentEnd) {
          // `**/` matches zero or more folders; a trailing `**` matches everything below.
          if (pattern[i + 2] === '/') {
            out += '(?:[^/]*/)*';
            i += 2;
          } else {
            out += '.*';
            i += 1;
          }
          continue;
        }
        i++; // `a**b` behaves like `a*b`
      }
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        let body = pattern.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        out += `[${body}]`;
        i = close;
      }
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return out;
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
  p = p.replace(/^\/+/, '').replace(/\/+$/, '');
  const body = segmentRegex(p);
  const prefix = anchored || p.includes('/') ? '' : '(?:[^/]*/)*';
  // The path itself or any folder above it.
  const re = new RegExp(`^${prefix}${body}(?:/.*)?$`);
  return {
    pattern,
    matches: (rel) => p.length > 0 && re.test(rel.replace(/\\/g, '/').replace(/^\.\//, '')),
  };
}

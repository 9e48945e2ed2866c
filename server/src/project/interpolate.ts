/**
 * Compose's variable interpolation (`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`,
 * `${VAR:+alt}`, `$VAR`, `$$`) and its `.env` file format. Values come from the `.env` file only:
 * the environment of whoever runs `docker compose` is not known here.
 */

export interface Interpolated {
  value: string;
  /** Variables used that have no value and no default (Compose takes them as empty). */
  unset: string[];
  /** Every variable whose value was read. */
  used: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const MAX_DEPTH = 8;

export function interpolate(text: string, vars: ReadonlyMap<string, string>): Interpolated {
  const unset: string[] = [];
  const used: string[] = [];
  const value = expand(text, vars, unset, used, 0);
  return { value, unset, used };
}

function expand(
  s: string,
  vars: ReadonlyMap<string, string>,
  unset: string[],
  used: string[],
  depth: number,
): string {
  if (!s.includes('$') || depth > MAX_DEPTH) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(s, i + 2);
      if (close < 0) {
        out += s.slice(i);
        break;
      }
      out += braced(s.slice(i + 2, close), vars, unset, used, depth);
      i = close + 1;
      continue;
    }
    const m = NAME.exec(s.slice(i + 1));
    if (!m) {
      out += c;
      i++;
      continue;
    }
    out += lookup(m[0], vars, unset, used) ?? '';
    i += 1 + m[0].length;
  }
  return out;
}

function lookup(
  name: string,
  vars: ReadonlyMap<string, string>,
  unset: string[],
  used: string[],
): string | undefined {
  used.push(name);
  const v = vars.get(name);
  if (v === undefined) unset.push(name);
  return v;
}

/** `NAME`, `NAME:-default`, `NAME-default`, `NAME:?err`, `NAME?err`, `NAME:+alt`, `NAME+alt`. */
function braced(
  inner: string,
  vars: ReadonlyMap<string, string>,
  unset: string[],
  used: string[],
  depth: number,
): string {
  const m = NAME.exec(inner);
  if (!m) return '';
  const name = m[0];
  const rest = inner.slice(name.length);
  const op = /^(:?[-?+])/.exec(rest)?.[1];
  const arg = op ? rest.slice(op.length) : '';
  const value = vars.get(name);
  used.push(name);
  const empty = op?.startsWith(':') ? !value : value === undefined;
  switch (op) {
    case ':-':
    case '-':
      return empty ? expand(arg, vars, unset, used, depth + 1) : value!;
    case ':+':
    case '+':
      return empty ? '' : expand(arg, vars, unset, used, depth + 1);
    case ':?':
    case '?':
      if (empty) unset.push(name);
      return value ?? '';
    default:
      if (value === undefined) unset.push(name);
      return value ?? '';
  }
}

/** Index of the `}` closing a `${` whose body starts at `from`, nested `${…}` counted; -1 if none. */
function matchingBrace(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '$' && s[i + 1] === '{') {
      depth++;
      i++;
    } else if (s[i] === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/**
 * A `.env` file as Compose reads it: `KEY=value`, `export KEY=value`, `#` comments, single quotes
 * (literal), double quotes (escapes and interpolation), unquoted values (trimmed, ` #` comment
 * dropped, interpolated). Later variables may use earlier ones.
 */
export function parseDotEnv(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  const s = text.replace(/\r\n?/g, '\n');
  let i = 0;
  while (i < s.length) {
    let end = s.indexOf('\n', i);
    if (end < 0) end = s.length;
    const line = s.slice(i, end);
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*/.exec(line);
    if (!m) {
      i = end + 1;
      continue;
    }
    const key = m[1]!;
    const start = i + m[0].length;
    const q = s[start];
    if (q === "'" || q === '"') {
      let j = start + 1;
      let raw = '';
      while (j < s.length && s[j] !== q) {
        if (q === '"' && s[j] === '\\' && j + 1 < s.length) {
          const e = s[j + 1]!;
          raw += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          j += 2;
          continue;
        }
        raw += s[j];
        j++;
      }
      vars.set(key, q === '"' ? interpolate(raw, vars).value : raw);
      const lineEnd = s.indexOf('\n', j);
      i = lineEnd < 0 ? s.length : lineEnd + 1;
      continue;
    }
    const raw = line.slice(m[0].length);
    // An unquoted value ends at ` #` (a comment).
    const hash = raw.search(/[ \t]#/);
    const value = (hash < 0 ? raw : raw.slice(0, hash)).trim();
    vars.set(key, interpolate(value, vars).value);
    i = end + 1;
  }
  return vars;
}

/**
 * Whether the text of a credentials-named file really holds a credential. A file named `.npmrc`
 * or `.env` is often only registry settings or empty defaults; the name alone is not the finding.
 */

import { contentStart } from './projectFiles';

/** A value that is only a reference to a build-time variable (`${NPM_TOKEN}`) is no secret. */
const REFERENCE = /^["']?\$\{?[A-Za-z_][A-Za-z0-9_]*\}?["']?$/;

function hasValue(value: string): boolean {
  const v = withoutComment(value)
    .trim()
    .replace(/^(["'])(.*)\1$/, '$2');
  return v !== '' && !REFERENCE.test(v);
}

const SPACE = /\s/;

/**
 * `value` less a trailing comment (blanks, `#`, the rest): `value.replace(/\s+#.*$/, '')` in linear
 * time. The comment holds no line break; its leading blanks may.
 */
function withoutComment(value: string): string {
  const lastBreak = Math.max(
    value.lastIndexOf('\n'),
    value.lastIndexOf('\r'),
    value.lastIndexOf('\u2028'),
    value.lastIndexOf('\u2029'),
  );
  for (
    let h = value.indexOf('#', Math.max(lastBreak + 1, 1));
    h !== -1;
    h = value.indexOf('#', h + 1)
  ) {
    if (!SPACE.test(value[h - 1]!)) continue;
    let start = h - 1;
    while (start > 0 && SPACE.test(value[start - 1]!)) start--;
    return value.slice(0, start);
  }
  return value;
}

/**
 * Whether `sticky` (a `y` regex) matches where a line's text starts: `/^\s*…/m` without its
 * quadratic rescans of blank lines.
 */
function lineMatches(text: string, sticky: RegExp): boolean {
  for (let at = contentStart(text, 0); at !== -1; at = contentStart(text, at + 1)) {
    sticky.lastIndex = at;
    if (sticky.test(text)) return true;
  }
  return false;
}

/**
 * Whether the text holds a URL with a user and a password (`https://user:token@host`): what
 * `/:\/\/[^:@\s/]+:[^@\s]+@/` tests, in linear time (that regex rescans the rest of the text
 * after each `://user:`).
 */
function urlWithPassword(text: string): boolean {
  let stop = -1; // the first `@` or blank from the last password's start on
  for (let i = text.indexOf('://'); i !== -1; i = text.indexOf('://', i + 1)) {
    let colon = i + 3;
    while (colon < text.length && !USER_END.test(text[colon]!)) colon++;
    if (colon === i + 3 || text[colon] !== ':') continue;
    if (stop <= colon) {
      stop = colon + 1;
      while (stop < text.length && text[stop] !== '@' && !SPACE.test(text[stop]!)) stop++;
    }
    if (stop > colon + 1 && text[stop] === '@') return true;
  }
  return false;
}

const USER_END = /[:@\s/]/;

const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;

function npmrc(text: string): boolean {
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:\/\/[^=\s]*:)?(_authToken|_auth|_password|password)\s*=(.*)$/.exec(line);
    if (m && hasValue(m[2]!)) return true;
  }
  return false;
}

function dotenv(text: string): boolean {
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=(.*)$/.exec(line);
    if (m && hasValue(m[1]!)) return true;
  }
  return false;
}

const JUDGES: Record<string, (text: string) => boolean> = {
  '.npmrc': npmrc,
  '.env': dotenv,
  '.pypirc': (t) => lineMatches(t, /password\s*[=:]\s*\S/y),
  '.netrc': (t) => /(^|\s)password\s+\S/.test(t),
  '.git-credentials': urlWithPassword,
  '.pgpass': (t) => /^[^#\s][^\n:]*:[^\n:]*:[^\n:]*:[^\n:]*:\S/m.test(t),
  '.aws/credentials': (t) => lineMatches(t, /aws_secret_access_key\s*=\s*\S/iy),
  '.docker/config.json': (t) => /"(auth|identitytoken)"\s*:\s*"[^"]+"/.test(t),
  'private key': (t) => PRIVATE_KEY.test(t),
  id_rsa: (t) => PRIVATE_KEY.test(t),
  id_dsa: (t) => PRIVATE_KEY.test(t),
  id_ecdsa: (t) => PRIVATE_KEY.test(t),
  id_ed25519: (t) => PRIVATE_KEY.test(t),
};

/**
 * True when the text holds a credential of this kind, false when it holds none, undefined when
 * Layerwise has no way to tell (folders such as `.ssh`).
 */
export function holdsSecret(kind: string, text: string): boolean | undefined {
  const judge = JUDGES[kind];
  return judge ? judge(text) : undefined;
}

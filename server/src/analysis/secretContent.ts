/**
 * Whether the text of a credentials-named file really holds a credential. A file named `.npmrc`
 * or `.env` is often only registry settings or empty defaults; the name alone is not the finding.
 */

/** A value that is only a reference to a build-time variable (`${NPM_TOKEN}`) is no secret. */
const REFERENCE = /^["']?\$\{?[A-Za-z_][A-Za-z0-9_]*\}?["']?$/;

function hasValue(value: string): boolean {
  const v = value
    .replace(/\s+#.*$/, '')
    .trim()
    .replace(/^(["'])(.*)\1$/, '$2');
  return v !== '' && !REFERENCE.test(v);
}

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
  '.pypirc': (t) => /^\s*password\s*[=:]\s*\S/m.test(t),
  '.netrc': (t) => /(^|\s)password\s+\S/.test(t),
  '.git-credentials': (t) => /:\/\/[^:@\s/]+:[^@\s]+@/.test(t),
  '.pgpass': (t) => /^[^#\s][^\n:]*:[^\n:]*:[^\n:]*:[^\n:]*:\S/m.test(t),
  '.aws/credentials': (t) => /^\s*aws_secret_access_key\s*=\s*\S/im.test(t),
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

/** Which build-arg values must never be shown. */

/** What a secret value is shown as. */
export const MASKED = '***';

/** BuildKit's `SecretsUsedInArgOrEnv` tokens (a whole `_`-separated word of the name). */
const SECRET_TOKENS = new Set([
  'apikey',
  'auth',
  'credential',
  'credentials',
  'key',
  'password',
  'pword',
  'passwd',
  'secret',
  'token',
  // Not in BuildKit's list; masking one value too many costs nothing.
  'pass',
  'passphrase',
  'secrets',
  'tokens',
]);
const ALLOW_TOKENS = new Set(['public']);

/**
 * `NPM_TOKEN`, `db_password`, `apiKey` → true; `PUBLIC_KEY`, `NODE_ENV` → false. BuildKit's rule
 * on `_`-separated words, with camelCase split into words too.
 */
export function looksSecret(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.some((w) => SECRET_TOKENS.has(w)) && !words.some((w) => ALLOW_TOKENS.has(w));
}

/** The value to keep for an arg: masked when its name, or a variable its value came from, looks secret. */
export function maskedValue(
  name: string,
  value: string,
  fromVariables: readonly string[] = [],
): string {
  if (looksSecret(name) || fromVariables.some(looksSecret)) return MASKED;
  return value;
}

import type { BuildRole } from './types';

/** Words of a stage name that make it a development image (`dev`, `test-runner`, `debug`, `e2e`). */
const DEVELOPMENT_WORDS = new Set([
  'dev',
  'devel',
  'develop',
  'development',
  'devcontainer',
  'test',
  'tests',
  'testing',
  'debug',
  'e2e',
  'lint',
]);

/** `development` when a word of the target (split on `-`, `_`, `.`) is a dev/test/debug word. */
export function roleOfTarget(target: string | undefined): BuildRole {
  if (!target) return 'shipped';
  const words = target.toLowerCase().split(/[-_.]+/);
  return words.some((w) => DEVELOPMENT_WORDS.has(w)) ? 'development' : 'shipped';
}

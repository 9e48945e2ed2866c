import { clearDockerignoreCaches } from './dockerignore';
import { clearPropertyCache } from './properties';

/**
 * Empties every cache the parse layer keeps between analyses (keyed by text: ARG/ENV parses,
 * .dockerignore parses and compiled patterns), so a benchmark measures analysis from scratch.
 */
export function clearParseCaches(): void {
  clearPropertyCache();
  clearDockerignoreCaches();
}

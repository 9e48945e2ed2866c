import { clearImageDescriptions } from '../knowledge/baseImages';
import { clearParseCaches } from '../parse/caches';

/**
 * Empties every cache kept between analyses (parses keyed by text, compiled ignore patterns,
 * base-image descriptions), so a benchmark measures an analysis from scratch.
 */
export function clearAnalysisCaches(): void {
  clearParseCaches();
  clearImageDescriptions();
}

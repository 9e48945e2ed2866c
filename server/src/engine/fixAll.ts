import { applyEdits, compatibleFixes } from './applyEdits';
import type { Finding, Fix } from '../rules/types';

export interface FixAllResult {
  text: string;
  /** Fixes applied, in order, over all passes. */
  applied: { ruleId: string; title: string }[];
  passes: number;
}

const MAX_PASSES = 10;

/**
 * Applies every safe in-document fix (and suggestions when asked), re-linting between passes
 * until nothing changes. Fixes that touch the same text wait for the next pass.
 */
export function fixAll(
  text: string,
  lint: (text: string) => Finding[],
  options: { includeSuggestions?: boolean } = {},
): FixAllResult {
  const applied: FixAllResult['applied'] = [];
  let current = text;
  let passes = 0;
  while (passes < MAX_PASSES) {
    passes++;
    const candidates: (Fix & { ruleId: string })[] = [];
    for (const f of lint(current)) {
      const fix = f.fixes.find(
        (x) =>
          x.edits.length > 0 &&
          !x.files?.length &&
          (x.safety === 'safe' || options.includeSuggestions) &&
          x.kind === 'quickfix',
      );
      if (fix) candidates.push({ ...fix, ruleId: f.ruleId });
    }
    const picked = compatibleFixes(candidates);
    if (picked.length === 0) break;
    const next = applyEdits(
      current,
      picked.flatMap((f) => f.edits),
    );
    if (next === current) break;
    current = next;
    for (const f of picked as (Fix & { ruleId: string })[])
      applied.push({ ruleId: f.ruleId, title: f.title });
  }
  return { text: current, applied, passes };
}

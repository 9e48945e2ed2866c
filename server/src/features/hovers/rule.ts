import { ALL_RULES } from '../../rules';
import { docsUrl } from '../../../../shared/src/docsUrl';
import type { HoverProvider } from '../types';
import type { RuleMeta } from '../../rules/types';

const META = new Map<string, RuleMeta>(ALL_RULES.map((r) => [r.meta.id, r.meta]));

/** Markdown explaining a rule: what, why, a short before/after, and its docs link. */
export function ruleHoverMarkdown(meta: RuleMeta): string {
  const fence = '```' + (meta.docs.language ?? meta.appliesTo);
  return [
    `**${meta.id}** (${meta.category}) — ${meta.docs.summary}`,
    '',
    meta.docs.why,
    '',
    'Before:',
    fence,
    meta.docs.before.trimEnd(),
    '```',
    'After:',
    fence,
    meta.docs.after.trimEnd(),
    '```',
    `[Documentation](${docsUrl(meta.id)})`,
  ].join('\n');
}

/** On a finding's range: its rule's explanation (once per rule). */
export const ruleHover: HoverProvider = ({ findings }, offset) => {
  const hits = findings.filter((f) => offset >= f.start && offset <= f.end && META.has(f.ruleId));
  if (hits.length === 0) return undefined;
  const ids = [...new Set(hits.map((f) => f.ruleId))];
  return {
    markdown: ids.map((id) => ruleHoverMarkdown(META.get(id)!)).join('\n\n---\n\n'),
    start: hits[0]!.start,
    end: hits[0]!.end,
  };
};

import { ALL_RULES } from '../../rules';
import { docsUrl } from '../../../../shared/src/docsUrl';
import type { HoverProvider } from '../types';
import type { Finding, RuleMeta } from '../../rules/types';

const META = new Map<string, RuleMeta>(ALL_RULES.map((r) => [r.meta.id, r.meta]));

/** Longest why shown: about three lines of a hover box. */
const WHY_CHARS = 320;
/** Longest fix sentence taken from the rule page when the finding has no quick fix. */
const FIX_CHARS = 200;

/** The first sentences of a text, up to `max` characters (at least the first sentence). */
export function firstSentences(text: string, count: number, max: number): string {
  const sentences = text
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(?<=[.!?])\s+(?=[A-Z`*_(])/);
  let out = sentences[0] ?? '';
  for (const s of sentences.slice(1, count)) {
    if (out.length + 1 + s.length > max) break;
    out += ` ${s}`;
  }
  return out;
}

type Shown = Pick<Finding, 'message' | 'fixes'>;

function fixLine(meta: RuleMeta, finding: Shown | undefined): string | undefined {
  const titles = [...new Set((finding?.fixes ?? []).map((f) => f.title))];
  if (titles.length > 0) return `**Quick fix:** ${titles.join(' · ')}`;
  const fix = meta.docs.fix && firstSentences(meta.docs.fix, 1, FIX_CHARS);
  return fix && fix.length <= FIX_CHARS ? `**Fix:** ${fix}` : undefined;
}

/**
 * A squiggle's hover: the finding's message, why it matters in a sentence or two, the fix in one
 * line and a link to the rule's page (which keeps the full explanation and its before/after).
 * Without a finding, the rule's summary stands for the message.
 */
export function ruleHoverMarkdown(meta: RuleMeta, finding?: Shown, withWhy = true): string {
  return [
    `**${meta.id}** — ${finding?.message ?? meta.docs.summary}`,
    withWhy ? firstSentences(meta.docs.why, 2, WHY_CHARS) : undefined,
    [fixLine(meta, finding), `[Rule page](${docsUrl(meta.id)})`].filter(Boolean).join('  \n'),
  ]
    .filter(Boolean)
    .join('\n\n');
}

/**
 * On a finding's range: one compact part per rule (the first finding of each); when several
 * rules meet, only the first says why (the others keep their message, fix and link).
 */
export const ruleHover: HoverProvider = ({ findings }, offset) => {
  const hits = findings.filter((f) => offset >= f.start && offset <= f.end && META.has(f.ruleId));
  if (hits.length === 0) return undefined;
  const first = new Map<string, Finding>();
  for (const f of hits) if (!first.has(f.ruleId)) first.set(f.ruleId, f);
  return {
    markdown: [...first.values()]
      .map((f, i) => ruleHoverMarkdown(META.get(f.ruleId)!, f, i === 0))
      .join('\n\n---\n\n'),
    start: hits[0]!.start,
    end: hits[0]!.end,
  };
};

import type { DockerfileModel } from '../parse/model';
import { imageHoverMarkdown } from '../knowledge/imageHover';
import { DOCKERFILE_RULES } from '../rules';
import { docsUrl } from './docsUrl';
import type { Finding, RuleMeta } from './types';

export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
}

const META = new Map<string, RuleMeta>(DOCKERFILE_RULES.map((r) => [r.meta.id, r.meta]));

export function ruleMeta(id: string): RuleMeta | undefined {
  return META.get(id);
}

/** Markdown explaining a rule: what, why, a short before/after, and its docs link. */
export function ruleHoverMarkdown(meta: RuleMeta): string {
  return [
    `**${meta.id}** (${meta.category}) — ${meta.docs.summary}`,
    '',
    meta.docs.why,
    '',
    'Before:',
    '```dockerfile',
    meta.docs.before.trimEnd(),
    '```',
    'After:',
    '```dockerfile',
    meta.docs.after.trimEnd(),
    '```',
    `[Documentation](${docsUrl(meta.id)})`,
  ].join('\n');
}

/** Hover at a document offset: the FROM image's tradeoffs and/or the explanation of findings there. */
export function hoverAt(
  model: DockerfileModel,
  findings: readonly Finding[],
  offset: number,
): HoverResult | undefined {
  const parts: string[] = [];
  let start = offset;
  let end = offset;
  for (const stage of model.stages) {
    const from = stage.from;
    if (
      !from ||
      offset < from.imageStart ||
      offset > from.imageEnd ||
      from.imageEnd === from.imageStart
    )
      continue;
    const isStageRef = model.stages.some(
      (s) => s.index < stage.index && s.name === from.image.toLowerCase(),
    );
    if (isStageRef) {
      parts.push(`Builds on the earlier stage \`${from.image}\`.`);
    } else {
      parts.push(
        imageHoverMarkdown(from.image, {
          resolvedFrom: from.imageText !== from.image ? from.imageText : undefined,
          isFinalStage: stage.isFinal,
        }),
      );
    }
    start = from.imageStart;
    end = from.imageEnd;
  }
  const shown = new Set<string>();
  for (const f of findings) {
    if (offset < f.start || offset > f.end || shown.has(f.ruleId)) continue;
    const meta = META.get(f.ruleId);
    if (!meta) continue;
    shown.add(f.ruleId);
    parts.push(ruleHoverMarkdown(meta));
    if (parts.length === 1) {
      start = f.start;
      end = f.end;
    }
  }
  return parts.length ? { markdown: parts.join('\n\n---\n\n'), start, end } : undefined;
}

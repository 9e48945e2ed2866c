import { imageHoverMarkdown } from '../../knowledge/imageHover';
import type { Stage } from '../../parse/model';
import { shippedStages, usedStages } from '../lenses/stages';
import type { FeatureContext, HoverPart, HoverProvider } from '../types';

/** On a FROM image: a compact card of the base image, or a note when it names an earlier stage. */
export const imageHover: HoverProvider = (ctx, offset) => imageCard(ctx, offset, false);

/** Under a finding: only what the image is, so the finding's hover still fits. */
export const imageSummaryHover: HoverProvider = (ctx, offset) => imageCard(ctx, offset, true);

function imageCard(ctx: FeatureContext, offset: number, compact: boolean): HoverPart | undefined {
  for (const stage of ctx.model.stages) {
    const from = stage.from;
    if (
      !from ||
      from.imageEnd === from.imageStart ||
      offset < from.imageStart ||
      offset > from.imageEnd
    )
      continue;
    const markdown = stage.parent
      ? `Builds on the earlier stage \`${from.image}\`: it starts with everything that stage produced.`
      : imageHoverMarkdown(from.image, {
          resolvedFrom: from.imageText !== from.image ? from.imageText : undefined,
          isFinalStage: ships(ctx, stage),
          isBuilder: isBuilder(ctx, stage),
          compact,
        });
    return { markdown, start: from.imageStart, end: from.imageEnd };
  }
  return undefined;
}

/** Whether a shipped image starts from this stage (it is shipped, or one built FROM it is). */
function ships(ctx: FeatureContext, stage: Stage): boolean {
  return shippedStages(ctx).some((s) => {
    for (let x: Stage | undefined = s; x; x = x.parent) if (x === stage) return true;
    return false;
  });
}

/** Other stages copy from it and no shipped image starts from it. */
function isBuilder(ctx: FeatureContext, stage: Stage): boolean {
  if (ships(ctx, stage)) return false;
  const used = usedStages(ctx);
  return ctx.model.stages.some((s) => used.has(s) && s.copiesFrom.includes(stage));
}

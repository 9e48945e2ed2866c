import type { HoverProvider } from '../types';
import { estimateImageSize, sizeEstimateMarkdown } from '../lenses/imageSize';
import { shippedStages } from '../lenses/stages';

/**
 * On a shipped stage's FROM line, outside the image name (which has the base-image card): the
 * breakdown behind the estimated-size lens.
 */
export const imageSizeHover: HoverProvider = (ctx, offset) => {
  for (const stage of shippedStages(ctx)) {
    const from = stage.fromInstruction;
    if (!from || offset < from.start || offset > from.end) continue;
    const image = stage.from;
    if (image && image.imageEnd > image.imageStart) {
      if (offset >= image.imageStart && offset <= image.imageEnd) return undefined;
    }
    const est = estimateImageSize(ctx.model, stage);
    if (!est) return undefined;
    return { markdown: sizeEstimateMarkdown(est), start: from.start, end: from.end };
  }
  return undefined;
};

import type { HoverProvider } from '../types';
import { sizeEstimateMarkdown } from '../lenses/imageSize';
import { shippedStages } from '../lenses/stages';
import { sizeReport } from '../sizeReport';

/**
 * On a shipped stage's FROM line, outside the image name (which has the base-image card): the
 * size report behind the estimated-size lens (the table `layerwise size` prints, cut to fit).
 */
export const imageSizeHover: HoverProvider = (ctx, offset) => {
  for (const stage of shippedStages(ctx)) {
    const from = stage.fromInstruction;
    if (!from || offset < from.start || offset > from.end) continue;
    const image = stage.from;
    if (image && image.imageEnd > image.imageStart) {
      if (offset >= image.imageStart && offset <= image.imageEnd) return undefined;
    }
    const report = sizeReport(ctx, stage);
    if (!report) return undefined;
    return { markdown: sizeEstimateMarkdown(report), start: from.start, end: from.end };
  }
  return undefined;
};

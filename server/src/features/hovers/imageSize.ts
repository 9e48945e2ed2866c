import type { HoverProvider } from '../types';
import { estimateImageSize, sizeEstimateMarkdown } from '../lenses/imageSize';

/** On the final stage's FROM line: the breakdown behind the estimated-size lens. */
export const imageSizeHover: HoverProvider = ({ model }, offset) => {
  const from = model.finalStage?.fromInstruction;
  if (!from || offset < from.start || offset > from.end) return undefined;
  const est = estimateImageSize(model);
  if (!est) return undefined;
  return { markdown: sizeEstimateMarkdown(est), start: from.start, end: from.end };
};

import { imageHoverMarkdown } from '../../knowledge/imageHover';
import type { HoverProvider } from '../types';

/** On a FROM image: the base image's tradeoffs, or a note when it names an earlier stage. */
export const imageHover: HoverProvider = ({ model }, offset) => {
  for (const stage of model.stages) {
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
          isFinalStage: stage.isFinal,
        });
    return { markdown, start: from.imageStart, end: from.imageEnd };
  }
  return undefined;
};

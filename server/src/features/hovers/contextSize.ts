import { contextSizeMarkdown } from '../../analysis/contextSummary';
import type { HoverProvider } from '../types';
import { contextWideSourceAt } from '../lenses/contextSize';

/** On the `.` of a context-wide COPY/ADD: what the build context holds, biggest folders first. */
export const contextSizeHover: HoverProvider = (ctx, offset) => {
  const word = contextWideSourceAt(ctx.model, offset);
  const summary = word && ctx.scan?.();
  if (!word || !summary) return undefined;
  return { markdown: contextSizeMarkdown(summary), start: word.start, end: word.end };
};

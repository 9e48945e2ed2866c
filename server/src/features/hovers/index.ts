import type { FeatureContext, HoverPart, HoverProvider } from '../types';
import { contextSizeHover } from './contextSize';
import { imageHover, imageSummaryHover } from './image';
import { imageSizeHover } from './imageSize';
import { instructionHover } from './instruction';
import { ruleHover } from './rule';

/** Hover providers, in the order their parts are shown. */
export const DOCKERFILE_HOVERS: readonly HoverProvider[] = [
  imageHover,
  instructionHover,
  imageSizeHover,
  ruleHover,
  contextSizeHover,
];

/**
 * Joins every provider's part at this offset; the range is the first part's. On a squiggle the
 * finding comes first and the reference text of the keyword and the size breakdown stay out (they
 * show where there is no finding) and the image card is cut to what the image is, so the hover
 * fits without scrolling.
 */
export function hoverAt(ctx: FeatureContext, offset: number): HoverPart | undefined {
  const finding = ruleHover(ctx, offset);
  const providers = finding
    ? DOCKERFILE_HOVERS.filter(
        (p) => p !== ruleHover && p !== instructionHover && p !== imageSizeHover,
      ).map((p) => (p === imageHover ? imageSummaryHover : p))
    : DOCKERFILE_HOVERS;
  const rest = providers.map((p) => p(ctx, offset)).filter((p): p is HoverPart => !!p);
  const parts = finding ? [finding, ...rest] : rest;
  if (parts.length === 0) return undefined;
  return {
    markdown: parts.map((p) => p.markdown).join('\n\n---\n\n'),
    start: parts[0]!.start,
    end: parts[0]!.end,
  };
}

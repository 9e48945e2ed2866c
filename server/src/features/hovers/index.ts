import type { FeatureContext, HoverPart, HoverProvider } from '../types';
import { contextSizeHover } from './contextSize';
import { imageHover } from './image';
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

/** Joins every provider's part at this offset; the range is the first part's. */
export function hoverAt(ctx: FeatureContext, offset: number): HoverPart | undefined {
  const parts = DOCKERFILE_HOVERS.map((p) => p(ctx, offset)).filter((p): p is HoverPart => !!p);
  if (parts.length === 0) return undefined;
  return {
    markdown: parts.map((p) => p.markdown).join('\n\n---\n\n'),
    start: parts[0]!.start,
    end: parts[0]!.end,
  };
}

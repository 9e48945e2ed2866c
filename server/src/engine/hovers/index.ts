import type { FeatureContext, HoverPart, HoverProvider } from '../features';
import { imageHover } from './image';
import { ruleHover } from './rule';

/** Hover providers, in the order their parts are shown. */
export const DOCKERFILE_HOVERS: readonly HoverProvider[] = [imageHover, ruleHover];

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

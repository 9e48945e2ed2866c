import type { FeatureContext, Lens, LensProvider } from '../types';
import { cacheLensProvider } from './cache';
import { contextSizeLens } from './contextSize';
import { sizeLensProvider } from './imageSize';

/** Code lens providers for Dockerfiles (each one off the typing path: they run on request). */
export const DOCKERFILE_LENSES: readonly LensProvider[] = [
  contextSizeLens,
  sizeLensProvider,
  cacheLensProvider,
];

export function lensesFor(ctx: FeatureContext): Lens[] {
  return DOCKERFILE_LENSES.flatMap((p) => p(ctx)).sort((a, b) => a.start - b.start);
}

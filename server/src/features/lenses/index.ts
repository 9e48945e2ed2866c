import type { CodeLensMode } from '../../../../shared/src/settings';
import type { FeatureContext, Lens, LensProvider } from '../types';
import { cacheLensProvider } from './cacheLens';
import { contextSizeLens } from './contextSize';
import { sizeLensProvider } from './imageSize';

/** Code lens providers for Dockerfiles (each one off the typing path: they run on request). */
export const DOCKERFILE_LENSES: readonly LensProvider[] = [
  contextSizeLens,
  sizeLensProvider,
  cacheLensProvider,
];

/** In the `minimal` mode, at most this many lenses per 40 lines of Dockerfile (at least 3). */
export const MINIMAL_LENSES_PER_40_LINES = 3;

/**
 * The lenses of a Dockerfile for a `layerwise.codeLens` mode (`minimal` by default): `all` shows
 * every lens, `off` none, `minimal` the ones a user acts on (see minimalLenses).
 */
export function lensesFor(ctx: FeatureContext, mode: CodeLensMode = 'minimal'): Lens[] {
  if (mode === 'off') return [];
  const all = DOCKERFILE_LENSES.flatMap((p) => p(ctx)).sort((a, b) => a.start - b.start);
  return mode === 'all' ? all : minimalLenses(ctx, all);
}

/** Lower is kept first when the budget is short. */
function priority(l: Lens): number | undefined {
  if (l.kind === 'context') return 0;
  if (l.kind === 'size') return l.estimated === false ? undefined : 1;
  if (l.kind === 'cache')
    return l.worth === 'install-after-broad-copy'
      ? 2
      : l.worth === 'many-dependents'
        ? 3
        : undefined;
  return 4;
}

/**
 * The build context size above the first broad COPY, the estimated size of each shipped image
 * (when there is an on-disk estimate), and the cache lenses of installs after a broad COPY and of
 * the first step of a stage that many others depend on; at most 3 per 40 lines, by that priority.
 */
export function minimalLenses(ctx: FeatureContext, all: readonly Lens[]): Lens[] {
  let contextShown = false;
  const candidates = all.filter((l) => {
    if (priority(l) === undefined) return false;
    if (l.kind !== 'context') return true;
    if (contextShown) return false;
    return (contextShown = true);
  });
  const lines = ctx.model.text.split('\n').length;
  const budget = Math.max(
    MINIMAL_LENSES_PER_40_LINES,
    Math.floor((lines * MINIMAL_LENSES_PER_40_LINES) / 40),
  );
  if (candidates.length <= budget) return candidates;
  const keep = new Set(
    candidates
      .map((l, i) => ({ l, i }))
      .sort((a, b) => priority(a.l)! - priority(b.l)! || a.i - b.i)
      .slice(0, budget)
      .map(({ l }) => l),
  );
  return candidates.filter((l) => keep.has(l));
}

import type { Stage } from '../../parse/model';
import type { FeatureContext } from '../types';

/** The stages some build ships: those named in `shippedStages`, else the final stage. */
export function shippedStages(ctx: Pick<FeatureContext, 'model' | 'shippedStages'>): Stage[] {
  const names = ctx.shippedStages;
  const named = names
    ? ctx.model.stages.filter((s) => names.has(s.name ?? '') || names.has(String(s.index)))
    : [];
  if (named.length > 0) return named;
  return ctx.model.finalStage ? [ctx.model.finalStage] : [];
}

/** The stages some shipped build needs: the shipped ones, their bases and what they copy from. */
export function usedStages(ctx: Pick<FeatureContext, 'model' | 'shippedStages'>): Set<Stage> {
  const used = new Set<Stage>();
  const visit = (s: Stage | undefined): void => {
    if (!s || used.has(s)) return;
    used.add(s);
    visit(s.parent);
    for (const c of s.copiesFrom) visit(c);
  };
  for (const s of shippedStages(ctx)) visit(s);
  return used;
}

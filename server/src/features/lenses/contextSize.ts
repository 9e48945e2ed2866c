import type { DockerfileModel } from '../../parse/model';
import { contextWideSource, copyInfo, isContextWide } from '../../analysis/copies';
import { contextSizeTitle, contextSizeTooltip } from '../../analysis/contextSummary';
import type { LensProvider } from '../types';
import type { Instruction } from '../../rules/types';
import { usedStages } from './stages';

/** COPY/ADD instructions that send the whole context (ONBUILD ones run in another build). */
export function contextWideCopies(model: DockerfileModel): Instruction[] {
  return model.instructions.filter((ins) => {
    if (ins.onbuild) return false;
    const info = copyInfo(ins);
    return !!info && isContextWide(info);
  });
}

/** The context-wide source word at this offset, if any (where the size hover shows). */
export function contextWideSourceAt(
  model: DockerfileModel,
  offset: number,
): { start: number; end: number } | undefined {
  for (const ins of contextWideCopies(model)) {
    const w = contextWideSource(copyInfo(ins)!);
    if (w && offset >= w.start && offset <= w.end) return w;
  }
  return undefined;
}

/** Above each context-wide COPY/ADD of a used stage: how many files and bytes the context sends. */
export const contextSizeLens: LensProvider = (ctx) => {
  const used = usedStages(ctx);
  const copies = contextWideCopies(ctx.model).filter((ins) => used.has(ins.stage));
  if (copies.length === 0) return [];
  const summary = ctx.scan?.();
  if (!summary) return [];
  const title = contextSizeTitle(summary);
  const tooltip = contextSizeTooltip(summary);
  return copies.map((ins) => ({
    start: ins.start,
    end: ins.start,
    title,
    tooltip,
    kind: 'context' as const,
  }));
};

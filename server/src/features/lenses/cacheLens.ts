/**
 * The cache lenses as shown: only in stages some build uses, consecutive ARG/ENV lenses merged
 * into one, titles of at most ~80 characters (the whole sentence goes to the tooltip), and each
 * marked with why it is worth a line in the `minimal` mode, if it is.
 */
import type { DockerfileModel, Instruction } from '../../parse/model';
import type { FeatureContext, Lens } from '../types';
import { CACHE_TOOLTIP, cacheLenses, type CacheLens } from './cache';
import { installsPackages } from './installs';
import { usedStages } from './stages';

export const MAX_LENS_TITLE = 80;
/** A step after which this many steps re-run is one "many others depend on". */
export const MANY_DEPENDENTS = 8;

export function cacheLensProvider(ctx: FeatureContext): Lens[] {
  const used = usedStages(ctx);
  const lenses = cacheLenses(ctx).filter((l) =>
    l.ins.stage.index < 0 ? l.built : used.has(l.ins.stage),
  );
  const out: Lens[] = [];
  const firstMany = new Set<number>();
  for (const group of groupSettings(ctx.model, lenses)) {
    if (group.length > 1) {
      out.push(mergedLens(group));
      continue;
    }
    const l = group[0]!;
    const lens: Lens = {
      start: l.start,
      end: l.end,
      title: shortTitle(l.title),
      tooltip: `${l.title}.\n\n${CACHE_TOOLTIP}`,
      kind: 'cache',
    };
    if (l.afterBroadCopy && installsPackages(l.ins)) lens.worth = 'install-after-broad-copy';
    else if (
      l.rerun >= MANY_DEPENDENTS &&
      l.ins.stage.index >= 0 &&
      !['ARG', 'ENV'].includes(l.ins.keyword) &&
      !firstMany.has(l.ins.stage.index)
    ) {
      firstMany.add(l.ins.stage.index);
      lens.worth = 'many-dependents';
    }
    out.push(lens);
  }
  return out;
}

const isSetting = (ins: Instruction): boolean => ins.keyword === 'ARG' || ins.keyword === 'ENV';

/** Lenses in document order, runs of ARG/ENV lenses with only ARG/ENV between them grouped. */
function groupSettings(model: DockerfileModel, lenses: readonly CacheLens[]): CacheLens[][] {
  const indexOf = new Map(model.instructions.map((ins, i) => [ins, i]));
  const groups: CacheLens[][] = [];
  for (const l of lenses) {
    const last = groups.at(-1)?.at(-1);
    if (last && isSetting(l.ins) && isSetting(last.ins) && onlySettingsBetween(last.ins, l.ins)) {
      groups.at(-1)!.push(l);
    } else groups.push([l]);
  }
  return groups;

  function onlySettingsBetween(a: Instruction, b: Instruction): boolean {
    const from = indexOf.get(a);
    const to = indexOf.get(b);
    if (from === undefined || to === undefined) return a === b;
    return model.instructions.slice(from, to + 1).every(isSetting);
  }
}

function mergedLens(group: readonly CacheLens[]): Lens {
  const names = [...new Set(group.flatMap((l) => l.ins.properties.map((p) => p.name)))];
  const most = Math.max(...group.map((l) => l.rerun));
  const shown =
    names.length <= 3 ? names.join(', ') : `${names.slice(0, 2).join(', ')} +${names.length - 2}`;
  const title = `${names.length} build settings (${shown}): a new value re-runs up to ${most} steps`;
  return {
    start: group[0]!.start,
    end: group[0]!.end,
    title:
      title.length <= MAX_LENS_TITLE
        ? title
        : `${names.length} build settings: a new value re-runs up to ${most} steps`,
    tooltip: `${group.map((l) => `Line ${l.ins.raw.startLine + 1}: ${l.title}`).join('\n')}\n\n${CACHE_TOOLTIP}`,
    kind: 'cache',
  };
}

/** The lens sentence cut to ~80 characters: notes in parentheses go first, then the cause list. */
export function shortTitle(title: string): string {
  if (title.length <= MAX_LENS_TITLE) return title;
  let t = title.replace(/ \((after [^)]*|no \.dockerignore)\)/g, '');
  if (t.length <= MAX_LENS_TITLE) return t;
  t = t.replace(/ \(\d+ in [^)]*\)/g, '');
  if (t.length <= MAX_LENS_TITLE) return t;
  const arrow = t.lastIndexOf(' → ');
  const tail = arrow >= 0 ? t.slice(arrow) : '';
  const head = arrow >= 0 ? t.slice(0, arrow) : t;
  const room = MAX_LENS_TITLE - tail.length - 1;
  const cut = head.slice(0, Math.max(room, 20)).replace(/\s+\S*$/, '');
  return `${cut}…${tail}`;
}

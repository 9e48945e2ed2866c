/**
 * The estimated size of a shipped image, above its FROM: the total of the size report
 * (features/sizeReport.ts) — the base image's on-disk figure plus the apt installs the Debian
 * archive data sizes — with what is not counted named, never guessed.
 */
import { formatBytes } from '../../analysis/aptSizes';
import type { DockerfileModel, Stage } from '../../parse/model';
import type { Finding } from '../../rules/types';
import { aptFiguresNote, sizeReport, type SizeReport, type SizeRow } from '../sizeReport';
import type { Lens, LensProvider } from '../types';
import { shippedStages } from './stages';

export type { SizeReport, SizeRow } from '../sizeReport';

/** The report for one shipped stage (default: the final stage), without findings. */
export function estimateImageSize(
  model: DockerfileModel,
  target: Stage | undefined = model.finalStage,
  findings: readonly Finding[] = [],
): SizeReport | undefined {
  return sizeReport({ model, findings }, target);
}

/** MB (decimal, as image sizes are given) for a byte count. */
export const megabytes = formatBytes;

function approx(bytes: number): string {
  return bytes === 0 ? '0 MB' : `~${megabytes(bytes)}`;
}

const isScratch = (r: SizeReport): boolean => r.baseInfo?.family === 'scratch';

/** `the pip install`, `pip install, COPY . .`, `4 steps`: what is not counted, short. */
function uncounted(r: SizeReport): string | undefined {
  if (r.unknown.length === 0) return undefined;
  if (r.unknown.length <= 2) return r.unknown.join(', ');
  const steps = new Set(
    r.rows.filter((x) => x.bytes === undefined && x.kind !== 'base').map((x) => x.ins),
  );
  return `${steps.size} steps`;
}

/**
 * One line (≤ ~80 characters) for the lens: on-disk bytes only, labelled once; `≥` when steps are
 * not counted, saying which; no figure when the base has no on-disk size.
 */
export function sizeEstimateTitle(r: SizeReport, withName = false): string {
  const head = `Image${withName && r.stage.name ? ` \`${r.stage.name}\`` : ''} on disk:`;
  if (r.knownBytes === undefined) return `${head} not estimated (no on-disk size for its base)`;
  const missing = uncounted(r);
  if (isScratch(r) && r.knownBytes === 0)
    return missing ? `${head} only the files copied in (scratch is empty)` : `${head} 0 MB`;
  if (!missing) return `${head} ${approx(r.knownBytes)} (estimate)`;
  const title = `${head} ≥ ${megabytes(r.knownBytes)} (not counted: ${missing})`;
  return title.length <= 80
    ? title
    : `${head} ≥ ${megabytes(r.knownBytes)} (some steps not counted)`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/(?<!\s)\s*\n\s*/g, ' ');
}

function rowCells(row: SizeRow): string {
  const label =
    row.kind === 'base'
      ? cell(row.label)
      : row.code
        ? `\`${cell(row.label)}\` (line ${row.line})`
        : `${cell(row.label)} (line ${row.line})`;
  const size =
    row.bytes === undefined ? (row.kind === 'base' ? 'unknown' : 'not counted') : approx(row.bytes);
  return `| ${label} | ${size} | ${cell(row.note)} |`;
}

/** Table rows the hover shows at most (with its title and notes it stays within 25 lines). */
const HOVER_ROWS = 10;

/** The breakdown shown in the hover of a shipped stage's FROM keyword (≤ 25 lines). */
export function sizeEstimateMarkdown(r: SizeReport): string {
  let rows = r.rows;
  let more = '';
  if (rows.length > HOVER_ROWS) {
    // The base and the biggest known steps first, in file order; the rest summed up.
    const keep = new Set(
      [...rows.slice(1)].sort((a, b) => (b.bytes ?? -1) - (a.bytes ?? -1)).slice(0, HOVER_ROWS - 1),
    );
    const left = rows.slice(1).filter((x) => !keep.has(x));
    rows = [rows[0]!, ...rows.slice(1).filter((x) => keep.has(x))];
    const leftKnown = left.reduce((s, x) => s + (x.bytes ?? 0), 0);
    more = `| … ${left.length} more step${left.length === 1 ? '' : 's'} | ${leftKnown > 0 ? approx(leftKnown) : 'not counted'} | \`layerwise size\` lists them all |`;
  }
  const table = ['| Step | On disk | Note |', '| --- | --- | --- |', ...rows.map(rowCells)];
  if (more) table.push(more);
  const notes = [
    'Sizes on disk (unpacked). Only the shipped stage and the stages it is built `FROM` count; files copied from other stages count, their toolchains do not.',
    r.rows.some((x) => x.kind === 'apt' && x.bytes !== undefined) ? aptFiguresNote() : undefined,
  ].filter(Boolean);
  const parts = [`**${sizeEstimateTitle(r)}**`, table.join('\n')];
  if (r.savings.findings > 0)
    parts.push(
      `Size findings here would save about ${megabytes(r.savings.bytes)} (${r.savings.findings} finding${r.savings.findings === 1 ? '' : 's'}).`,
    );
  parts.push(`_${notes.join(' ')}_`);
  return parts.join('\n\n');
}

function tooltipOf(r: SizeReport): string {
  const missing = r.rows
    .filter((x) => x.bytes === undefined && x.kind !== 'base')
    .map((x) => `line ${x.line}: ${x.label}`);
  return [
    'Estimated size on disk: the base image plus the package installs whose size is known.',
    missing.length
      ? `Not counted: ${missing.slice(0, 4).join('; ')}${missing.length > 4 ? `; ${missing.length - 4} more` : ''}.`
      : '',
    'Hover the FROM keyword for the breakdown.',
  ]
    .filter(Boolean)
    .join(' ');
}

/** Above each shipped stage's FROM: its estimated size on disk. */
export const sizeLensProvider: LensProvider = (ctx) => {
  const lenses: Lens[] = [];
  const stages = shippedStages(ctx);
  for (const stage of stages) {
    const r = sizeReport(ctx, stage);
    const from = r?.stage.fromInstruction;
    if (!r || !from) continue;
    lenses.push({
      start: from.raw.keywordStart,
      end: from.raw.keywordEnd,
      title: sizeEstimateTitle(r, stages.length > 1),
      tooltip: tooltipOf(r),
      kind: 'size',
      estimated: r.knownBytes !== undefined,
    });
  }
  return lenses;
};

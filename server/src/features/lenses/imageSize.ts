/**
 * An estimate of the final image's size: the base image's figure from the knowledge base plus the
 * package installs whose cost is known (Debian apt packages, apt lists left behind). Everything
 * else the image receives — other installs, copied files — is listed as unknown, never guessed.
 */
import { describeImage, type ImageInfo, type SizeFigure } from '../../knowledge/baseImages';
import { mb } from '../../knowledge/imageHover';
import { parseImageRef } from '../../knowledge/imageRef';
import {
  APT_LISTS,
  APT_SIZES_SOURCE,
  aptInstallCost,
  debianFiguresApply,
  isDebianBased,
  type AptCost,
} from '../../knowledge/packageSizes';
import type { DockerfileModel, Instruction, Stage } from '../../parse/model';
import { hasCacheMount } from '../../analysis/cacheMounts';
import { copyInfo, ownInstructions } from '../../analysis/copies';
import type { Lens, LensProvider } from '../types';
import { basename, detectTool, hasArg, positionals } from '../../analysis/tools';
import { HEREDOC_MARKER, stageLabel, stageRef } from './cache';
import { INSTALLERS } from './installs';
import { shippedStages } from './stages';

export interface SizePart {
  /** What adds the bytes, e.g. `apt-get install curl git`. */
  label: string;
  /** The label is Dockerfile text (shown as code). */
  code: boolean;
  ins: Instruction;
  /** On-disk MB, or undefined when unknown. */
  mb: number | undefined;
  /** Why unknown, or how the figure was made. */
  note: string;
  /** A short name for the lens title when unknown: `the pip install`, `files from stage build`. */
  what: string;
}

export interface SizeEstimate {
  stage: Stage;
  /** The image the stage chain starts from (ARG-resolved). */
  baseImage: string;
  baseInfo: ImageInfo | undefined;
  baseSize: SizeFigure | undefined;
  parts: SizePart[];
}

/** What debian:*-slim images drop (and keep dropping on install): docs, man pages, locales. */
const SLIM_EXCLUDES =
  'https://github.com/debuerreotype/debuerreotype/blob/master/scripts/debuerreotype-slimify';
const APT_VALUE_OPTS = ['-o', '-t', '-c', '--option', '--target-release', '--config-file'];
const LISTS = /^\/var\/lib\/apt\/lists(\/\*?)?$/;

/** A shipped stage and the stages it is built FROM, base first: what ships in the image. */
function shippedChain(target: Stage | undefined): Stage[] {
  const chain: Stage[] = [];
  for (let s = target; s && !chain.includes(s); s = s.parent) chain.unshift(s);
  return chain;
}

/** A command as written, on one line and at most 60 characters, for the breakdown table. */
function commandLabel(model: DockerfileModel, start: number, end: number): string {
  const text = model.text
    .slice(start, end)
    .replace(/\\\r?\n/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** The estimate for one shipped stage (default: the final stage). */
export function estimateImageSize(
  model: DockerfileModel,
  target: Stage | undefined = model.finalStage,
): SizeEstimate | undefined {
  const chain = shippedChain(target);
  const root = chain[0];
  const final = target;
  if (!root?.from || !final) return undefined;
  const baseImage = root.from.image;
  const ref = parseImageRef(baseImage);
  const baseInfo = ref ? describeImage(ref) : undefined;
  const parts: SizePart[] = [];
  const present = new Set<string>();
  for (const stage of chain) {
    for (const ins of ownInstructions(stage)) {
      parts.push(...instructionParts(model, ins, baseInfo, present));
    }
  }
  return { stage: final, baseImage, baseInfo, baseSize: baseInfo?.size, parts };
}

/** Debian packages already added by earlier installs are in `present` and not counted again. */
function instructionParts(
  model: DockerfileModel,
  ins: Instruction,
  baseInfo: ImageInfo | undefined,
  present: Set<string>,
): SizePart[] {
  const aptKnown = debianFiguresApply(baseInfo);
  if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
    const info = copyInfo(ins)!;
    // Inline heredoc files are small and their text is in the Dockerfile.
    if (info.sources.every((w) => HEREDOC_MARKER.test(w.text))) return [];
    const stage = stageRef(model, info.from, ins.stage.index);
    const note = 'size of the copied files is not known here';
    if (info.from) {
      const label = `files from ${stage ? stageLabel(stage) : `image \`${info.from}\``}`;
      return [{ label, code: false, ins, mb: undefined, note, what: label.replace(/`/g, '') }];
    }
    const label = commandLabel(model, ins.start, ins.end);
    return [{ label, code: true, ins, mb: undefined, note, what: 'the copied files' }];
  }
  if (!ins.run) return [];
  const parts: SizePart[] = [];
  const commands = ins.run.commands;
  let aptUpdate = false;
  for (const cmd of commands) {
    const u = detectTool(cmd, ins);
    if (!u) continue;
    if (u.tool === 'apt' && u.verb === 'update') aptUpdate = true;
    if (u.tool === 'apt' && u.verb === 'install') {
      const names = positionals(u, APT_VALUE_OPTS).map((w) => w.value);
      const label = commandLabel(model, cmd.start, cmd.end);
      if (!aptKnown) {
        parts.push({
          label,
          code: true,
          ins,
          mb: undefined,
          note: isDebianBased(baseInfo)
            ? 'a full image already has many of these packages'
            : 'package figures are from Debian; this base is not known to be Debian',
          what: 'the apt install',
        });
        continue;
      }
      const recommends = !(
        hasArg(u, '--no-install-recommends') ||
        u.args.some((w) => /^APT::Install-Recommends=(false|0)$/i.test(w.value))
      );
      const before = present.size;
      const cost: AptCost = aptInstallCost(names, recommends, present);
      if (cost.packages > 0) {
        parts.push({
          label: `apt-get install ${cost.known.join(' ')}`,
          code: true,
          ins,
          mb: cost.mb,
          note: `${cost.packages} Debian packages${before > 0 ? ' not added above' : ''}, ${recommends ? 'with' : 'without'} recommends`,
          what: 'apt packages',
        });
      }
      if (cost.unknown.length > 0) {
        parts.push({
          label: `apt-get install ${cost.unknown.join(' ')}`,
          code: true,
          ins,
          mb: undefined,
          note: 'not in the package table',
          what: 'some apt packages',
        });
      }
      continue;
    }
    const verbs = INSTALLERS[u.tool];
    if (verbs?.includes(u.verb)) {
      parts.push({
        label: commandLabel(model, cmd.start, cmd.end),
        code: true,
        ins,
        mb: undefined,
        note: 'depends on the packages it resolves',
        what: `the ${u.tool} ${u.verb || 'install'}`,
      });
    }
  }
  if (aptUpdate && aptKnown) {
    const cleaned = commands.some(
      (c) => basename(c.words[0]) === 'rm' && c.words.slice(1).some((w) => LISTS.test(w.value)),
    );
    if (!cleaned && !hasCacheMount('apt-lists', ins, ['/var/lib/apt/lists'])) {
      parts.push({
        label: 'apt package lists left by `apt-get update`',
        code: false,
        ins,
        mb: APT_LISTS.mb,
        note: 'remove them in the same RUN: `rm -rf /var/lib/apt/lists/*`',
        what: 'apt lists',
      });
    }
  }
  return parts;
}

function knownMB(est: SizeEstimate): number {
  return est.parts.reduce((sum, p) => sum + (p.mb ?? 0), 0);
}

function approx(value: number): string {
  return value === 0 ? '0 MB' : `~${mb(value)}`;
}

const isScratch = (est: SizeEstimate): boolean => est.baseInfo?.family === 'scratch';

/** The on-disk size of the base, or undefined when only a download size (or nothing) is known. */
function baseOnDisk(est: SizeEstimate): number | undefined {
  return isScratch(est) ? 0 : est.baseSize?.uncompressedMB;
}

/** `the pip install`, `the pip install, the copied files`, `4 steps`: what is not counted. */
function uncounted(est: SizeEstimate): string | undefined {
  const unknown = est.parts.filter((p) => p.mb === undefined);
  const whats = [...new Set(unknown.map((p) => p.what))];
  if (whats.length === 0) return undefined;
  if (whats.length <= 2) return whats.join(', ');
  return `${new Set(unknown.map((p) => p.ins)).size} steps`;
}

/**
 * One line (≤ ~80 characters) for the lens: on-disk bytes only, labelled once; `≥` when parts are
 * not counted, saying which; no figure when the base has no on-disk size.
 */
export function sizeEstimateTitle(est: SizeEstimate, withName = false): string {
  const disk = baseOnDisk(est);
  const head = `Image${withName && est.stage.name ? ` \`${est.stage.name}\`` : ''} on disk:`;
  if (disk === undefined) return `${head} not estimated (no on-disk size for its base)`;
  const total = disk + knownMB(est);
  const missing = uncounted(est);
  if (isScratch(est) && total === 0)
    return missing ? `${head} only the files copied in (scratch is empty)` : `${head} 0 MB`;
  if (!missing) return `${head} ${approx(total)} (estimate)`;
  const title = `${head} ≥ ${mb(total)} (not counted: ${missing})`;
  return title.length <= 80 ? title : `${head} ≥ ${mb(total)} (some steps not counted)`;
}

const lineOf = (ins: Instruction): number => ins.raw.startLine + 1;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/(?<!\s)\s*\n\s*/g, ' ');
}

/** The base's row: its on-disk size, or why there is none (a download size is not comparable). */
function baseCells(est: SizeEstimate): [string, string] {
  const base = est.baseSize;
  const disk = baseOnDisk(est);
  if (isScratch(est)) return ['0 MB', 'empty: only what is copied in'];
  if (disk === undefined)
    return [
      'unknown',
      base?.compressedMB !== undefined
        ? 'only its download size is published; files unpack larger'
        : 'no size figure for this image',
    ];
  return [approx(disk), base?.measuredOn ? `measured on \`${base.measuredOn}\`` : ''];
}

/** The breakdown shown in the hover of a shipped stage's FROM keyword. */
export function sizeEstimateMarkdown(est: SizeEstimate): string {
  const [baseSize, baseNote] = baseCells(est);
  const rows = [`| Base \`${cell(est.baseImage)}\` | ${baseSize} | ${cell(baseNote)} |`];
  for (const p of est.parts) {
    const label = p.code ? `\`${cell(p.label)}\`` : cell(p.label);
    rows.push(
      `| ${label} (line ${lineOf(p.ins)}) | ${p.mb === undefined ? 'not counted' : approx(p.mb)} | ${cell(p.note)} |`,
    );
  }
  const hasApt = est.parts.some((p) => p.mb !== undefined);
  const notes = [
    'Sizes on disk (unpacked). Only the shipped stage and the stages it is built `FROM` count; files copied from other stages count, their toolchains do not.',
    hasApt
      ? `Package figures: Debian 12 installed sizes with the dependencies they add to \`debian:bookworm-slim\` ([source](${APT_SIZES_SOURCE.url}), ${APT_SIZES_SOURCE.date}); slim images [leave out documentation](${SLIM_EXCLUDES}), so they are upper bounds.`
      : undefined,
  ].filter(Boolean);
  return [
    `**${sizeEstimateTitle(est)}**`,
    ['| Part | On disk | Note |', '| --- | --- | --- |', ...rows].join('\n'),
    `_${notes.join(' ')}_`,
  ].join('\n\n');
}

function tooltipOf(est: SizeEstimate): string {
  const missing = est.parts
    .filter((p) => p.mb === undefined)
    .map((p) => `line ${lineOf(p.ins)}: ${p.label}`);
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
    const est = estimateImageSize(ctx.model, stage);
    const from = est?.stage.fromInstruction;
    if (!est || !from) continue;
    lenses.push({
      start: from.raw.keywordStart,
      end: from.raw.keywordEnd,
      title: sizeEstimateTitle(est, stages.length > 1),
      tooltip: tooltipOf(est),
      kind: 'size',
      estimated: baseOnDisk(est) !== undefined,
    });
  }
  return lenses;
};

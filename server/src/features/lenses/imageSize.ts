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
  type AptCost,
} from '../../knowledge/packageSizes';
import type { DockerfileModel, Instruction, Stage } from '../../parse/model';
import { hasCacheMount } from '../../analysis/cacheMounts';
import { copyInfo, ownInstructions } from '../../analysis/copies';
import type { LensProvider } from '../types';
import { basename, detectTool, hasArg, positionals } from '../../analysis/tools';
import { HEREDOC_MARKER, stageLabel, stageRef } from './cache';

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

const INSTALLERS: Record<string, string[]> = {
  apk: ['add'],
  pip: ['install'],
  uv: ['install', 'sync', 'add'],
  poetry: ['install'],
  pipenv: ['install'],
  npm: ['ci', 'install', 'i'],
  yarn: ['', 'install', 'add'],
  pnpm: ['install', 'i', 'add'],
  bun: ['install', 'add'],
  yum: ['install'],
  dnf: ['install'],
  microdnf: ['install'],
  zypper: ['install', 'in'],
  bundler: ['install'],
  composer: ['install', 'require'],
  go: ['install'],
  cargo: ['install'],
};

/** The final stage and the stages it is built FROM, base first: what ships in the image. */
function shippedChain(model: DockerfileModel): Stage[] {
  const chain: Stage[] = [];
  for (let s = model.finalStage; s && !chain.includes(s); s = s.parent) chain.unshift(s);
  return chain;
}

/** Whether Debian package figures apply: apt-based, and not a full image that already has them. */
function aptFiguresApply(info: ImageInfo | undefined): boolean {
  if (!info || info.packageManager !== 'apt') return false;
  return info.variant !== 'full' || info.family === 'debian' || info.family === 'ubuntu';
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

export function estimateImageSize(model: DockerfileModel): SizeEstimate | undefined {
  const chain = shippedChain(model);
  const root = chain[0];
  const final = model.finalStage;
  if (!root?.from || !final) return undefined;
  const baseImage = root.from.image;
  const ref = parseImageRef(baseImage);
  const baseInfo = ref ? describeImage(ref) : undefined;
  const parts: SizePart[] = [];
  const aptKnown = aptFiguresApply(baseInfo);
  const present = new Set<string>();
  for (const stage of chain) {
    for (const ins of ownInstructions(stage)) {
      parts.push(...instructionParts(model, ins, aptKnown, present));
    }
  }
  return { stage: final, baseImage, baseInfo, baseSize: baseInfo?.size, parts };
}

/** Debian packages already added by earlier installs are in `present` and not counted again. */
function instructionParts(
  model: DockerfileModel,
  ins: Instruction,
  aptKnown: boolean,
  present: Set<string>,
): SizePart[] {
  if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
    const info = copyInfo(ins)!;
    // Inline heredoc files are small and their text is in the Dockerfile.
    if (info.sources.every((w) => HEREDOC_MARKER.test(w.text))) return [];
    const stage = stageRef(model, info.from, ins.stage.index);
    const note = 'size of the copied files is not known here';
    if (info.from) {
      const label = `files from ${stage ? stageLabel(stage) : `image \`${info.from}\``}`;
      return [{ label, code: false, ins, mb: undefined, note }];
    }
    return [
      { label: commandLabel(model, ins.start, ins.end), code: true, ins, mb: undefined, note },
    ];
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
          note: 'package figures are for Debian-based slim images; a full image already has many of these',
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
        });
      }
      if (cost.unknown.length > 0) {
        parts.push({
          label: `apt-get install ${cost.unknown.join(' ')}`,
          code: true,
          ins,
          mb: undefined,
          note: 'not in the package table',
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

/** One line for the lens on the final stage's FROM. */
export function sizeEstimateTitle(est: SizeEstimate): string {
  const known = knownMB(est);
  const unknown = est.parts.some((p) => p.mb === undefined) ? ' + unknown' : '';
  const disk = est.baseSize?.uncompressedMB;
  const compressed = est.baseSize?.compressedMB;
  let body: string;
  if (disk !== undefined) body = `${approx(disk + known)} on disk`;
  else if (compressed !== undefined)
    body = `base ${approx(compressed)} compressed${known > 0 ? ` + ${approx(known)} of packages on disk` : ''}`;
  else if (known > 0) body = `base unknown + ${approx(known)} of packages`;
  else return 'Estimated image size: unknown (no size figure for the base image)';
  return `Estimated image size: ${body}${unknown} (estimate)`;
}

const lineOf = (ins: Instruction): number => ins.raw.startLine + 1;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/(?<!\s)\s*\n\s*/g, ' ');
}

/** The breakdown shown in the hover of the final stage's FROM line. */
export function sizeEstimateMarkdown(est: SizeEstimate): string {
  const rows: string[] = [];
  const base = est.baseSize;
  const baseSize = base
    ? [
        base.uncompressedMB !== undefined ? `${approx(base.uncompressedMB)} on disk` : undefined,
        base.compressedMB !== undefined ? `${approx(base.compressedMB)} compressed` : undefined,
      ]
        .filter(Boolean)
        .join(', ')
    : 'unknown';
  const measured = base?.measuredOn ? `measured on \`${base.measuredOn}\`` : '';
  rows.push(`| Base \`${cell(est.baseImage)}\` | ${baseSize} | ${cell(measured)} |`);
  for (const p of est.parts) {
    const label = p.code ? `\`${cell(p.label)}\`` : cell(p.label);
    rows.push(
      `| ${label} (line ${lineOf(p.ins)}) | ${p.mb === undefined ? 'unknown' : approx(p.mb)} | ${cell(p.note)} |`,
    );
  }
  const hasApt = est.parts.some((p) => p.mb !== undefined);
  const notes = [
    'Only the final stage and the stages it is built `FROM` ship; files copied from other stages count, their toolchains do not.',
    hasApt
      ? `Package figures: installed size of the packages and the dependencies they add to \`debian:bookworm-slim\`, from the Debian 12 archive ([source](${APT_SIZES_SOURCE.url}), ${APT_SIZES_SOURCE.date}); slim images [leave out documentation](${SLIM_EXCLUDES}), so they are upper bounds. Apt lists: measured after \`apt-get update\` on Debian 12 (${APT_LISTS.source.date}).`
      : undefined,
  ].filter(Boolean);
  return [
    `**${sizeEstimateTitle(est)}**`,
    ['| Part | Size | Note |', '| --- | --- | --- |', ...rows].join('\n'),
    `_${notes.join(' ')}_`,
  ].join('\n\n');
}

/** Above the final stage's FROM: the estimated image size. */
export const sizeLensProvider: LensProvider = ({ model }) => {
  const est = estimateImageSize(model);
  const from = est?.stage.fromInstruction;
  if (!est || !from) return [];
  return [
    {
      start: from.raw.keywordStart,
      end: from.raw.keywordEnd,
      title: sizeEstimateTitle(est),
      tooltip:
        'An estimate: the base image figure plus the package installs with known sizes. Hover the FROM line for the breakdown.',
    },
  ];
};

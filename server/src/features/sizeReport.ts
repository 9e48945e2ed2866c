/**
 * The size report of a shipped image before it is built: each step that adds to it with its
 * estimate — the base image's on-disk size when known, each apt install with its package count
 * and bytes from the Debian archive, apt lists left behind — and everything else it receives
 * (copies, other installs) as unknown; the total as known-plus-unknown; and what the size
 * findings in that chain would save. Pure: model + findings → rows. The image-size lens and hover
 * and `layerwise size` show it.
 */
import {
  aptChain,
  aptImageBase,
  aptListsBytes,
  stageChain,
  type AptImageBase,
} from '../analysis/aptSizes';
import { hasCacheMount } from '../analysis/cacheMounts';
import { copyInfo, ownInstructions } from '../analysis/copies';
import { basename, detectTool } from '../analysis/tools';
import { APT_DATA_SOURCE } from '../knowledge/apt';
import { describeImage, type ImageInfo, type SizeFigure } from '../knowledge/baseImages';
import { parseImageRef } from '../knowledge/imageRef';
import type { DockerfileModel, Instruction, Stage } from '../parse/model';
import type { Finding } from '../rules/types';
import { HEREDOC_MARKER, stageLabel, stageRef } from './lenses/cache';
import { INSTALLERS } from './lenses/installs';

/** One step that adds to the image. */
export interface SizeRow {
  kind: 'base' | 'apt' | 'apt-lists' | 'copy' | 'install';
  /** What adds the bytes, e.g. `apt-get install -y curl git`. */
  label: string;
  /** The label is Dockerfile text (shown as code). */
  code: boolean;
  /** The instruction (the FROM for the base row). */
  ins: Instruction | undefined;
  /** 1-based line of the instruction. */
  line: number;
  /** Bytes on disk, or undefined when unknown. */
  bytes: number | undefined;
  /** For apt installs: how many Debian packages it adds. */
  packages?: number;
  /** Why unknown, or how the figure was made. */
  note: string;
  /** A short name when unknown, for "not counted: …": `pip install`, `COPY . .`. */
  what: string;
}

export interface SizeReport {
  stage: Stage;
  /** The image the stage chain starts from (ARG-resolved). */
  baseImage: string;
  baseInfo: ImageInfo | undefined;
  /** The Debian base whose packages are known, when there is one. */
  aptBase: AptImageBase | undefined;
  /** Base first, then each step in build order. */
  rows: SizeRow[];
  /** The sum of the known rows; undefined when the base's on-disk size is unknown. */
  knownBytes: number | undefined;
  /** `what` of the unknown rows (each once), in order. */
  unknown: string[];
  /** What the findings in the chain that carry bytes would save (`list`: those findings). */
  savings: { bytes: number; findings: number; list: Finding[] };
}

/** A command as written, on one line and at most 60 characters. */
function commandLabel(model: DockerfileModel, start: number, end: number): string {
  const text = model.text
    .slice(start, end)
    .replace(/\\\r?\n/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

const MB = 1e6;
const LISTS = /^\/var\/lib\/apt\/lists(\/\*?)?$/;
const lineOf = (ins: Instruction): number => ins.raw.startLine + 1;

/** On-disk bytes of the base, or undefined when only a download size (or nothing) is known. */
function baseBytes(info: ImageInfo | undefined): number | undefined {
  if (info?.family === 'scratch') return 0;
  const disk = info?.size?.uncompressedMB;
  return disk === undefined ? undefined : disk * MB;
}

function baseNote(info: ImageInfo | undefined, size: SizeFigure | undefined): string {
  if (info?.family === 'scratch') return 'empty: only what is copied in';
  if (size?.uncompressedMB !== undefined)
    return size.measuredOn ? `measured on \`${size.measuredOn}\`` : 'on disk, linux/amd64';
  return size?.compressedMB !== undefined
    ? 'only its download size is published; files unpack larger'
    : 'no size figure for this image';
}

/** Official images whose apt variants are built on Debian (Ubuntu- and RHEL-based ones are not). */
const DEBIAN_FAMILIES = new Set(['debian', 'python', 'node', 'golang', 'rust', 'ruby', 'php']);

/** Why an apt install on this base has no figure. */
function aptUnknownNote(info: ImageInfo | undefined): string {
  if (info && info.packageManager === 'apt' && DEBIAN_FAMILIES.has(info.family))
    return info.variant === 'full'
      ? 'no package list of this full image in the data: most of what it installs may be there already'
      : 'the tag does not name its Debian release (e.g. `-slim-bookworm`), or no package list of that image is in the data';
  return 'package figures are from Debian; this base is not known to be Debian';
}

/** The report for one shipped stage (default: the final stage). */
export function sizeReport(
  ctx: { model: DockerfileModel; findings: readonly Finding[] },
  target: Stage | undefined = ctx.model.finalStage,
): SizeReport | undefined {
  const { model } = ctx;
  if (!target) return undefined;
  const chain = stageChain(target);
  const root = chain[0];
  if (!root?.from) return undefined;
  const baseImage = root.from.image;
  const ref = parseImageRef(baseImage);
  const baseInfo = ref ? describeImage(ref) : undefined;
  const aptBase = aptImageBase(baseImage);
  const rows: SizeRow[] = [
    {
      kind: 'base',
      label: `Base \`${baseImage}\``,
      code: false,
      ins: root.fromInstruction,
      line: root.fromInstruction ? lineOf(root.fromInstruction) : 1,
      bytes: baseBytes(baseInfo),
      note: baseNote(baseInfo, baseInfo?.size),
      what: `base \`${baseImage}\``,
    },
  ];
  const apt = aptChain(model, target);
  for (const stage of chain) {
    for (const ins of ownInstructions(stage))
      rows.push(...instructionRows(model, ins, baseInfo, aptBase, apt.steps));
  }
  const knownBase = rows[0]!.bytes;
  const knownBytes =
    knownBase === undefined ? undefined : rows.reduce((sum, r) => sum + (r.bytes ?? 0), 0);
  const unknown = [
    ...new Set(rows.filter((r) => r.bytes === undefined && r.kind !== 'base').map((r) => r.what)),
  ];
  return {
    stage: target,
    baseImage,
    baseInfo,
    aptBase,
    rows,
    knownBytes,
    unknown,
    savings: savingsIn(ctx, chain),
  };
}

/** The findings inside the chain's instructions that carry a saving. */
function savingsIn(
  ctx: { model: DockerfileModel; findings: readonly Finding[] },
  chain: readonly Stage[],
): SizeReport['savings'] {
  const inChain = new Set(chain);
  let bytes = 0;
  let findings = 0;
  const list: Finding[] = [];
  for (const f of ctx.findings) {
    if (f.bytes === undefined) continue;
    const ins = ctx.model.instructions.find((i) => f.start >= i.start && f.start <= i.end);
    if (!ins || !inChain.has(ins.stage)) continue;
    bytes += f.bytes;
    findings++;
    list.push(f);
  }
  return { bytes, findings, list };
}

function instructionRows(
  model: DockerfileModel,
  ins: Instruction,
  baseInfo: ImageInfo | undefined,
  aptBase: AptImageBase | undefined,
  aptSteps: ReturnType<typeof aptChain>['steps'],
): SizeRow[] {
  const line = lineOf(ins);
  if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
    const info = copyInfo(ins)!;
    // Inline heredoc files are small and their text is in the Dockerfile.
    if (info.sources.every((w) => HEREDOC_MARKER.test(w.text))) return [];
    const note = 'size of the copied files is not known here';
    if (info.from) {
      const stage = stageRef(model, info.from, ins.stage.index);
      const label = `files from ${stage ? stageLabel(stage) : `image \`${info.from}\``}`;
      return [
        {
          kind: 'copy',
          label,
          code: false,
          ins,
          line,
          bytes: undefined,
          note,
          what: label.replace(/`/g, ''),
        },
      ];
    }
    const label = commandLabel(model, ins.start, ins.end);
    return [{ kind: 'copy', label, code: true, ins, line, bytes: undefined, note, what: label }];
  }
  if (!ins.run) return [];
  const rows: SizeRow[] = [];
  let aptUpdate = false;
  for (const cmd of ins.run.commands) {
    const u = detectTool(cmd, ins);
    if (!u) continue;
    if (u.tool === 'apt' && u.verb === 'update') aptUpdate = true;
    const label = commandLabel(model, cmd.start, cmd.end);
    if (u.tool === 'apt' && u.verb === 'install') {
      const step = aptSteps.find((s) => s.use.command === cmd);
      const result = step?.result;
      if (!result) {
        rows.push({
          kind: 'apt',
          label,
          code: true,
          ins,
          line,
          bytes: undefined,
          note: ins.onbuild ? 'runs in a child image' : aptUnknownNote(baseInfo),
          what: 'apt-get install',
        });
        continue;
      }
      const rec = step.recommends ? 'with' : 'without';
      const approx =
        aptBase && !aptBase.exact
          ? `; \`${aptBase.baseKey}\`'s packages taken as installed (the image has more), so an upper bound`
          : '';
      rows.push({
        kind: 'apt',
        label,
        code: true,
        ins,
        line,
        bytes: result.bytes,
        packages: result.added.length,
        note: `${result.added.length} Debian package${result.added.length === 1 ? '' : 's'} ${rec} recommends${approx}`,
        what: 'apt-get install',
      });
      if (result.unknown.length > 0) {
        const names = result.unknown.map((n) => `\`${n}\``).join(', ');
        rows.push({
          kind: 'apt',
          label: `apt-get install ${result.unknown.join(' ')}`,
          code: true,
          ins,
          line,
          bytes: undefined,
          note: `${names}: not a package of Debian ${aptBase?.release} main (or a variable, glob or virtual name)`,
          what: 'some apt packages',
        });
      }
      continue;
    }
    if (INSTALLERS[u.tool]?.includes(u.verb)) {
      rows.push({
        kind: 'install',
        label,
        code: true,
        ins,
        line,
        bytes: undefined,
        note: 'depends on the packages it resolves; no sizes for this package manager',
        what: `${u.tool} ${u.verb || 'install'}`,
      });
    }
  }
  if (aptUpdate) {
    const cleaned = ins.run.commands.some(
      (c) => basename(c.words[0]) === 'rm' && c.words.slice(1).some((w) => LISTS.test(w.value)),
    );
    if (!cleaned && !hasCacheMount('apt-lists', ins, ['/var/lib/apt/lists'])) {
      const lists = aptBase ? aptListsBytes(aptBase.release) : undefined;
      rows.push({
        kind: 'apt-lists',
        label: 'apt package lists left by `apt-get update`',
        code: false,
        ins,
        line,
        bytes: lists?.bytes,
        note: lists
          ? `measured after \`apt-get update\` on \`debian:bookworm-slim\` (${lists.source.date}); remove them in the same RUN: \`rm -rf /var/lib/apt/lists/*\``
          : 'their size for this base is not known; remove them in the same RUN: `rm -rf /var/lib/apt/lists/*`',
        what: 'apt lists',
      });
    }
  }
  return rows;
}

/** Where the apt figures come from, for a footnote. */
export function aptFiguresNote(): string {
  return `Debian package figures: Installed-Size of each package apt would add, from the archive's indexes (${APT_DATA_SOURCE.date}); slim images leave out documentation, so they are upper bounds.`;
}

import {
  describeImage,
  GENERIC_TRADEOFFS,
  KNOWLEDGE_VERSION,
  type ImageInfo,
  type SizeFigure,
  type SourceRef,
} from './baseImages';
import { parseImageRef, type ImageRef } from './imageRef';

export interface ImageHoverOptions {
  /** original text with ${ARG} when resolved */
  resolvedFrom?: string;
  isFinalStage?: boolean;
  /**
   * A builder stage: other stages copy from it and no build ships it, so its size does not
   * matter and runtime alternatives do not fit.
   */
  isBuilder?: boolean;
  /** Only what the image is (title, size, libc, shell, package manager): under a finding. */
  compact?: boolean;
}

/** At most this many alternatives: the ones that fit, smallest first. */
const MAX_ALTERNATIVES = 3;

/** Markdown for a hover on a `FROM` image: a compact card of what it is and what else fits. */
export function imageHoverMarkdown(imageText: string, opts: ImageHoverOptions = {}): string {
  const ref = parseImageRef(imageText);
  const info = ref ? describeImage(ref) : undefined;
  const blocks =
    info && ref ? knownImage(imageText, ref, info, opts) : unknownImage(imageText, ref, opts);
  return shortenDigests(blocks.join('\n\n')) + '\n';
}

/** `sha256:` and the first 8 hex digits: a full digest pushes a hover's columns off screen. */
export function shortenDigests(text: string): string {
  return text.replace(/sha256:([0-9a-f]{8})[0-9a-f]{56}/gi, 'sha256:$1…');
}

function knownImage(
  imageText: string,
  ref: ImageRef,
  info: ImageInfo,
  opts: ImageHoverOptions,
): string[] {
  const blocks: string[] = [];
  if (opts.isBuilder) blocks.push('_Builder: its size does not ship (only what is copied out)._');
  blocks.push(`**${info.familyTitle}** · ${info.variantTitle} — \`${imageText.trim()}\``);
  if (opts.resolvedFrom) blocks.push(`_Resolved from \`${opts.resolvedFrom}\`_`);
  if (
    info.version === undefined &&
    (ref.tag === undefined || ref.tag === 'latest') &&
    info.family !== 'scratch'
  ) {
    blocks.push(
      ref.digest
        ? '_Pinned by digest only: described for the family, without a version._'
        : '_No version pinned (`latest` moves): described for the family, without a version._',
    );
  }

  const facts = [
    `**libc** ${info.libc}`,
    `**shell** ${yesNo(info.shell)}`,
    `**package manager** ${info.packageManager === null ? 'none' : info.packageManager}`,
  ];
  const size = info.size
    ? sizeLine(info.size, `${ref.repository}:${ref.tag ?? 'latest'}`)
    : undefined;
  blocks.push([size, facts.join(' · ')].filter(Boolean).join('  \n'));
  if (opts.compact) return blocks;
  blocks.push(`**Suits:** ${info.suits}`);
  if (info.pitfalls.length > 0) blocks.push(`**Pitfall:** ${info.pitfalls[0]}`);
  if (opts.isBuilder) {
    blocks.push(footer(info.sources));
    return blocks;
  }

  // Alpine-only fixes (golang, ubuntu) are better told by the multi-stage line and the table.
  if (opts.isFinalStage !== false && info.isFullVariant && info.slimRef) {
    const alpine = info.alpineRef
      ? ` (or \`${info.alpineRef}\`: musl, check native dependencies)`
      : '';
    blocks.push(`**Final stage:** a slimmer variant exists: \`${info.slimRef}\`${alpine}.`);
  }

  const alternatives = info.alternatives.slice(0, MAX_ALTERNATIVES);
  if (alternatives.length > 0) {
    const rows = alternatives.map(
      (a) => `| \`${a.ref}\` | ${a.variant} | ${a.size ? onDisk(a.size) : '—'} | ${cell(a.note)} |`,
    );
    const table = [
      '| Alternative | Variant | On disk | Note |',
      '| --- | --- | --- | --- |',
      ...rows,
    ];
    blocks.push(table.join('\n'));
  }

  const multi = multiStageLine(info, opts);
  if (multi) blocks.push(multi);
  blocks.push(footer(info.sources));
  return blocks;
}

function multiStageLine(info: ImageInfo, opts: ImageHoverOptions): string | undefined {
  const hint = info.multiStage;
  if (!hint) return undefined;
  if (opts.isFinalStage === false)
    return '_Not the final stage: a large toolchain image is fine here if nothing ships from it._';
  const shipRef = parseImageRef(hint.ship);
  const shipSize = shipRef ? describeImage(shipRef)?.size : undefined;
  const saving = info.size && shipSize ? savingText(info.size, shipSize) : undefined;
  return `**Multi-stage:** build in \`${hint.build}\`, ship \`${hint.ship}\`${saving ? ` (${saving})` : ''}: ${hint.note}.`;
}

/** On disk only: a download size is not compared with an unpacked one. */
function savingText(from: SizeFigure, to: SizeFigure): string | undefined {
  if (from.uncompressedMB !== undefined && to.uncompressedMB !== undefined) {
    return `~${mb(from.uncompressedMB)} → ~${mb(to.uncompressedMB)} on disk`;
  }
  return undefined;
}

function unknownImage(
  imageText: string,
  ref: ImageRef | undefined,
  opts: ImageHoverOptions,
): string[] {
  const text = imageText.trim();
  const blocks: string[] = [];
  if (ref === undefined) {
    blocks.push(
      text.includes('$')
        ? `**\`${text}\`** — uses a build argument without a default, so the image is not known here.`
        : `**\`${text}\`** — not a valid image reference.`,
    );
  } else {
    blocks.push(
      `**\`${text}\`** — not in Layerwise's base-image knowledge base, so there are no facts or figures for this image.`,
    );
  }
  if (opts.resolvedFrom) blocks.push(`_Resolved from \`${opts.resolvedFrom}\`_`);
  if (opts.compact) return blocks;
  const rows = GENERIC_TRADEOFFS.map((r) => `| ${r.title} | ${r.size} | ${cell(r.notes)} |`);
  blocks.push(
    [
      'How base image kinds usually compare:',
      '',
      '| Kind | Typical size | Notes |',
      '| --- | --- | --- |',
      ...rows,
    ].join('\n'),
  );
  return blocks;
}

function yesNo(value: boolean | 'unknown'): string {
  return value === 'unknown' ? 'unknown' : value ? 'yes' : 'no';
}

/** Round figures: one decimal under 10 MB, whole MB under 100, two significant digits above. */
export function mb(value: number): string {
  if (value >= 1000) return `${trimZero((value / 1000).toFixed(1))} GB`;
  if (value >= 100) return `${Number(value.toPrecision(2))} MB`;
  if (value >= 10) return `${Math.round(value)} MB`;
  return `${trimZero(value.toFixed(1))} MB`;
}

function trimZero(text: string): string {
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}

/** On disk when known; otherwise the download size, said to be one (never mixed in one figure). */
function sizeLine(size: SizeFigure, shown: string): string {
  const measured =
    size.measuredOn && size.measuredOn !== shown ? `measured on \`${size.measuredOn}\`, ` : '';
  const when = `_(${measured}${size.source.date.slice(0, 7)}, linux/amd64)_`;
  if (size.uncompressedMB !== undefined)
    return `**Size on disk:** ${approx(size.uncompressedMB)} ${when}`;
  return `**Pull size:** ${approx(size.compressedMB ?? 0)} compressed; unpacked size not measured ${when}`;
}

function approx(value: number): string {
  return value === 0 ? '0 MB' : `~${mb(value)}`;
}

/** Alternatives are compared on disk; a download-only figure is not shown next to them. */
function onDisk(size: SizeFigure): string {
  return size.uncompressedMB !== undefined ? approx(size.uncompressedMB) : '—';
}

/** Table cells cannot hold pipes or line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/(?<!\s)\s*\n\s*/g, ' ');
}

function footer(sources: readonly SourceRef[]): string {
  const links = sources.map((s) => `[${label(s.url)}](${s.url}) ${s.date}`);
  const sizes = 'Sizes are approximate.';
  return `_${sizes} ${links.length > 0 ? `Sources: ${links.join(' · ')}.` : ''} Knowledge ${KNOWLEDGE_VERSION}._`;
}

function label(url: string): string {
  const m = /^https?:\/\/(?:www\.)?([^/]+)\/([^/#?]+)?\/?([^/#?]+)?/.exec(url);
  if (!m) return url;
  const [, host, first, second] = m;
  return host === 'github.com' && first && second ? `${first}/${second}` : (host ?? url);
}

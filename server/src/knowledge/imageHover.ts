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
}

/** Markdown for a hover on a `FROM` image: what it is, what it weighs, and smaller options. */
export function imageHoverMarkdown(imageText: string, opts: ImageHoverOptions = {}): string {
  const ref = parseImageRef(imageText);
  const info = ref ? describeImage(ref) : undefined;
  const blocks =
    info && ref ? knownImage(imageText, ref, info, opts) : unknownImage(imageText, ref, opts);
  return blocks.join('\n\n') + '\n';
}

function knownImage(
  imageText: string,
  ref: ImageRef,
  info: ImageInfo,
  opts: ImageHoverOptions,
): string[] {
  const blocks: string[] = [
    `**${info.familyTitle}** · ${info.variantTitle} — \`${imageText.trim()}\``,
  ];
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
  blocks.push(`**Suits:** ${info.suits}`);
  if (info.pitfalls.length > 0)
    blocks.push(['**Pitfalls**', ...info.pitfalls.map((p) => `- ${p}`)].join('\n'));

  // Alpine-only fixes (golang, ubuntu) are better told by the multi-stage line and the table.
  if (opts.isFinalStage !== false && info.isFullVariant && info.slimRef) {
    const alpine = info.alpineRef
      ? ` (or \`${info.alpineRef}\`: musl, check native dependencies)`
      : '';
    blocks.push(`**Final stage:** a slimmer variant exists: \`${info.slimRef}\`${alpine}.`);
  }

  if (info.alternatives.length > 0) {
    const rows = info.alternatives.map(
      (a) =>
        `| \`${a.ref}\` | ${a.variant} | ${a.size ? shortSize(a.size) : '—'} | ${cell(a.note)} |`,
    );
    const table = [
      '| Alternative | Variant | Approx. size | Note |',
      '| --- | --- | --- | --- |',
      ...rows,
    ];
    // Figures are per variant; say which tag was weighed when it is not the one listed.
    const elsewhere = info.alternatives
      .filter((a) => a.size?.measuredOn && a.size.measuredOn !== a.ref)
      .map((a) => `\`${a.size?.measuredOn}\``);
    if (elsewhere.length > 0)
      table.push('', `_Sizes above measured on ${[...new Set(elsewhere)].join(', ')}._`);
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
    return '_Builder stage: a large toolchain image is fine here; only the final stage ships._';
  const shipRef = parseImageRef(hint.ship);
  const shipSize = shipRef ? describeImage(shipRef)?.size : undefined;
  const saving = info.size && shipSize ? ` (${savingText(info.size, shipSize)})` : '';
  return `**Multi-stage:** build in \`${hint.build}\`, ship \`${hint.ship}\`${saving}: ${hint.note}.`;
}

function savingText(from: SizeFigure, to: SizeFigure): string {
  if (from.compressedMB !== undefined && to.compressedMB !== undefined) {
    return `~${mb(from.compressedMB)} → ~${mb(to.compressedMB)} compressed`;
  }
  if (from.uncompressedMB !== undefined && to.uncompressedMB !== undefined) {
    return `~${mb(from.uncompressedMB)} → ~${mb(to.uncompressedMB)} on disk`;
  }
  return `${labelledSize(from)} → ${labelledSize(to)}`;
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

function sizeLine(size: SizeFigure, shown: string): string {
  const parts: string[] = [];
  if (size.compressedMB !== undefined) parts.push(`${approx(size.compressedMB)} compressed`);
  if (size.uncompressedMB !== undefined) parts.push(`${approx(size.uncompressedMB)} on disk`);
  const measured =
    size.measuredOn && size.measuredOn !== shown ? `measured on \`${size.measuredOn}\`, ` : '';
  return `**Size:** ${parts.join(', ')} _(${measured}${size.source.date.slice(0, 7)}, linux/amd64)_`;
}

function approx(value: number): string {
  return value === 0 ? '0 MB' : `~${mb(value)}`;
}

/** Compressed figures are the default in tables; on-disk ones say so. */
function shortSize(size: SizeFigure): string {
  if (size.compressedMB !== undefined) return approx(size.compressedMB);
  return size.uncompressedMB !== undefined ? `${approx(size.uncompressedMB)} on disk` : '—';
}

function labelledSize(size: SizeFigure): string {
  return size.compressedMB !== undefined
    ? `${approx(size.compressedMB)} compressed`
    : shortSize(size);
}

/** Table cells cannot hold pipes or line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/(?<!\s)\s*\n\s*/g, ' ');
}

function footer(sources: readonly SourceRef[]): string {
  const links = sources.map((s) => `[${label(s.url)}](${s.url}) ${s.date}`);
  const sizes = 'Sizes are approximate; compressed = registry download.';
  return `_${sizes} ${links.length > 0 ? `Sources: ${links.join(' · ')}.` : ''} Knowledge ${KNOWLEDGE_VERSION}._`;
}

function label(url: string): string {
  const m = /^https?:\/\/(?:www\.)?([^/]+)\/([^/#?]+)?\/?([^/#?]+)?/.exec(url);
  if (!m) return url;
  const [, host, first, second] = m;
  return host === 'github.com' && first && second ? `${first}/${second}` : (host ?? url);
}

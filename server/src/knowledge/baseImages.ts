/**
 * Offline knowledge about common base images: variant, libc, shell, package manager, size and
 * slimmer alternatives. Sizes are only given where a dated source backs them (see
 * `images/figures.ts`); an unknown image gets `undefined`, never a guess.
 */
import { writtenName, type ImageRef } from './imageRef';
import type { DescribeContext, Describer } from './images/common';
import { COMPILED_DESCRIBERS } from './images/compiled';
import { DOTNET_DESCRIBERS } from './images/dotnet';
import { JAVA_DESCRIBERS } from './images/java';
import { LANGUAGE_DESCRIBERS } from './images/languages';
import { MINIMAL_DESCRIBERS } from './images/minimal';
import { OS_DESCRIBERS } from './images/os';
import { SERVICE_DESCRIBERS } from './images/services';
import type { ImageInfo, VariantKind } from './images/types';

export type {
  Alternative,
  ImageInfo,
  Libc,
  MultiStageHint,
  SizeFigure,
  SourceRef,
  VariantKind,
} from './images/types';

/** Bump when figures or facts are re-checked; shown in hovers so users can judge staleness. */
export const KNOWLEDGE_VERSION = '2026-11-27';

/** The optimization guide's base-image table, for images the knowledge base does not know. */
export const GENERIC_TRADEOFFS: {
  variant: VariantKind;
  title: string;
  size: string;
  notes: string;
}[] = [
  { variant: 'scratch', title: '`scratch`', size: 'Smallest', notes: 'Only for static binaries' },
  { variant: 'distroless', title: 'distroless', size: '~2-20 MB', notes: 'No shell, minimal' },
  {
    variant: 'alpine',
    title: 'alpine',
    size: '~5 MB',
    notes: 'musl libc, may have compatibility issues',
  },
  { variant: 'slim', title: '`*-slim`', size: '~50-150 MB', notes: 'Good balance' },
  { variant: 'full', title: 'Standard', size: '~300+ MB', notes: 'Full tooling' },
];

const DESCRIBERS: readonly Describer[] = [
  ...LANGUAGE_DESCRIBERS,
  ...COMPILED_DESCRIBERS,
  ...JAVA_DESCRIBERS,
  ...DOTNET_DESCRIBERS,
  ...OS_DESCRIBERS,
  ...MINIMAL_DESCRIBERS,
  ...SERVICE_DESCRIBERS,
];

/**
 * Every analysis describes each stage's base image again (an editor: on every keystroke), mostly
 * the same few images: descriptions are kept by reference. Callers do not modify them.
 */
const described = new Map<string, ImageInfo | null>();
const DESCRIBED_LIMIT = 500;

/** Empties the memo of descriptions (benchmarks measure analysis from scratch). */
export function clearImageDescriptions(): void {
  described.clear();
}

/** undefined = unknown image (never guess) */
export function describeImage(ref: ImageRef): ImageInfo | undefined {
  // The name as written shows in suggested tags, so it is part of the key.
  const key = `${ref.raw}\n${ref.registry ?? ''}\n${ref.repository}\n${ref.tag ?? ''}\n${ref.digest ?? ''}`;
  let info = described.get(key);
  if (info === undefined) {
    info = describeUncached(ref) ?? null;
    if (described.size >= DESCRIBED_LIMIT) described.clear();
    described.set(key, info);
  }
  return info ?? undefined;
}

function describeUncached(ref: ImageRef): ImageInfo | undefined {
  const ctx: DescribeContext = { ref, name: writtenName(ref), repo: ref.repository.toLowerCase() };
  if (ref.tag !== undefined) ctx.tag = ref.tag;
  for (const describe of DESCRIBERS) {
    const info = describe(ctx);
    if (info) return info;
  }
  return undefined;
}

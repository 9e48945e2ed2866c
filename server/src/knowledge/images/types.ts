/** Types of the base-image knowledge base; re-exported by `../baseImages`. */

export type VariantKind =
  | 'full'
  | 'slim'
  | 'alpine'
  | 'distroless'
  | 'scratch'
  | 'chiseled'
  | 'minimal'
  | 'wolfi'
  | 'windows'
  | 'other';

export interface SourceRef {
  url: string;
  /** YYYY-MM or YYYY-MM-DD: when the figure was observed, or the page's date. */
  date: string;
}

/**
 * An approximate size for linux/amd64. `source` backs `compressedMB` (or `uncompressedMB` when
 * there is no compressed figure); `uncompressedSource` backs `uncompressedMB` when it comes from
 * another page.
 */
export interface SizeFigure {
  compressedMB?: number;
  uncompressedMB?: number;
  source: SourceRef;
  uncompressedSource?: SourceRef;
  /** The tag that was measured, when it differs from the image being described. */
  measuredOn?: string;
}

export interface Alternative {
  ref: string;
  variant: VariantKind;
  size?: SizeFigure;
  note: string;
}

export type Libc = 'glibc' | 'musl' | 'none' | 'unknown';

/** Build in one image, ship another: shown for toolchain images in the final stage. */
export interface MultiStageHint {
  build: string;
  ship: string;
  note: string;
}

export interface ImageInfo {
  family: string;
  familyTitle: string;
  variant: VariantKind;
  variantTitle: string;
  /** '3.12' parsed from the tag when present */
  version?: string;
  size?: SizeFigure;
  libc: Libc;
  shell: boolean | 'unknown';
  packageManager: string | null | 'unknown';
  suits: string;
  pitfalls: string[];
  /** concrete refs for the same version, smallest first, not including itself */
  alternatives: Alternative[];
  /** full-base-image: a full variant of an official image that publishes a slimmer variant */
  isFullVariant: boolean;
  /** the concrete replacement for the full-base-image quick fix, e.g. 'python:3.12-slim' (keeps registry prefix and version, keeps digest-free); undefined when none */
  slimRef?: string;
  alpineRef?: string;
  multiStage?: MultiStageHint;
  sources: SourceRef[];
}

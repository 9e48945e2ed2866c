/**
 * Debian package knowledge: what `apt-get install` adds to a Debian-based image, and how many
 * bytes, from the whole archive of each supported release (see docs/apt-data.md).
 */
import { loadArchive, type DebianRelease } from './archive';
import { ARCHIVE_IMAGES, ARCHIVE_META } from './archiveData';
import type { SourceRef } from '../images/types';

export type { DebianRelease } from './archive';
export { prefetchArchive } from './archive';
export {
  aptArgumentName,
  resolveAptInstall,
  type AptAddedPackage,
  type AptInstallResult,
} from './resolve';

/** Where the package data comes from, when it was read, and which releases it covers. */
export const APT_DATA_SOURCE: { url: string; date: string; releases: readonly DebianRelease[] } = {
  url: ARCHIVE_META.source.url,
  date: ARCHIVE_META.date,
  releases: ARCHIVE_META.releases,
};

/** The base-image keys that have a package list, e.g. 'debian:bookworm-slim'. */
export const APT_BASE_IMAGES: readonly string[] = ARCHIVE_IMAGES.map((i) => i.key);

export interface AptBaseSet {
  release: DebianRelease;
  packages: ReadonlySet<string>;
  /** The published package list. */
  source: SourceRef;
}

const baseSets = new Map<string, AptBaseSet>();

/** The packages of a base image, by key (one of APT_BASE_IMAGES); undefined when not described. */
export function aptBaseSet(image: string): AptBaseSet | undefined {
  const cached = baseSets.get(image);
  if (cached) return cached;
  const entry = ARCHIVE_IMAGES.find((i) => i.key === image);
  if (!entry) return undefined;
  const release = entry.release as DebianRelease;
  const archive = loadArchive();
  const ids = archive?.release(release)?.bases[entry.index];
  if (!archive || !ids) return undefined;
  const set: AptBaseSet = {
    release,
    packages: new Set(Array.from(ids, (i) => archive.names[i]!)),
    source: entry.source,
  };
  baseSets.set(image, set);
  return set;
}

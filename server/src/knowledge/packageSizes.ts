/**
 * What common package installs add to an image, for the estimated-size lens. Only figures with a
 * source: Debian 12 package sizes from the archive's index (see aptPackageData.ts and
 * scripts/measure-apt-sizes.mjs), and the apt lists measured after `apt-get update`. Anything
 * else — apk, pip, npm, … — stays unknown.
 */
import { APT_ADDS, APT_DATA_DATE, APT_INSTALLED_KIB } from './aptPackageData';
import type { ImageInfo, SourceRef } from './images/types';

/**
 * Official images whose apt-based variants are built on Debian. Ubuntu-based ones (ubuntu,
 * eclipse-temurin, many vendor images) and RHEL-based ones are not here: Debian package sizes
 * say nothing about their packages.
 */
const DEBIAN_BASED = new Set([
  'debian',
  'python',
  'node',
  'golang',
  'rust',
  'ruby',
  'php',
  'nginx',
  'httpd',
  'postgres',
  'redis',
]);

/**
 * Whether the Debian package figures may be applied to an install on this image: a Debian-based
 * apt image, and not a full language image (built on buildpack-deps, it already holds many of the
 * packages, so the figures would count them twice).
 */
export function debianFiguresApply(info: ImageInfo | undefined): boolean {
  if (!isDebianBased(info)) return false;
  return info.variant !== 'full' || info.family === 'debian';
}

/** An apt-based variant of an official image built on Debian. */
export function isDebianBased(info: ImageInfo | undefined): info is ImageInfo {
  return !!info && info.packageManager === 'apt' && DEBIAN_BASED.has(info.family);
}

/** The Debian 12 package index (each package's page shows the same `Installed-Size`). */
export const APT_SIZES_SOURCE: SourceRef = {
  url: 'https://packages.debian.org/bookworm/',
  date: APT_DATA_DATE,
};

/**
 * `/var/lib/apt/lists` after `apt-get update` with Debian 12's default sources (bookworm,
 * bookworm-updates, bookworm-security; the Docker images store the indexes lz4-compressed):
 * 19,881,984 bytes by `du`, measured on 2026-11-27.
 */
export const APT_LISTS: { mb: number; source: SourceRef } = {
  mb: 19.9,
  source: { url: 'https://packages.debian.org/bookworm/', date: '2026-11-27' },
};

let kibByName: Map<string, number> | undefined;

function sizes(): Map<string, number> {
  if (!kibByName) {
    kibByName = new Map();
    for (const line of APT_INSTALLED_KIB) {
      for (const entry of line.split(' ')) {
        const colon = entry.lastIndexOf(':');
        kibByName.set(entry.slice(0, colon), Number(entry.slice(colon + 1)));
      }
    }
  }
  return kibByName;
}

export interface AptCost {
  /** Installed MB of the union of packages the known names add (shared dependencies once). */
  mb: number;
  /** How many Debian packages that is. */
  packages: number;
  known: string[];
  /** Names not in the table (or not plain package names). */
  unknown: string[];
}

/** `curl=7.88*`, `curl/bookworm`, `curl:amd64` → `curl`; undefined for variables and globs. */
export function aptPackageName(word: string): string | undefined {
  if (/[$*?[\]{}]/.test(word)) return undefined;
  const name = word.split(/[=/]/)[0]!.replace(/:[a-z0-9]+$/, '');
  return /^[a-z0-9][a-z0-9+.-]+$/.test(name) ? name : undefined;
}

/**
 * The cost of `apt-get install <names>` on debian:bookworm-slim. Packages in `present` (added by
 * earlier installs) cost nothing; the ones this install adds are put into it.
 */
export function aptInstallCost(
  names: readonly string[],
  recommends: boolean,
  present: Set<string> = new Set(),
): AptCost {
  const added = new Set<string>();
  const known: string[] = [];
  const unknown: string[] = [];
  for (const word of names) {
    const name = aptPackageName(word);
    const entry = name ? APT_ADDS[name] : undefined;
    if (!entry) {
      unknown.push(word);
      continue;
    }
    known.push(name!);
    for (const line of recommends ? [...entry[0], ...entry[1]] : entry[0]) {
      for (const p of line.split(' ')) if (!present.has(p)) added.add(p);
    }
  }
  const table = sizes();
  let kib = 0;
  for (const p of added) {
    kib += table.get(p) ?? 0;
    present.add(p);
  }
  return { mb: (kib * 1024) / 1e6, packages: added.size, known, unknown };
}

/**
 * The tag to pin an untagged (or `:latest`) image to: its current major version, for the families
 * where the knowledge base has that on record and `latest` has stayed within one major for years.
 * Each entry names the figure or release table it rests on. Families whose major moves every year
 * or so (node, eclipse-temurin, postgres, redis, ruby, ubuntu) are left out on purpose: pinning
 * them to the release that was measured could downgrade the image.
 */
import { SIZES } from './images/figures';
import { CURRENT_ALPINE } from './images/os';
import type { ImageRef } from './imageRef';

export interface MajorTag {
  repository: string;
  tag: string;
  /** The recorded release the major is read from (a test checks it is there and agrees). */
  basis: string | undefined;
}

export const MAJOR_TAGS: readonly MajorTag[] = [
  { repository: 'python', tag: '3', basis: SIZES.pythonFull.measuredOn },
  { repository: 'golang', tag: '1', basis: SIZES.golangFull.measuredOn },
  { repository: 'rust', tag: '1', basis: SIZES.rustFull.measuredOn },
  { repository: 'php', tag: '8', basis: SIZES.phpCli.measuredOn },
  { repository: 'alpine', tag: '3', basis: CURRENT_ALPINE },
  { repository: 'debian', tag: '13', basis: SIZES.debianTrixie.measuredOn },
];

/** The major tag for an official image, or undefined when the knowledge base has none. */
export function majorTagFor(ref: ImageRef): MajorTag | undefined {
  if (ref.registry !== undefined && ref.registry !== 'docker.io') return undefined;
  return MAJOR_TAGS.find((m) => m.repository === ref.repository.toLowerCase());
}

/** Tag words that name a moving release line rather than a version. */
const FLOATING_WORDS = new Set([
  'latest',
  'lts',
  'stable',
  'current',
  'mainline',
  'edge',
  'rolling',
  'devel',
  'testing',
  'unstable',
  'sid',
  'nightly',
]);

/**
 * Debian and Ubuntu release codenames. On a distribution image (below) one is the version; on a
 * program's image (`node:bookworm`) it only picks the OS flavour, and the program's version moves.
 */
const CODENAMES = [
  'jessie',
  'stretch',
  'buster',
  'bullseye',
  'bookworm',
  'trixie',
  'forky',
  'xenial',
  'bionic',
  'focal',
  'jammy',
  'noble',
  'oracular',
  'plucky',
  'questing',
];

/** Variant words: a tag made only of them pins the OS flavour, not the program's version. */
const VARIANT_WORDS = new Set([
  'alpine',
  'slim',
  ...CODENAMES,
  'jdk',
  'jre',
  'fpm',
  'cli',
  'apache',
  'zts',
  'perl',
  'otel',
  'windowsservercore',
  'nanoserver',
]);

/**
 * Distribution images, by the last part of the name: their version is the distribution release,
 * so a codename tag (`debian:bookworm`, `buildpack-deps:noble`) pins it. The last part so that
 * architecture namespaces (`amd64/debian`) and mirrors (`ubuntu.azurecr.io/ubuntu`) count too.
 */
const OS_IMAGES = new Set([
  'debian',
  'ubuntu',
  'alpine',
  'buildpack-deps',
  'minideb',
  'centos',
  'fedora',
  'rockylinux',
  'almalinux',
  'amazonlinux',
  'oraclelinux',
  'busybox',
]);

/**
 * How a tag without any version number floats: `line` for a moving release line (`lts`, `stable`,
 * `edge`), `variant` for a variant alone (`node:alpine`, `python:slim`, `node:bookworm`: the
 * program's version moves), undefined for a tag that pins something (a number such as
 * `alpine3.20`, a codename of a distribution image such as `buildpack-deps:bookworm`).
 */
export function floatingTag(repository: string, tag: string): 'line' | 'variant' | undefined {
  if (/\d/.test(tag)) return undefined;
  const parts = tag.toLowerCase().split(/[-_.]/);
  if (parts.some((p) => FLOATING_WORDS.has(p))) return 'line';
  const name = repository.toLowerCase().slice(repository.lastIndexOf('/') + 1);
  if (OS_IMAGES.has(name)) return undefined;
  return parts.every((p) => VARIANT_WORDS.has(p)) ? 'variant' : undefined;
}

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

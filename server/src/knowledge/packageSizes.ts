/**
 * Sourced sizes of what package managers leave in an image, beside the Debian archive data
 * (./apt, which sizes every `apt-get install`). Only figures with a source: anything else — apk,
 * pip, npm, the Ubuntu and RHEL archives — stays unknown.
 */
import type { SourceRef } from './images/types';

/**
 * `/var/lib/apt/lists` after `apt-get update` with Debian 12's default sources (bookworm,
 * bookworm-updates, bookworm-security; the Docker images store the indexes lz4-compressed):
 * 19,881,984 bytes by `du`, measured on 2026-11-27 in `debian:bookworm-slim`. No figure for
 * Debian 13 yet (measure it the same way to add one).
 */
export const APT_LISTS: { bytes: number; mb: number; source: SourceRef } = {
  bytes: 19_881_984,
  mb: 19.9,
  source: { url: 'https://packages.debian.org/bookworm/', date: '2026-11-27' },
};

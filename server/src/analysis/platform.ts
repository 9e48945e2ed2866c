/**
 * Which operating system a stage's image runs: Windows images have no `/bin/sh`, no apt or apk,
 * and (with the classic builder they need) no BuildKit cache mounts, so Linux-only advice does
 * not apply to them.
 */
import type { Stage } from '../parse/model';
import { unquote } from '../parse/words';
import { stageChain } from './stages';

export type Platform = 'linux' | 'windows';

/**
 * Windows base images: the `windows/*` family (servercore, nanoserver, server), the old Docker
 * Hub `microsoft/windowsservercore`/`microsoft/nanoserver`, .NET Framework images (Windows
 * only), and tags of multi-OS images that name a Windows variant (`8.0-nanoserver-ltsc2022`,
 * `lts-windowsservercore-1809`). Matched on the text as written, so an ARG in the tag still
 * leaves the repository recognisable.
 */
const WINDOWS_IMAGE = [
  /(^|\/)windows\/(servercore|nanoserver|server|windows)(:|@|$)/i,
  /(^|\/)(nanoserver|servercore|windowsservercore)(:|@|$)/i,
  /(^|\/)dotnet\/framework\//i,
];

/**
 * A tag (or digest) in the image's last path segment naming a Windows variant: the text after
 * the segment's first `:` holds `nanoserver` or `servercore` (`windowsservercore` included).
 * String operations, as a regex here backtracks on a long run of `:`.
 */
function windowsTag(image: string): boolean {
  const segment = image.slice(image.lastIndexOf('/') + 1);
  const colon = segment.indexOf(':');
  if (colon === -1) return false;
  const tag = segment.slice(colon + 1).toLowerCase();
  return tag.includes('nanoserver') || tag.includes('servercore');
}

/**
 * A `SHELL` that runs Windows PowerShell or cmd. `pwsh` alone is not evidence: PowerShell 7 runs
 * on Linux images too.
 */
const WINDOWS_SHELL = /^(?:.*[\\/])?(powershell(\.exe)?|cmd(\.exe)?|pwsh\.exe)$/i;

export interface PlatformDecision {
  platform: Platform;
  /** Why, in a few words (for hovers and tests); undefined for the Linux default. */
  evidence: string | undefined;
}

/** The platform of a stage, judged from the base image of its chain, `--platform` and `SHELL`. */
export function stagePlatform(stage: Stage): Platform {
  return platformDecision(stage).platform;
}

const decisions = new WeakMap<Stage, PlatformDecision>();

export function platformDecision(stage: Stage): PlatformDecision {
  let d = decisions.get(stage);
  if (!d) {
    d = decide(stage);
    decisions.set(stage, d);
  }
  return d;
}

function decide(stage: Stage): PlatformDecision {
  for (const s of stageChain(stage)) {
    const platformFlag = s.from?.platform?.value;
    if (platformFlag && /^windows\b/i.test(unquote(platformFlag))) {
      return { platform: 'windows', evidence: `FROM --platform=${unquote(platformFlag)}` };
    }
    for (const ins of s.instructions) {
      if (ins.keyword !== 'SHELL' || ins.onbuild || !ins.json?.[0]) continue;
      if (WINDOWS_SHELL.test(ins.json[0])) {
        return { platform: 'windows', evidence: `SHELL runs ${ins.json[0]}` };
      }
    }
  }
  const root = stageChain(stage).at(-1)!;
  const from = root.from;
  if (from) {
    for (const text of new Set([from.image, from.imageText])) {
      const image = text.trim();
      if (WINDOWS_IMAGE.some((re) => re.test(image)) || windowsTag(image)) {
        return { platform: 'windows', evidence: `a Windows base image (${text.trim()})` };
      }
    }
  }
  return { platform: 'linux', evidence: undefined };
}

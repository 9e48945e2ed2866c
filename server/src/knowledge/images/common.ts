import type { ImageRef } from '../imageRef';
import type { Alternative, ImageInfo, SizeFigure, SourceRef, VariantKind } from './types';

/** What a family describer gets: the parsed ref plus the name as the user wrote it. */
export interface DescribeContext {
  ref: ImageRef;
  /** Registry and `library/` prefix as written, no tag or digest; replacements are built on it. */
  name: string;
  /** Lower-cased repository, for matching. */
  repo: string;
  tag?: string;
}

export type Describer = (ctx: DescribeContext) => ImageInfo | undefined;

/** Pages behind statements that are not size figures. */
export const FACTS = {
  distrolessReadme: {
    url: 'https://github.com/GoogleContainerTools/distroless#readme',
    date: '2026-11',
  },
  distrolessUnversionedTags: { url: 'https://github.com/dexidp/dex/pull/3432', date: '2024-03-26' },
  distrolessPython311: {
    url: 'https://github.com/eggplants/ghcr-badge/pull/212',
    date: '2025-08-28',
  },
  distrolessPython313: { url: 'https://github.com/getsentry/snuba/pull/7753', date: '2026-02-20' },
  distrolessNodeVsAlpine: {
    url: 'https://github.com/GoogleContainerTools/distroless/issues/1482',
    date: '2023-12-14',
  },
  openjdkDeprecated: {
    url: 'https://github.com/docker-library/openjdk/issues/505',
    date: '2022-07',
  },
  openjdkBuildsRemoved: {
    url: 'https://github.com/docker-library/openjdk/pull/510',
    date: '2022-08-03',
  },
  dotnetSizeReport: {
    url: 'https://github.com/dotnet/dotnet-docker/blob/main/documentation/sample-image-size-report.md',
    date: '2023-11',
  },
  chainguardStatic: {
    url: 'https://edu.chainguard.dev/chainguard/chainguard-images/reference/static/',
    date: '2026-11',
  },
  chainguardTags: {
    url: 'https://images.chainguard.dev/directory/image/glibc-dynamic/overview',
    date: '2026-11',
  },
  scratchDocs: { url: 'https://docs.docker.com/build/building/base-images/', date: '2026-11' },
} satisfies Record<string, SourceRef>;

export const ALPINE_PITFALLS: readonly string[] = [
  'musl libc instead of glibc: prebuilt binaries and native modules made for glibc fail to load until rebuilt for musl',
  "musl's DNS resolver differs from glibc's (search domains and `ndots` handling; no TCP fallback before musl 1.2.4), which shows up as failed lookups in some Kubernetes and VPN setups",
  'little locale support: no glibc locales, so `LANG`-dependent formatting and collation differ',
];

export const DISTROLESS_PITFALLS: readonly string[] = [
  'no shell: `RUN` steps fail and `docker exec … sh` has nothing to run; use the `:debug` tag (busybox shell) to troubleshoot',
  'only exec-form `ENTRYPOINT`/`CMD` (`["/app"]`) work, since no shell parses the string form',
  'no package manager: bring files in with `COPY --from=<builder>`',
];

export const SCRATCH_PITFALLS: readonly string[] = [
  'static binaries only (Go with `CGO_ENABLED=0`, Rust for `*-linux-musl`): there is no libc or dynamic loader',
  'no CA certificates: TLS calls fail unless you copy `/etc/ssl/certs/ca-certificates.crt` from the builder',
  'no timezone data: copy `/usr/share/zoneinfo` or embed it (Go: `-tags timetzdata`)',
  'no `/etc/passwd`: `USER` must be numeric (e.g. `USER 65532:65532`)',
  'no shell: no `RUN`, no `docker exec` debugging',
];

export const DEBIAN_SUITES: ReadonlySet<string> = new Set([
  'buster',
  'bullseye',
  'bookworm',
  'trixie',
  'forky',
]);
export const UBUNTU_SUITES: ReadonlySet<string> = new Set(['focal', 'jammy', 'noble']);

/** The parts of a Docker Official Image tag such as `3.12.4-slim-bookworm` or `20-alpine3.19`. */
export interface LibraryTag {
  version?: string;
  suite?: string;
  /** `alpine` or `alpine3.19` as written */
  alpine?: string;
  /** `windowsservercore-ltsc2022`, `nanoserver-1809`, … */
  windows?: string;
  slim: boolean;
  /** Every other token: jdk, jre, cli, fpm, chiseled, debug, … */
  flags: ReadonlySet<string>;
}

// Not `\d+…[a-z0-9]*`: overlapping digit runs backtrack quadratically on a long tag.
const VERSION_TOKEN = /^\d+(?:[._]\d+)*(?:[a-z][a-z0-9]*)?$/;

export function parseLibraryTag(
  tag: string | undefined,
  aliases: readonly string[] = [],
): LibraryTag {
  const tokens = tag && tag.toLowerCase() !== 'latest' ? tag.toLowerCase().split('-') : [];
  const out: { version?: string; suite?: string; alpine?: string; windows?: string } = {};
  const flags = new Set<string>();
  let slim = false;
  tokens.forEach((token, i) => {
    if (out.windows !== undefined) return; // the rest of the tag names the Windows release
    if (i === 0 && (VERSION_TOKEN.test(token) || aliases.includes(token))) out.version = token;
    else if (/^alpine(?:\d+\.\d+)?$/.test(token)) out.alpine = token;
    else if (token === 'windowsservercore' || token === 'nanoserver')
      out.windows = tokens.slice(i).join('-');
    else if (token === 'slim') slim = true;
    else if (DEBIAN_SUITES.has(token) || UBUNTU_SUITES.has(token)) out.suite = token;
    else flags.add(token);
  });
  return { ...out, slim, flags };
}

export function withTag(name: string, tag: string | undefined): string {
  return tag ? `${name}:${tag}` : name;
}

/** `a-b` with empty parts dropped: tag builders use it so a missing version leaves no dash. */
export function joinTag(...parts: (string | undefined)[]): string | undefined {
  const kept = parts.filter((p): p is string => p !== undefined && p !== '');
  return kept.length > 0 ? kept.join('-') : undefined;
}

export function majorOf(version: string | undefined): number | undefined {
  const m = version !== undefined ? /^(\d+)/.exec(version) : null;
  return m ? Number(m[1]) : undefined;
}

/**
 * Sort key for "smallest first". Uncompressed size stands in when there is no compressed one:
 * it is never smaller than the compressed size, so it can only place an image later, never
 * claim it is smaller than it is.
 */
function sizeKey(size: SizeFigure | undefined): number | undefined {
  return size?.compressedMB ?? size?.uncompressedMB;
}

/** Known sizes ascending; images without a figure keep their authored order after them. */
export function sortAlternatives(alternatives: readonly Alternative[]): Alternative[] {
  const keyed = alternatives.map((alternative, index) => ({
    alternative,
    index,
    key: sizeKey(alternative.size),
  }));
  keyed.sort((a, b) => {
    if (a.key !== undefined && b.key !== undefined) return a.key - b.key || a.index - b.index;
    if (a.key !== undefined) return -1;
    if (b.key !== undefined) return 1;
    return a.index - b.index;
  });
  return keyed.map((k) => k.alternative);
}

function sizeSources(size: SizeFigure | undefined): SourceRef[] {
  if (!size) return [];
  return size.uncompressedSource ? [size.source, size.uncompressedSource] : [size.source];
}

/** Sets the image's own size; its sources go first, ahead of the alternatives'. */
export function setSize(info: ImageInfo, size: SizeFigure | undefined): void {
  if (!size) return;
  info.size = size;
  const own = sizeSources(size);
  info.sources = [...own, ...info.sources.filter((s) => !own.some((o) => o.url === s.url))];
}

export type InfoDraft = Omit<ImageInfo, 'alternatives' | 'sources'> & {
  alternatives: Alternative[];
  facts?: readonly SourceRef[];
};

/** Drops the image itself and repeats from the alternatives, sorts them and gathers sources. */
export function finishInfo(draft: InfoDraft, selfRef: string): ImageInfo {
  const { facts, alternatives, ...rest } = draft;
  const seen = new Set([selfRef.toLowerCase()]);
  const kept = alternatives.filter((a) => {
    const key = a.ref.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const sorted = sortAlternatives(kept);
  const sources: SourceRef[] = [];
  const urls = new Set<string>();
  for (const s of [
    ...sizeSources(rest.size),
    ...sorted.flatMap((a) => sizeSources(a.size)),
    ...(facts ?? []),
  ]) {
    if (urls.has(s.url)) continue;
    urls.add(s.url);
    sources.push(s);
  }
  return { ...rest, alternatives: sorted, sources };
}

/** Windows variants of any image: a short, shared description. */
export function windowsInfo(
  ctx: DescribeContext,
  family: string,
  familyTitle: string,
  windows: string,
  version?: string,
): ImageInfo {
  const draft: InfoDraft = {
    family,
    familyTitle,
    variant: 'windows',
    variantTitle: `Windows (${windows})`,
    libc: 'unknown',
    shell: true,
    packageManager: null,
    suits: 'Windows-only workloads on Windows container hosts',
    pitfalls: [
      'runs only on Windows hosts whose OS version matches the image (process isolation) or that support Hyper-V isolation',
      'Windows base layers are large, Server Core especially; prefer a Linux variant when the app allows it',
    ],
    alternatives: [],
    isFullVariant: false,
  };
  if (version !== undefined) draft.version = version;
  return finishInfo(draft, withTag(ctx.name, ctx.tag));
}

export function alt(
  ref: string,
  variant: VariantKind,
  note: string,
  size?: SizeFigure,
): Alternative {
  return size ? { ref, variant, size, note } : { ref, variant, note };
}

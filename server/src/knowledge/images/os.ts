import {
  ALPINE_PITFALLS,
  FACTS,
  SCRATCH_PITFALLS,
  alt,
  finishInfo,
  setSize,
  parseLibraryTag,
  withTag,
  type Describer,
} from './common';
import { SIZES } from './figures';
import type { Alternative, SizeFigure } from './types';

/** The Alpine release whose size is on record; suggestions name it so they are concrete. */
export const CURRENT_ALPINE = 'alpine:3.24';

const ALPINE_SWITCH_NOTE = 'different distribution: musl and apk instead of glibc and apt';

const DEBIAN_RELEASES: Readonly<
  Record<string, { release: string; full?: SizeFigure; slim?: SizeFigure }>
> = {
  '11': { release: 'bullseye' },
  bullseye: { release: 'bullseye' },
  '12': { release: 'bookworm', full: SIZES.debianBookworm, slim: SIZES.debianBookwormSlim },
  bookworm: { release: 'bookworm', full: SIZES.debianBookworm, slim: SIZES.debianBookwormSlim },
  '13': { release: 'trixie', full: SIZES.debianTrixie, slim: SIZES.debianTrixieSlim },
  trixie: { release: 'trixie', full: SIZES.debianTrixie, slim: SIZES.debianTrixieSlim },
};

const describeDebian: Describer = (ctx) => {
  if (ctx.repo !== 'debian') return undefined;
  const tokens = (ctx.tag && ctx.tag !== 'latest' ? ctx.tag.toLowerCase() : '')
    .split('-')
    .filter(Boolean);
  const slim = tokens.includes('slim');
  const first = tokens[0];
  const version = first !== undefined && first !== 'slim' ? first : undefined;
  // Point releases (12.5) are the same release as their major.
  const key = version?.split('.')[0] ?? '';
  const known = DEBIAN_RELEASES[key];
  const distroless = known?.release === 'trixie' ? 'debian13' : 'debian12';
  // `debian:12`, `debian:bookworm-20240110`, `debian:stable`: the slim tag appends `-slim`.
  const slimmable = !slim && ctx.tag !== undefined && /^[a-z0-9.]+(-\d{8})?$/.test(ctx.tag);
  const slimRef = slim
    ? undefined
    : slimmable
      ? withTag(ctx.name, `${ctx.tag}-slim`)
      : withTag(ctx.name, 'stable-slim');
  const alternatives: Alternative[] = [
    alt(CURRENT_ALPINE, 'alpine', ALPINE_SWITCH_NOTE, SIZES.alpine324),
    alt(
      `gcr.io/distroless/base-${distroless}`,
      'distroless',
      'only glibc, CA certificates and tzdata; no shell or apt',
      SIZES.distrolessBase,
    ),
  ];
  if (slimRef)
    alternatives.push(
      alt(slimRef, 'slim', 'same release without docs, man pages and most locales', known?.slim),
    );
  const info = finishInfo(
    {
      family: 'debian',
      familyTitle: 'Debian (Docker Official Image)',
      variant: slim ? 'slim' : 'full',
      variantTitle: slim ? 'slim (no docs, man pages or most locales)' : 'standard',
      libc: 'glibc',
      shell: true,
      packageManager: 'apt',
      suits: 'a general-purpose glibc base when you install packages with apt',
      pitfalls: [
        'most of the weight comes from what you install on top: use `--no-install-recommends` and remove `/var/lib/apt/lists/*` in the same RUN',
        ...(slim
          ? [
              'slim drops man pages and docs; some packages expect `/usr/share/doc` or locales to exist',
            ]
          : []),
      ],
      alternatives,
      isFullVariant: !slim,
    },
    withTag(ctx.name, ctx.tag),
  );
  if (version !== undefined) info.version = version;
  const size = slim ? known?.slim : known?.full;
  setSize(info, size);
  if (slimRef) {
    info.slimRef = slimRef;
    info.alpineRef = CURRENT_ALPINE;
  }
  return info;
};

const UBUNTU_SIZES: Readonly<Record<string, SizeFigure>> = {
  '24.04': SIZES.ubuntu2404,
  noble: SIZES.ubuntu2404,
  '26.04': SIZES.ubuntu2604,
};

const describeUbuntu: Describer = (ctx) => {
  if (ctx.repo !== 'ubuntu') return undefined;
  const tag = ctx.tag && ctx.tag !== 'latest' ? ctx.tag.toLowerCase() : undefined;
  const version = tag?.split('-')[0];
  const size = version !== undefined ? UBUNTU_SIZES[version] : undefined;
  const alternatives: Alternative[] = [
    alt(CURRENT_ALPINE, 'alpine', ALPINE_SWITCH_NOTE, SIZES.alpine324),
    alt(
      'debian:bookworm-slim',
      'slim',
      'similar size; the saving is usually in what you install, not the base',
      SIZES.debianBookwormSlim,
    ),
    alt(
      'gcr.io/distroless/base-debian12',
      'distroless',
      'only glibc, CA certificates and tzdata; no shell or apt',
      SIZES.distrolessBase,
    ),
  ];
  const info = finishInfo(
    {
      family: 'ubuntu',
      familyTitle: 'Ubuntu (Docker Official Image)',
      variant: 'full',
      variantTitle: 'standard (minimised Ubuntu rootfs)',
      libc: 'glibc',
      shell: true,
      packageManager: 'apt',
      suits: 'apps that need Ubuntu packages or PPAs, or match an Ubuntu host',
      pitfalls: [
        'the base is already small and there is no -slim tag: the size comes from the packages installed on top, so use `--no-install-recommends` and clean `/var/lib/apt/lists/*` in the same RUN',
      ],
      alternatives,
      isFullVariant: true,
    },
    withTag(ctx.name, ctx.tag),
  );
  if (version !== undefined) info.version = version;
  setSize(info, size);
  info.alpineRef = CURRENT_ALPINE;
  return info;
};

const describeAlpine: Describer = (ctx) => {
  if (ctx.repo !== 'alpine') return undefined;
  const version = ctx.tag && ctx.tag !== 'latest' ? ctx.tag : undefined;
  // Only the release on record gets a number; `latest` pointed at it when it was measured.
  const size = version === undefined || version.startsWith('3.24') ? SIZES.alpine324 : undefined;
  const info = finishInfo(
    {
      family: 'alpine',
      familyTitle: 'Alpine Linux (Docker Official Image)',
      variant: 'alpine',
      variantTitle: 'musl + busybox',
      libc: 'musl',
      shell: true,
      packageManager: 'apk',
      suits: 'small images for static binaries or apps that build cleanly against musl',
      pitfalls: [...ALPINE_PITFALLS],
      alternatives: [
        alt('scratch', 'scratch', 'for static binaries that need nothing else', SIZES.scratch),
        alt(
          'gcr.io/distroless/static-debian12',
          'distroless',
          'static binaries plus CA certificates and tzdata, no shell',
          SIZES.distrolessStatic,
        ),
      ],
      isFullVariant: false,
    },
    withTag(ctx.name, ctx.tag),
  );
  if (version !== undefined) info.version = version;
  setSize(info, size);
  return info;
};

const describeBusybox: Describer = (ctx) => {
  if (ctx.repo !== 'busybox') return undefined;
  const t = parseLibraryTag(ctx.tag, ['stable', 'unstable']);
  const libcFlag = ['musl', 'glibc', 'uclibc'].find((f) => t.flags.has(f) || t.version === f);
  const version = t.version !== libcFlag ? t.version : undefined;
  const info = finishInfo(
    {
      family: 'busybox',
      familyTitle: 'BusyBox (Docker Official Image)',
      variant: 'minimal',
      variantTitle: libcFlag ? `busybox (${libcFlag} build)` : 'busybox',
      libc: libcFlag === 'musl' ? 'musl' : libcFlag === 'glibc' ? 'glibc' : 'unknown',
      shell: true,
      packageManager: null,
      suits: 'a shell and core utilities in a few MB: init containers, debugging, tiny scripts',
      pitfalls: [
        'no package manager: anything beyond the busybox applets has to be copied in',
        ...(libcFlag
          ? []
          : [
              'the untagged build uses a different libc per architecture (glibc on amd64 when measured); pin `-glibc` or `-musl` if it matters',
            ]),
      ],
      alternatives: [alt('scratch', 'scratch', 'when you do not need the shell', SIZES.scratch)],
      isFullVariant: false,
    },
    withTag(ctx.name, ctx.tag),
  );
  if (version !== undefined) info.version = version;
  if (!libcFlag && version === undefined) setSize(info, SIZES.busybox);
  return info;
};

const describeScratch: Describer = (ctx) => {
  if (ctx.repo !== 'scratch' || ctx.ref.registry !== undefined) return undefined;
  return finishInfo(
    {
      family: 'scratch',
      familyTitle: 'scratch (empty image)',
      variant: 'scratch',
      variantTitle: 'empty: no files at all',
      size: SIZES.scratch,
      libc: 'none',
      shell: false,
      packageManager: null,
      suits: 'fully static binaries that need nothing from the OS',
      pitfalls: [...SCRATCH_PITFALLS],
      alternatives: [
        alt(
          'gcr.io/distroless/static-debian12:nonroot',
          'distroless',
          'adds CA certificates, tzdata and a nonroot user',
          SIZES.distrolessStatic,
        ),
        alt('cgr.dev/chainguard/static', 'wolfi', 'adds CA certificates and a nonroot user'),
      ],
      isFullVariant: false,
      facts: [FACTS.scratchDocs],
    },
    'scratch',
  );
};

/** registry.access.redhat.com/ubi9/ubi-minimal, registry.redhat.io/ubi8, redhat/ubi9-micro, … */
const UBI_RH =
  /^(registry\.access\.redhat\.com|registry\.redhat\.io)\/(ubi\d+)(?:\/(ubi|ubi-minimal|ubi-micro|ubi-init))?$/;
const UBI_HUB = /^(redhat)\/(ubi\d+)(?:-(minimal|micro|init))?$/;

const describeUbi: Describer = (ctx) => {
  const rh = UBI_RH.exec(ctx.repo);
  const hub = rh ? null : UBI_HUB.exec(ctx.repo);
  const m = rh ?? hub;
  if (!m) return undefined;
  const release = m[2] ?? '';
  const flavor = (m[3] ?? 'ubi').replace(/^ubi-/, '');
  const prefix =
    ctx.name.slice(0, ctx.name.length - ctx.repo.length) +
    (rh ? `${m[1]}/${release}/ubi-` : `${m[1]}/${release}-`);
  const refFor = (f: 'minimal' | 'micro') => withTag(`${prefix}${f}`, ctx.tag);
  const isUbi9 = release === 'ubi9';
  const profiles = {
    ubi: {
      variant: 'full',
      title: 'standard (dnf, full userland)',
      pm: 'dnf',
      shell: true,
      size: isUbi9 ? SIZES.ubi9 : undefined,
    },
    minimal: {
      variant: 'minimal',
      title: 'minimal (microdnf)',
      pm: 'microdnf',
      shell: true,
      size: undefined,
    },
    micro: {
      variant: 'minimal',
      title: 'micro (no package manager)',
      pm: null,
      shell: 'unknown',
      size: isUbi9 ? SIZES.ubi9Micro : undefined,
    },
    init: {
      variant: 'other',
      title: 'init (systemd as PID 1)',
      pm: 'dnf',
      shell: true,
      size: undefined,
    },
  } as const;
  const p = profiles[flavor as keyof typeof profiles] ?? profiles.ubi;
  const alternatives: Alternative[] = [];
  if (flavor !== 'minimal')
    alternatives.push(alt(refFor('minimal'), 'minimal', 'microdnf instead of dnf, fewer packages'));
  if (flavor !== 'micro') {
    alternatives.push(
      alt(
        refFor('micro'),
        'minimal',
        'no package manager: install into it from a builder stage',
        isUbi9 ? SIZES.ubi9Micro : undefined,
      ),
    );
  }
  const info = finishInfo(
    {
      family: 'ubi',
      familyTitle: `Red Hat Universal Base Image (${release.toUpperCase()})`,
      variant: p.variant,
      variantTitle: p.title,
      libc: 'glibc',
      shell: p.shell,
      packageManager: p.pm,
      suits: 'RHEL-compatible, freely redistributable bases (OpenShift, RHEL support)',
      pitfalls: ['only the UBI package subset is available without a RHEL subscription'],
      alternatives,
      isFullVariant: flavor === 'ubi',
    },
    withTag(ctx.name, ctx.tag),
  );
  if (ctx.tag !== undefined && ctx.tag !== 'latest') info.version = ctx.tag;
  setSize(info, p.size);
  if (flavor === 'ubi') info.slimRef = refFor('minimal');
  return info;
};

const WINDOWS_REPO = /^mcr\.microsoft\.com\/windows(?:\/(servercore|nanoserver|server))?$/;

const describeWindows: Describer = (ctx) => {
  const m = WINDOWS_REPO.exec(ctx.repo);
  if (!m) return undefined;
  const kind = m[1] ?? 'windows';
  const alternatives =
    kind === 'servercore' && ctx.tag
      ? [
          alt(
            withTag(`${ctx.name.slice(0, ctx.name.lastIndexOf('/'))}/nanoserver`, ctx.tag),
            'windows',
            'far smaller, but no .NET Framework, PowerShell or MSI installers',
          ),
        ]
      : [];
  const info = finishInfo(
    {
      family: 'windows',
      familyTitle: 'Windows base image',
      variant: 'windows',
      variantTitle:
        kind === 'nanoserver'
          ? 'Nano Server'
          : kind === 'servercore'
            ? 'Server Core'
            : `Windows (${kind})`,
      libc: 'unknown',
      shell: true,
      packageManager: null,
      suits:
        kind === 'nanoserver'
          ? '.NET (Core) and other apps that need no full Windows API'
          : 'Windows apps that need the full Windows API, .NET Framework or MSI installers',
      pitfalls: [
        'runs only on Windows hosts whose OS version matches the image (process isolation) or that support Hyper-V isolation',
        'Windows base layers are large, Server Core especially; prefer a Linux image when the app allows it',
      ],
      alternatives,
      isFullVariant: false,
    },
    withTag(ctx.name, ctx.tag),
  );
  if (ctx.tag !== undefined) info.version = ctx.tag;
  return info;
};

export const OS_DESCRIBERS: readonly Describer[] = [
  describeDebian,
  describeUbuntu,
  describeAlpine,
  describeBusybox,
  describeScratch,
  describeUbi,
  describeWindows,
];

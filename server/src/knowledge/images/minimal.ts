import {
  DISTROLESS_PITFALLS,
  FACTS,
  alt,
  finishInfo,
  setSize,
  withTag,
  type Describer,
} from './common';
import { SIZES } from './figures';
import type { Alternative, Libc, SizeFigure, SourceRef } from './types';

const DISTROLESS_REPO = /^gcr\.io\/distroless\/([a-z0-9._-]+)$/;
const DISTROLESS_NAME =
  /^(static|base-nossl|base|cc|java-base|java(\d+)?|python3|nodejs(\d+)?)(?:-debian(\d+))?$/;

interface DistrolessKind {
  libc: Libc;
  suits: string;
  size?: SizeFigure;
  pitfalls?: string[];
  facts?: SourceRef[];
}

function distrolessKind(kind: string, runtimeMajor: number | undefined): DistrolessKind {
  switch (kind) {
    case 'static':
      return {
        libc: 'none',
        suits:
          'static binaries (Go with `CGO_ENABLED=0`, Rust for musl): adds CA certificates, tzdata and users to scratch',
        size: SIZES.distrolessStatic,
      };
    case 'base':
    case 'base-nossl':
      return {
        libc: 'glibc',
        suits: 'dynamically linked binaries that need glibc (cgo, C)',
        ...(kind === 'base' ? { size: SIZES.distrolessBase } : {}),
      };
    case 'cc':
      return { libc: 'glibc', suits: 'Rust and C++ binaries: glibc plus libgcc and libstdc++' };
    case 'python3':
      return {
        libc: 'glibc',
        suits: 'Python apps with a virtualenv copied in from a builder',
        pitfalls: [
          "runs the Debian release's Python (3.11 on debian12, 3.13 on debian13), not a python.org build: the venv must be built for the same Python",
        ],
        facts: [FACTS.distrolessPython311, FACTS.distrolessPython313],
      };
    case 'nodejs':
      return {
        libc: 'glibc',
        suits: 'Node.js apps with `node_modules` copied in from a builder',
        ...(runtimeMajor === 20 ? { size: SIZES.distrolessNodejs20 } : {}),
        pitfalls: ["not always smaller than `node:<v>-alpine`: it also carries Node's C headers"],
        facts: [FACTS.distrolessNodeVsAlpine],
      };
    default:
      return { libc: 'glibc', suits: 'JVM apps: a JRE and nothing else' };
  }
}

const describeDistroless: Describer = (ctx) => {
  const repo = DISTROLESS_REPO.exec(ctx.repo);
  if (!repo) return undefined;
  const image = repo[1] ?? '';
  const m = DISTROLESS_NAME.exec(image);
  const kind = !m
    ? 'other'
    : m[2] !== undefined
      ? 'java'
      : m[3] !== undefined
        ? 'nodejs'
        : (m[1] ?? '');
  const runtimeMajor = m?.[2] ?? m?.[3];
  const debian = m?.[4];
  const tag = (ctx.tag ?? 'latest').toLowerCase();
  const debug = tag.split('-').includes('debug');
  const nonroot = tag.split('-').includes('nonroot');
  const k = m
    ? distrolessKind(kind, runtimeMajor ? Number(runtimeMajor) : undefined)
    : { libc: 'unknown' as Libc, suits: 'minimal runtime without a shell or package manager' };
  const pitfalls = [...DISTROLESS_PITFALLS, ...(k.pitfalls ?? [])];
  const facts: SourceRef[] = [FACTS.distrolessReadme, ...(k.facts ?? [])];
  if (debug)
    pitfalls.unshift('`debug` tags add a busybox shell for troubleshooting; ship the plain tag');
  if (m && !debian) {
    pitfalls.push(
      'names without `-debianNN` point at an older Debian release and are being deprecated; pin e.g. `-debian12`',
    );
    facts.push(FACTS.distrolessUnversionedTags);
  }
  const alternatives: Alternative[] = [];
  if (kind === 'static') {
    alternatives.push(
      alt(
        'scratch',
        'scratch',
        'no CA certificates, tzdata or /etc/passwd: copy what you need',
        SIZES.scratch,
      ),
    );
    alternatives.push(alt('cgr.dev/chainguard/static', 'wolfi', 'Chainguard equivalent'));
  } else if (kind === 'base' || kind === 'cc') {
    alternatives.push(
      alt(
        `gcr.io/distroless/static-debian${debian ?? '12'}`,
        'distroless',
        'if the binary is fully static',
        SIZES.distrolessStatic,
      ),
    );
  }
  if (debug)
    alternatives.push(
      alt(
        withTag(ctx.name, tag.replace(/debug-?/, '') || 'latest'),
        'distroless',
        'the same image without the busybox shell',
      ),
    );
  const details = [
    debian ? `Debian ${debian}` : undefined,
    nonroot ? 'nonroot, uid 65532' : undefined,
    debug ? 'debug shell' : undefined,
  ];
  const info = finishInfo(
    {
      family: 'distroless',
      familyTitle: 'Google distroless',
      variant: 'distroless',
      variantTitle: `${image}${details.some(Boolean) ? ` (${details.filter(Boolean).join(', ')})` : ''}`,
      libc: k.libc,
      shell: debug,
      packageManager: null,
      suits: k.suits,
      pitfalls,
      alternatives,
      isFullVariant: false,
      facts,
    },
    withTag(ctx.name, ctx.tag),
  );
  if (runtimeMajor) info.version = runtimeMajor;
  setSize(info, k.size);
  return info;
};

const CHAINGUARD_REPO = /^cgr\.dev\/chainguard\/([a-z0-9._-]+)$/;

const describeChainguard: Describer = (ctx) => {
  const m = CHAINGUARD_REPO.exec(ctx.repo);
  if (!m) return undefined;
  const image = m[1] ?? '';
  const tag = ctx.tag ?? 'latest';
  const dev = tag === 'latest-dev' || tag.endsWith('-dev');
  const withShell = dev || image === 'wolfi-base' || image === 'busybox';
  const libc: Libc = image === 'static' ? 'none' : 'glibc';
  const pitfalls = [
    'free images are mostly `latest` and `latest-dev`; other tags (pinned versions) need a Chainguard subscription',
    ...(withShell ? [] : ['no shell or package manager: build on the `-dev` tag, ship this one']),
  ];
  const alternatives: Alternative[] = dev
    ? [
        alt(
          withTag(ctx.name, 'latest'),
          'wolfi',
          'the same image without shell and apk, for the final stage',
        ),
      ]
    : [];
  const info = finishInfo(
    {
      family: 'chainguard',
      familyTitle: 'Chainguard image (Wolfi)',
      variant: 'wolfi',
      variantTitle: `${image}${dev ? ' (dev: shell and apk)' : ''}`,
      libc,
      shell: withShell,
      packageManager: dev || image === 'wolfi-base' ? 'apk' : null,
      suits:
        image === 'static'
          ? 'static binaries; CA certificates and a nonroot user, nothing else'
          : image === 'wolfi-base'
            ? 'a small glibc base with apk to build your own minimal image'
            : `a minimal, frequently rebuilt ${image} runtime`,
      pitfalls,
      alternatives,
      isFullVariant: false,
      facts: [FACTS.chainguardTags, FACTS.chainguardStatic],
    },
    withTag(ctx.name, ctx.tag),
  );
  return info;
};

export const MINIMAL_DESCRIBERS: readonly Describer[] = [describeDistroless, describeChainguard];

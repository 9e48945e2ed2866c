import {
  alt,
  finishInfo,
  joinTag,
  parseLibraryTag,
  setSize,
  windowsInfo,
  withTag,
  type Describer,
} from './common';
import { SIZES } from './figures';
import { describeLanguage, slimBeforeSuite, type LanguageSpec } from './languages';
import type { Alternative, ImageInfo } from './types';

/** Runtime images for a binary built in a toolchain stage, matched to the build's glibc. */
function distrolessFor(kind: 'static' | 'base' | 'cc', suite: string | undefined): string {
  return `gcr.io/distroless/${kind}-${suite === 'trixie' ? 'debian13' : 'debian12'}`;
}

const GLIBC_MATCH =
  'build on the same Debian release (bookworm ↔ debian12, trixie ↔ debian13) or the binary may need a newer glibc than the image has';

const describeGolang: Describer = (ctx) => {
  if (ctx.repo !== 'golang') return undefined;
  const t = parseLibraryTag(ctx.tag);
  if (t.windows)
    return windowsInfo(ctx, 'golang', 'Go (Docker Official Image)', t.windows, t.version);
  const isAlpine = t.alpine !== undefined;
  const understood = t.flags.size === 0;
  const alpineRef =
    !isAlpine && understood ? withTag(ctx.name, joinTag(t.version, 'alpine')) : undefined;
  const alternatives: Alternative[] = [
    alt(
      `${distrolessFor('static', t.suite)}:nonroot`,
      'distroless',
      'for `CGO_ENABLED=0` binaries: CA certificates, tzdata and a nonroot user, no shell',
      SIZES.distrolessStatic,
    ),
    alt(
      'scratch',
      'scratch',
      'static binary only; copy CA certificates and tzdata yourself',
      SIZES.scratch,
    ),
    alt('cgr.dev/chainguard/static', 'wolfi', 'Chainguard equivalent of distroless static'),
    alt(
      distrolessFor('base', t.suite),
      'distroless',
      `for cgo binaries that need glibc; ${GLIBC_MATCH}`,
      SIZES.distrolessBase,
    ),
  ];
  if (alpineRef) {
    alternatives.push(
      alt(
        alpineRef,
        'alpine',
        'still the whole toolchain: better as the builder than as the runtime',
        SIZES.golangAlpine,
      ),
    );
  }
  const selfRef = withTag(ctx.name, ctx.tag);
  const info = finishInfo(
    {
      family: 'golang',
      familyTitle: 'Go (Docker Official Image)',
      variant: isAlpine ? 'alpine' : 'full',
      variantTitle: isAlpine
        ? 'alpine (musl, Go toolchain)'
        : 'full (Debian with gcc, git and the Go toolchain)',
      libc: isAlpine ? 'musl' : 'glibc',
      shell: true,
      packageManager: isAlpine ? 'apk' : 'apt',
      suits: isAlpine
        ? 'a smaller builder stage for `CGO_ENABLED=0` builds'
        : 'compiling Go; a builder stage',
      pitfalls: isAlpine
        ? [
            'no gcc by default: cgo needs `apk add build-base`, and cgo binaries then link musl',
            'still a toolchain image: a Go binary needs none of it at run time',
          ]
        : [
            'used as the final stage the whole Go toolchain ships with a binary that needs none of it',
          ],
      alternatives,
      isFullVariant: !isAlpine && alpineRef !== undefined,
      multiStage: {
        build: selfRef,
        ship: `${distrolessFor('static', t.suite)}:nonroot`,
        note: 'build with `CGO_ENABLED=0` and copy only the binary',
      },
    },
    selfRef,
  );
  if (t.version !== undefined) info.version = t.version;
  setSize(info, isAlpine ? SIZES.golangAlpine : SIZES.golangFull);
  if (alpineRef && info.isFullVariant) info.alpineRef = alpineRef;
  return info;
};

const TOOLCHAIN = { libc: 'glibc', shell: true, packageManager: 'apt' } as const;

const RUST: LanguageSpec = {
  family: 'rust',
  familyTitle: 'Rust (Docker Official Image)',
  repo: 'rust',
  full: {
    ...TOOLCHAIN,
    title: 'full (Debian with gcc, dev headers and the Rust toolchain)',
    size: SIZES.rustFull,
    suits: 'compiling Rust; a builder stage',
    pitfalls: [
      'used as the final stage the compiler toolchain ships with a binary that needs none of it',
    ],
  },
  slim: {
    ...TOOLCHAIN,
    title: 'slim (Debian with a minimal Rust toolchain)',
    size: SIZES.rustSlim,
    suits: 'a smaller builder stage',
    pitfalls: [
      'still a toolchain image: not meant to be shipped',
      'no `*-dev` packages: crates that link system libraries (openssl-sys, …) need `apt-get install` first',
    ],
  },
  alpine: {
    libc: 'musl',
    shell: true,
    packageManager: 'apk',
    title: 'alpine (musl Rust toolchain)',
    size: SIZES.rustAlpine,
    suits: 'building fully static `*-linux-musl` binaries for `scratch`',
    pitfalls: [
      'in the last measurement it was not smaller than -slim: it adds gcc and musl-dev',
      'still a toolchain image: not meant to be shipped',
    ],
  },
  slimTag: slimBeforeSuite,
  slimNote: 'smaller toolchain image for the builder stage',
  alpineNote: 'musl toolchain; for static builds',
  extras: (_version, t) => [
    alt(
      distrolessFor('cc', t.suite),
      'distroless',
      `glibc + libgcc for ordinary Rust binaries; ${GLIBC_MATCH}`,
    ),
    alt('scratch', 'scratch', 'for static `x86_64-unknown-linux-musl` binaries', SIZES.scratch),
  ],
  multiStage: (selfRef, _slimRef, t) => ({
    build: selfRef,
    ship: distrolessFor('cc', t.suite),
    note: '`cargo build --release` in the builder and copy only the binary',
  }),
};

export const COMPILED_DESCRIBERS: readonly Describer[] = [
  describeGolang,
  (ctx): ImageInfo | undefined => describeLanguage(RUST, ctx),
];

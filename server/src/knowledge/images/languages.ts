import {
  ALPINE_PITFALLS,
  FACTS,
  alt,
  finishInfo,
  setSize,
  joinTag,
  majorOf,
  parseLibraryTag,
  windowsInfo,
  withTag,
  type DescribeContext,
  type Describer,
  type LibraryTag,
} from './common';
import { SIZES } from './figures';
import type {
  Alternative,
  ImageInfo,
  Libc,
  MultiStageHint,
  SizeFigure,
  SourceRef,
  VariantKind,
} from './types';

/** One variant of an official language image. */
export interface Profile {
  title: string;
  libc: Libc;
  shell: boolean;
  packageManager: string | null;
  size?: SizeFigure;
  suits: string;
  pitfalls: readonly string[];
}

/** Official images published as `<v>`, `<v>-slim` and `<v>-alpine` (Debian full by default). */
export interface LanguageSpec {
  family: string;
  familyTitle: string;
  repo: string;
  aliases?: readonly string[];
  full: Profile;
  slim: Profile;
  alpine: Profile;
  slimTag(t: LibraryTag, version: string | undefined): string | undefined;
  slimNote: string;
  alpineNote: string;
  extras?(version: string | undefined, t: LibraryTag): Alternative[];
  /** How to split a full-image Dockerfile; only asked for the full variant. */
  multiStage?(
    selfRef: string,
    slimRef: string | undefined,
    t: LibraryTag,
  ): MultiStageHint | undefined;
  facts?: readonly SourceRef[];
}

const FULL_DEBIAN = { libc: 'glibc', shell: true, packageManager: 'apt' } as const;
const ALPINE_BASE = { libc: 'musl', shell: true, packageManager: 'apk' } as const;

/** Shared by python, node and ruby; rust uses it too with its own profiles. */
export function describeLanguage(spec: LanguageSpec, ctx: DescribeContext): ImageInfo | undefined {
  if (ctx.repo !== spec.repo) return undefined;
  const t = parseLibraryTag(ctx.tag, spec.aliases);
  // `3.14-rc-slim`: the release-candidate marker belongs to the version.
  const rc = t.flags.has('rc');
  const version = rc && t.version ? `${t.version}-rc` : t.version;
  if (t.windows) return windowsInfo(ctx, spec.family, spec.familyTitle, t.windows, version);
  const understood = [...t.flags].every((f) => f === 'rc');

  const kind: VariantKind = t.alpine ? 'alpine' : t.slim ? 'slim' : 'full';
  const profile = kind === 'alpine' ? spec.alpine : kind === 'slim' ? spec.slim : spec.full;
  const alternatives: Alternative[] = [];
  let slimRef: string | undefined;
  let alpineRef: string | undefined;
  if (understood) {
    const alpineRefCandidate = withTag(ctx.name, joinTag(version, 'alpine'));
    const slimTag = spec.slimTag(t, version);
    const slimRefCandidate = slimTag !== undefined ? withTag(ctx.name, slimTag) : undefined;
    if (kind !== 'alpine')
      alternatives.push(alt(alpineRefCandidate, 'alpine', spec.alpineNote, spec.alpine.size));
    if (kind !== 'slim' && slimRefCandidate) {
      alternatives.push(alt(slimRefCandidate, 'slim', spec.slimNote, spec.slim.size));
    }
    alternatives.push(...(spec.extras?.(version, t) ?? []));
    if (kind === 'full') {
      slimRef = slimRefCandidate;
      alpineRef = alpineRefCandidate;
    }
  }
  const selfRef = withTag(ctx.name, ctx.tag);
  const info: ImageInfo = finishInfo(
    {
      family: spec.family,
      familyTitle: spec.familyTitle,
      variant: kind,
      variantTitle: profile.title,
      libc: profile.libc,
      shell: profile.shell,
      packageManager: profile.packageManager,
      suits: profile.suits,
      pitfalls: [...profile.pitfalls],
      alternatives,
      isFullVariant: kind === 'full' && (slimRef !== undefined || alpineRef !== undefined),
      facts: spec.facts ?? [],
    },
    selfRef,
  );
  if (version !== undefined) info.version = version;
  setSize(info, profile.size);
  if (slimRef) info.slimRef = slimRef;
  if (alpineRef) info.alpineRef = alpineRef;
  const hint = kind === 'full' ? spec.multiStage?.(selfRef, slimRef, t) : undefined;
  if (hint) info.multiStage = hint;
  return info;
}

/** `3.12-slim-bookworm` style (python, ruby, rust): slim before the Debian suite. */
export function slimBeforeSuite(t: LibraryTag, version: string | undefined): string | undefined {
  return joinTag(version, 'slim', t.suite);
}

const PYTHON: LanguageSpec = {
  family: 'python',
  familyTitle: 'Python (Docker Official Image)',
  repo: 'python',
  full: {
    ...FULL_DEBIAN,
    title: 'full (Debian with compilers and dev headers)',
    size: SIZES.pythonFull,
    suits: 'building packages that compile C extensions; a builder stage',
    pitfalls: [
      'used as the final stage it ships gcc, dev headers, git and other build tools the app never runs',
    ],
  },
  slim: {
    ...FULL_DEBIAN,
    title: 'slim (Debian, runtime packages only)',
    size: SIZES.pythonSlim,
    suits: 'most production Python services: glibc, so manylinux wheels install as they are',
    pitfalls: [
      'no compiler: a dependency without a prebuilt wheel fails to install; build wheels in a builder stage, or install build-essential and remove it in the same RUN',
    ],
  },
  alpine: {
    ...ALPINE_BASE,
    title: 'alpine (musl)',
    size: SIZES.pythonAlpine,
    suits: 'small images when every dependency is pure Python or ships a musllinux wheel',
    pitfalls: [
      'fewer prebuilt wheels: manylinux wheels need glibc, so packages without a musllinux wheel compile from source (slow builds that need build-base)',
      ...ALPINE_PITFALLS,
    ],
  },
  slimTag: slimBeforeSuite,
  slimNote: 'same Python on Debian without compilers; the usual production choice',
  alpineNote: 'musl: slow source builds for packages without musllinux wheels',
  extras(version) {
    // distroless python3 runs the distribution's Python, not the python.org build of the tag.
    const on313 = version?.startsWith('3.13') === true;
    const ref = on313 ? 'gcr.io/distroless/python3-debian13' : 'gcr.io/distroless/python3-debian12';
    const runs = on313 ? "Debian 13's Python 3.13" : "Debian 12's Python 3.11";
    const match =
      version === undefined || version.startsWith(on313 ? '3.13' : '3.11')
        ? ''
        : `, not ${version}`;
    return [
      alt(
        ref,
        'distroless',
        `no shell or pip; runs ${runs}${match}: copy in a venv built on that same Python`,
      ),
    ];
  },
  multiStage: (selfRef, slimRef) =>
    slimRef
      ? {
          build: selfRef,
          ship: slimRef,
          note: 'install dependencies into a virtualenv in the builder, then `COPY --from` the venv and the app',
        }
      : undefined,
  facts: [FACTS.distrolessPython311, FACTS.distrolessPython313],
};

/** Node's LTS codenames are tags too (`node:iron-slim`). */
const NODE_CODENAMES: Readonly<Record<string, number>> = {
  hydrogen: 18,
  iron: 20,
  jod: 22,
  krypton: 24,
};

const NODE: LanguageSpec = {
  family: 'node',
  familyTitle: 'Node.js (Docker Official Image)',
  repo: 'node',
  aliases: ['lts', 'current', ...Object.keys(NODE_CODENAMES)],
  full: {
    ...FULL_DEBIAN,
    title: 'full (Debian with compilers, make and git)',
    size: SIZES.nodeFull,
    suits: 'installing dependencies with native addons (node-gyp); a builder stage',
    pitfalls: [
      'used as the final stage it ships compilers, headers and VCS tools that running JavaScript never needs',
    ],
  },
  slim: {
    ...FULL_DEBIAN,
    title: 'slim (Debian, Node.js only)',
    size: SIZES.nodeSlim,
    suits: 'production Node.js apps: glibc, so prebuilt native addons work',
    pitfalls: [
      'no compiler or make: native addons without prebuilt binaries fail at `npm ci`; install in a full builder stage and copy `node_modules`',
    ],
  },
  alpine: {
    ...ALPINE_BASE,
    title: 'alpine (musl)',
    size: SIZES.nodeAlpine,
    suits: 'small images for apps without native addons',
    pitfalls: [
      "Node for musl comes from Node's unofficial-builds project (see the image's Dockerfile), and native addons need musl builds or a compile step",
      ...ALPINE_PITFALLS,
    ],
  },
  slimTag: (t, version) => joinTag(version, t.suite, 'slim'),
  slimNote: 'Node.js on Debian without build tools; the usual production choice',
  alpineNote: 'musl: native addons need musl builds',
  extras(version) {
    const major = version !== undefined ? (NODE_CODENAMES[version] ?? majorOf(version)) : undefined;
    if (major !== 20 && major !== 22 && major !== 24) return [];
    // Node 24 is named here only on Debian 13, where the distroless docs list it.
    const debian = major === 24 ? 'debian13' : 'debian12';
    return [
      alt(
        `gcr.io/distroless/nodejs${major}-${debian}`,
        'distroless',
        'no shell or npm; the entrypoint is node, so CMD is just the script path',
        major === 20 ? SIZES.distrolessNodejs20 : undefined,
      ),
    ];
  },
  multiStage: (selfRef, slimRef) =>
    slimRef
      ? {
          build: selfRef,
          ship: slimRef,
          note: 'run `npm ci` and the build in the builder; copy `dist` and production-only `node_modules`',
        }
      : undefined,
};

const RUBY: LanguageSpec = {
  family: 'ruby',
  familyTitle: 'Ruby (Docker Official Image)',
  repo: 'ruby',
  full: {
    ...FULL_DEBIAN,
    title: 'full (Debian with compilers and dev headers)',
    size: SIZES.rubyFull,
    suits: 'installing gems with native extensions; a builder stage',
    pitfalls: [
      'used as the final stage it ships gcc, dev headers and VCS tools the app never runs',
    ],
  },
  slim: {
    ...FULL_DEBIAN,
    title: 'slim (Debian, Ruby only)',
    size: SIZES.rubySlim,
    suits: 'production Ruby apps on glibc',
    pitfalls: [
      'no compiler: gems with native extensions fail at `bundle install`; install them in a full builder stage and copy `/usr/local/bundle`',
    ],
  },
  alpine: {
    ...ALPINE_BASE,
    title: 'alpine (musl)',
    size: SIZES.rubyAlpine,
    suits: 'small images when your native gems build (or ship) for musl',
    pitfalls: [
      'gems with native extensions need musl builds or compile from source (needs build-base)',
      ...ALPINE_PITFALLS,
    ],
  },
  slimTag: slimBeforeSuite,
  slimNote: 'Ruby on Debian without compilers',
  alpineNote: 'musl: native gems must build for musl',
  multiStage: (selfRef, slimRef) =>
    slimRef
      ? {
          build: selfRef,
          ship: slimRef,
          note: 'run `bundle install` in the builder and copy `/usr/local/bundle`',
        }
      : undefined,
};

const PHP_FLAVORS = ['cli', 'fpm', 'apache', 'zts'] as const;
type PhpFlavor = (typeof PHP_FLAVORS)[number];
const PHP_SUITS: Readonly<Record<PhpFlavor, string>> = {
  cli: 'PHP command-line apps and workers',
  fpm: 'PHP-FPM behind a separate web server',
  apache: 'Apache with mod_php in one container',
  zts: 'thread-safe PHP builds (e.g. for parallel extensions)',
};

/** php images come in flavours (cli, fpm, apache, zts) on Debian or Alpine; there is no -slim. */
const describePhp: Describer = (ctx) => {
  if (ctx.repo !== 'php') return undefined;
  const t = parseLibraryTag(ctx.tag, [...PHP_FLAVORS]);
  const flavorToken = PHP_FLAVORS.find((f) => t.flags.has(f) || t.version === f);
  const flavor: PhpFlavor = flavorToken ?? 'cli';
  const version = t.version !== undefined && t.version !== flavorToken ? t.version : undefined;
  if (t.windows) return windowsInfo(ctx, 'php', 'PHP (Docker Official Image)', t.windows, version);
  const understood = [...t.flags].every((f) => (PHP_FLAVORS as readonly string[]).includes(f));
  const isAlpine = t.alpine !== undefined;
  const cliSized = flavor === 'cli';
  // Debian images keep PHPIZE_DEPS installed so docker-php-ext-install works (see the image Dockerfile).
  const phpizeSource = SIZES.phpCli.source;
  // There is no Alpine build of the apache flavour.
  const alpineTag = flavor === 'apache' ? undefined : joinTag(version, flavorToken, 'alpine');
  const alpineRef = understood && !isAlpine && alpineTag ? withTag(ctx.name, alpineTag) : undefined;
  const alternatives: Alternative[] = alpineRef
    ? [
        alt(
          alpineRef,
          'alpine',
          'musl; extensions are compiled for Alpine with `docker-php-ext-install`',
          cliSized ? SIZES.phpCliAlpine : undefined,
        ),
      ]
    : [];
  const info = finishInfo(
    {
      family: 'php',
      familyTitle: 'PHP (Docker Official Image)',
      variant: isAlpine ? 'alpine' : 'full',
      variantTitle: isAlpine
        ? `alpine (${flavor}, musl)`
        : `Debian (${flavor}, with phpize build tools)`,
      libc: isAlpine ? 'musl' : 'glibc',
      shell: true,
      packageManager: isAlpine ? 'apk' : 'apt',
      suits: PHP_SUITS[flavor],
      pitfalls: isAlpine
        ? [
            'PECL extensions and vendor binaries built for glibc need musl builds',
            ...ALPINE_PITFALLS,
          ]
        : [
            'the Debian images keep the `phpize` build dependencies (gcc, make, autoconf) installed so `docker-php-ext-install` works; you ship them too',
          ],
      alternatives,
      isFullVariant: !isAlpine && alpineRef !== undefined,
      facts: [phpizeSource],
    },
    withTag(ctx.name, ctx.tag),
  );
  if (version !== undefined) info.version = version;
  const size = cliSized ? (isAlpine ? SIZES.phpCliAlpine : SIZES.phpCli) : undefined;
  setSize(info, size);
  if (alpineRef && info.isFullVariant) info.alpineRef = alpineRef;
  return info;
};

export const LANGUAGE_DESCRIBERS: readonly Describer[] = [
  (ctx) => describeLanguage(PYTHON, ctx),
  (ctx) => describeLanguage(NODE, ctx),
  (ctx) => describeLanguage(RUBY, ctx),
  describePhp,
];

/**
 * Where each package manager keeps its download cache inside a build container, for
 * `RUN --mount=type=cache`. Every location below was checked against the tool's own documentation
 * (or source) and Docker's cache-mount guide; the `sources` of each entry say where.
 *
 * A location is found in this order: an environment variable that moves it (a `NAME=value`
 * prefix on the command, then ENV/ARG in the Dockerfile, then the official base image's ENV),
 * else the tool's default, with `~` meaning the home directory of the build user.
 */
export interface EnvOverride {
  name: string;
  /** Appended to the variable's value (`$GOPATH` + `pkg/mod`). */
  sub?: string;
}

export interface CacheDir {
  /** Default location: absolute, or starting with `~/` for the build user's home. */
  path: string;
  /** Default when the build user is not root, if different. */
  nonRootPath?: string;
  sharing?: 'locked';
  /** Variables that move the directory, first set wins. */
  env?: readonly EnvOverride[];
  /** Other targets that also count as a cache for this directory (never used by the fix). */
  accepted?: readonly string[];
  /**
   * What a rebuild without it repeats: `download` (the default: packages fetched again), `index`
   * (package lists fetched again) or `build` (a compiler's cache: everything compiles again).
   */
  role?: CacheRole;
}

export type CacheRole = 'download' | 'index' | 'build';

/** A command that empties the tool's cache: under a cache mount it only throws the cache away. */
export interface CleanCommand {
  /** argv prefix, e.g. `['npm', 'cache', 'clean']`. */
  argv?: readonly string[];
  /** Empties only part of the cache (`apt-get clean` keeps the lists): not a choice against caching. */
  partial?: boolean;
  /** `rm` of one of these paths (`~` = home; a trailing `/*` is also matched). */
  rmPaths?: readonly string[];
}

export interface ToolCache {
  tool: string;
  dirs: CacheDir[];
  /** Flags that turn the tool's cache off and defeat a cache mount. */
  disablingFlags: string[];
  /** Environment variables that turn the cache off (any value but `0`, `false`, `no`, `off`). */
  disablingEnv?: string[];
  /** Replacements for disabling flags whose removal would change behaviour otherwise. */
  replaceFlags?: Readonly<Record<string, string>>;
  clean?: readonly CleanCommand[];
  /** Where each location was checked. */
  sources: string[];
}

const DOCKER_DOCS = 'https://docs.docker.com/build/cache/optimize/#use-cache-mounts';
const XDG_CACHE = (sub: string): EnvOverride => ({ name: 'XDG_CACHE_HOME', sub });

export const TOOL_CACHES: Readonly<Record<string, ToolCache>> = {
  pip: {
    tool: 'pip',
    dirs: [{ path: '~/.cache/pip', env: [{ name: 'PIP_CACHE_DIR' }, XDG_CACHE('pip')] }],
    disablingFlags: ['--no-cache-dir'],
    disablingEnv: ['PIP_NO_CACHE_DIR'],
    clean: [{ argv: ['pip', 'cache', 'purge'] }, { rmPaths: ['~/.cache/pip'] }],
    sources: [
      DOCKER_DOCS,
      'https://pip.pypa.io/en/stable/topics/caching/#default-paths',
      'https://pip.pypa.io/en/stable/topics/configuration/#environment-variables (PIP_NO_CACHE_DIR)',
    ],
  },
  uv: {
    tool: 'uv',
    dirs: [{ path: '~/.cache/uv', env: [{ name: 'UV_CACHE_DIR' }, XDG_CACHE('uv')] }],
    disablingFlags: ['--no-cache', '-n'],
    disablingEnv: ['UV_NO_CACHE'],
    clean: [{ argv: ['uv', 'cache', 'clean'] }],
    sources: [
      'https://docs.astral.sh/uv/guides/integration/docker/#caching (`--mount=type=cache,target=/root/.cache/uv`)',
      'https://docs.astral.sh/uv/concepts/cache/#cache-directory',
    ],
  },
  poetry: {
    tool: 'poetry',
    // Only the download caches: Poetry also creates its virtualenvs under cache-dir by default,
    // and a mount over the whole directory would take the installed packages out of the image.
    dirs: [
      { path: '~/.cache/pypoetry/cache', env: [{ name: 'POETRY_CACHE_DIR', sub: 'cache' }] },
      {
        path: '~/.cache/pypoetry/artifacts',
        env: [{ name: 'POETRY_CACHE_DIR', sub: 'artifacts' }],
      },
    ],
    disablingFlags: ['--no-cache'],
    sources: [
      'https://python-poetry.org/docs/configuration/#cache-dir (Linux default `~/.cache/pypoetry`; `virtualenvs.path` defaults to `{cache-dir}/virtualenvs`)',
      'poetry/config/config.py: `{cache-dir}/cache/repositories` and `{cache-dir}/artifacts`',
    ],
  },
  npm: {
    tool: 'npm',
    dirs: [{ path: '~/.npm', env: [{ name: 'npm_config_cache' }, { name: 'NPM_CONFIG_CACHE' }] }],
    disablingFlags: [],
    clean: [{ argv: ['npm', 'cache', 'clean'] }, { rmPaths: ['~/.npm'] }],
    sources: [DOCKER_DOCS, 'https://docs.npmjs.com/cli/commands/npm-cache'],
  },
  yarn: {
    tool: 'yarn',
    dirs: [
      {
        path: '/usr/local/share/.cache/yarn',
        nonRootPath: '~/.cache/yarn',
        env: [{ name: 'YARN_CACHE_FOLDER' }],
      },
    ],
    disablingFlags: [],
    clean: [{ argv: ['yarn', 'cache', 'clean'] }],
    sources: [
      'https://classic.yarnpkg.com/en/docs/cli/cache (`yarn cache dir`: /usr/local/share/.cache/yarn as root in the node images; YARN_CACHE_FOLDER moves it)',
    ],
  },
  pnpm: {
    tool: 'pnpm',
    dirs: [
      {
        path: '~/.local/share/pnpm/store',
        env: [
          { name: 'PNPM_HOME', sub: 'store' },
          { name: 'XDG_DATA_HOME', sub: 'pnpm/store' },
        ],
      },
    ],
    disablingFlags: [],
    sources: [
      'https://pnpm.io/settings#storedir ($PNPM_HOME/store, else $XDG_DATA_HOME/pnpm/store, on Linux ~/.local/share/pnpm/store)',
      'https://pnpm.io/docker (`ENV PNPM_HOME="/pnpm"` with `--mount=type=cache,id=pnpm,target=/pnpm/store`)',
    ],
  },
  go: {
    tool: 'go',
    dirs: [
      { path: '~/go/pkg/mod', env: [{ name: 'GOMODCACHE' }, { name: 'GOPATH', sub: 'pkg/mod' }] },
      {
        path: '~/.cache/go-build',
        env: [{ name: 'GOCACHE' }, XDG_CACHE('go-build')],
        role: 'build',
      },
    ],
    disablingFlags: [],
    clean: [{ argv: ['go', 'clean', '-modcache'] }, { argv: ['go', 'clean', '-cache'] }],
    sources: [
      DOCKER_DOCS,
      'https://go.dev/ref/mod#module-cache (GOMODCACHE, default $GOPATH/pkg/mod; the golang image sets GOPATH=/go)',
      'https://pkg.go.dev/cmd/go#hdr-Build_and_test_caching (GOCACHE, default ~/.cache/go-build)',
    ],
  },
  apt: {
    tool: 'apt',
    dirs: [
      { path: '/var/cache/apt', sharing: 'locked' },
      { path: '/var/lib/apt', sharing: 'locked', role: 'index' },
    ],
    disablingFlags: [],
    clean: [
      { argv: ['apt-get', 'clean'], partial: true },
      { argv: ['apt', 'clean'], partial: true },
      { rmPaths: ['/var/cache/apt', '/var/cache/apt/archives'], partial: true },
      { rmPaths: ['/var/lib/apt/lists'] },
    ],
    sources: [
      DOCKER_DOCS,
      'https://docs.docker.com/reference/dockerfile/#example-cache-apt-packages',
    ],
  },
  apk: {
    tool: 'apk',
    // apk caches only when /etc/apk/cache exists (apk-cache(5)); a mount there turns the cache on,
    // and `--update-cache` keeps refreshing the index as `--no-cache` did. /var/cache/apk is where
    // the index lands otherwise, so a mount there also keeps the layer clean.
    dirs: [{ path: '/etc/apk/cache', accepted: ['/var/cache/apk'] }],
    disablingFlags: ['--no-cache'],
    replaceFlags: { '--no-cache': '--update-cache' },
    sources: [
      'https://wiki.alpinelinux.org/wiki/Local_APK_cache',
      'apk-cache(5): "If /etc/apk/cache is a symlink to a local directory, apk will use it as a local cache"',
    ],
  },
  cargo: {
    tool: 'cargo',
    dirs: [
      { path: '~/.cargo/registry', env: [{ name: 'CARGO_HOME', sub: 'registry' }] },
      { path: '~/.cargo/git/db', env: [{ name: 'CARGO_HOME', sub: 'git/db' }] },
    ],
    disablingFlags: [],
    sources: [
      DOCKER_DOCS,
      'https://doc.rust-lang.org/cargo/guide/cargo-home.html#caching-the-cargo-home-in-ci (registry/ and git/db/ under $CARGO_HOME; the rust image sets CARGO_HOME=/usr/local/cargo)',
    ],
  },
  maven: {
    tool: 'maven',
    // The local repository only: ~/.m2 also holds settings.xml, which a mount would hide.
    dirs: [{ path: '~/.m2/repository', accepted: ['~/.m2'] }],
    disablingFlags: [],
    sources: [
      'https://maven.apache.org/settings.html (localRepository default ${user.home}/.m2/repository)',
    ],
  },
  gradle: {
    tool: 'gradle',
    // The caches only: the Gradle user home also holds gradle.properties and init scripts.
    dirs: [
      {
        path: '~/.gradle/caches',
        env: [{ name: 'GRADLE_USER_HOME', sub: 'caches' }],
        accepted: ['~/.gradle'],
      },
    ],
    disablingFlags: [],
    sources: [
      'https://docs.gradle.org/current/userguide/directory_layout.html (caches/ under GRADLE_USER_HOME, default ~/.gradle)',
    ],
  },
  bundler: {
    tool: 'bundler',
    // Downloaded .gem files stay in the install path's cache/ (the ruby image installs into
    // GEM_HOME=/usr/local/bundle); Bundler's own index cache is ~/.bundle/cache. Docker's guide
    // shows /root/.gem, which is accepted as present.
    dirs: [
      { path: '~/.bundle/cache', env: [{ name: 'BUNDLE_USER_CACHE' }], accepted: ['~/.gem'] },
      { path: '', env: [{ name: 'GEM_HOME', sub: 'cache' }] },
    ],
    disablingFlags: [],
    sources: [
      DOCKER_DOCS,
      'https://bundler.io/man/bundle-config.1.html (BUNDLE_USER_CACHE, default ~/.bundle/cache)',
      'https://github.com/docker-library/ruby (ENV GEM_HOME /usr/local/bundle)',
    ],
  },
  composer: {
    tool: 'composer',
    // Composer prefers ~/.composer/cache whenever that directory exists, even on XDG systems
    // (Factory::getCacheDir), so a mount there is used wherever the default would have been.
    dirs: [
      {
        path: '~/.composer/cache',
        env: [{ name: 'COMPOSER_CACHE_DIR' }, { name: 'COMPOSER_HOME', sub: 'cache' }],
        accepted: ['~/.cache/composer'],
      },
    ],
    disablingFlags: ['--no-cache'],
    clean: [{ argv: ['composer', 'clear-cache'] }, { argv: ['composer', 'clearcache'] }],
    sources: [
      DOCKER_DOCS,
      'https://getcomposer.org/doc/03-cli.md#composer-cache-dir',
      'composer/src/Composer/Factory.php getCacheDir(); the composer image sets COMPOSER_HOME=/tmp (cache /tmp/cache)',
    ],
  },
  dotnet: {
    tool: 'dotnet',
    dirs: [{ path: '~/.nuget/packages', env: [{ name: 'NUGET_PACKAGES' }] }],
    disablingFlags: [],
    sources: [
      DOCKER_DOCS,
      'https://learn.microsoft.com/nuget/consume-packages/managing-the-global-packages-and-cache-folders (global-packages: ~/.nuget/packages, NUGET_PACKAGES; PackageReference projects use packages directly from it)',
    ],
  },
};

/**
 * ENV of official images that moves a cache (the Dockerfile does not show it). Keyed by repository.
 * gradle: the image links /root/.gradle to /home/gradle/.gradle, so that is where root's caches go.
 */
export const IMAGE_ENV: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  golang: { GOPATH: '/go' },
  rust: { CARGO_HOME: '/usr/local/cargo' },
  composer: { COMPOSER_HOME: '/tmp' },
  ruby: { GEM_HOME: '/usr/local/bundle' },
  gradle: { GRADLE_USER_HOME: '/home/gradle/.gradle' },
};

/** Home directories and uids of well-known non-root users of official images. */
const KNOWN_USERS: Record<string, { home: string; uid: number }> = {
  node: { home: '/home/node', uid: 1000 },
  nonroot: { home: '/home/nonroot', uid: 65532 },
};

export interface BuildUser {
  home: string;
  /** undefined for root. */
  uid: number | undefined;
  gid: number | undefined;
}

/** Resolves the USER in effect; undefined when its uid cannot be known (cache mounts would be unwritable). */
export function buildUser(user: string | undefined): BuildUser | undefined {
  if (user === undefined) return { home: '/root', uid: undefined, gid: undefined };
  const name = user.split(':')[0] ?? '';
  if (name === 'root' || name === '0') return { home: '/root', uid: undefined, gid: undefined };
  // A numeric uid's home depends on /etc/passwd, which the Dockerfile alone does not tell.
  const known = KNOWN_USERS[name];
  return known ? { home: known.home, uid: known.uid, gid: known.uid } : undefined;
}

/** Looks up a variable in effect for the command; undefined when not set. */
export type EnvLookup = (name: string) => string | undefined;

function joinPath(base: string, sub: string | undefined): string {
  const b = base.length > 1 ? base.replace(/(?<!\/)\/+$/, '') : base;
  return sub ? `${b === '/' ? '' : b}/${sub}` : b;
}

/** Expands `~`, `$HOME` and other variables; undefined when something stays unresolved. */
function expand(path: string, home: string, env: EnvLookup): string | undefined {
  let p = path.startsWith('~/') ? `${home}${path.slice(1)}` : path === '~' ? home : path;
  p = p.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (whole, name: string) =>
    name === 'HOME' ? home : (env(name) ?? whole),
  );
  return p.startsWith('/') && !p.includes('$') ? p : undefined;
}

/**
 * Where one cache directory is for this command: an absolute path, `null` when a variable moves it
 * somewhere the Dockerfile does not tell (`ENV GOPATH=$SOMETHING`), or undefined when the tool has
 * no such directory here (bundler's GEM_HOME cache outside the ruby image).
 */
export function resolveCacheDir(
  dir: CacheDir,
  user: BuildUser,
  env: EnvLookup,
): string | null | undefined {
  for (const o of dir.env ?? []) {
    const value = env(o.name);
    if (value === undefined || value === '') continue;
    const base = expand(value, user.home, env);
    return base === undefined ? null : joinPath(base, o.sub);
  }
  const path = user.uid !== undefined && dir.nonRootPath ? dir.nonRootPath : dir.path;
  if (!path) return undefined;
  return expand(path, user.home, env) ?? null;
}

/** The `accepted` alternatives of a directory, resolved for this user. */
export function acceptedDirs(dir: CacheDir, user: BuildUser, env: EnvLookup): string[] {
  return (dir.accepted ?? []).flatMap((p) => expand(p, user.home, env) ?? []);
}

/**
 * Regular uids (1000 and up) that official images already give a user, so that the uid a
 * `useradd`/`adduser` without `-u` picks can be worked out: node has `node` (1000); Ubuntu has a
 * `ubuntu` user (1000) since 23.04. Images not listed are not known: no uid is guessed for them.
 * Sources: https://github.com/nodejs/docker-node (groupadd/useradd --uid 1000 node),
 * https://discourse.ubuntu.com/t/ubuntu-23-04-lunar-lobster-release-notes (default `ubuntu` user).
 */
export function regularUidsOf(repository: string, tag: string | undefined): number[] | undefined {
  const repo = repository.toLowerCase();
  if (repo === 'node') return [1000];
  if (repo === 'ubuntu') return tag && OLD_UBUNTU.test(tag) ? [] : [1000];
  return NO_REGULAR_USERS.has(repo) ? [] : undefined;
}

const OLD_UBUNTU = /^(?:1\d|2[0-2])\.\d\d|^(?:trusty|xenial|bionic|focal|jammy|kinetic)(?:-|$)/;

/** Official images with no regular user: Debian/Alpine bases and the language images on them. */
const NO_REGULAR_USERS = new Set([
  'alpine',
  'debian',
  'busybox',
  'buildpack-deps',
  'python',
  'golang',
  'rust',
  'ruby',
  'php',
  'perl',
  'erlang',
  'elixir',
  'gcc',
]);

/**
 * Images whose default user is root (no USER in their Dockerfile): Docker's official language and
 * OS images, and the .NET SDK. For other images the user a RUN runs as is not known, so a cache
 * mount (owned by root unless `uid=` says otherwise) might not be writable.
 */
export function runsAsRootByDefault(repository: string): boolean {
  const repo = repository.toLowerCase();
  return (
    ROOT_IMAGES.has(repo) ||
    NO_REGULAR_USERS.has(repo) ||
    /^mcr\.microsoft\.com\/dotnet\/(sdk|runtime|aspnet|runtime-deps)$/.test(repo)
  );
}

const ROOT_IMAGES = new Set([
  'node',
  'ubuntu',
  'fedora',
  'rockylinux',
  'almalinux',
  'oraclelinux',
  'amazonlinux',
  'centos',
  'eclipse-temurin',
  'openjdk',
  'amazoncorretto',
  'maven',
  'gradle',
  'composer',
  'nginx',
  'httpd',
  'haskell',
  'swift',
  'julia',
  'r-base',
  'clojure',
  'dart',
]);

/**
 * Where each package manager keeps its download cache inside a build container, for
 * `RUN --mount=type=cache`. Paths under `~` are resolved against the USER's home.
 */
export interface CacheDir {
  /** Absolute, or starting with `~/` for the home directory of the build user. */
  path: string;
  /** Where the tool keeps it when the build user is not root, if different. */
  nonRootPath?: string;
  sharing?: 'locked';
}

export interface ToolCache {
  tool: string;
  dirs: CacheDir[];
  /** Flags that turn the tool's cache off and defeat a cache mount. */
  disablingFlags: string[];
  /** Replacements for disabling flags whose removal would change behaviour otherwise. */
  replaceFlags?: Readonly<Record<string, string>>;
  source: string;
}

const DOCKER_DOCS = 'https://docs.docker.com/build/cache/optimize/#use-cache-mounts';

export const TOOL_CACHES: Readonly<Record<string, ToolCache>> = {
  pip: {
    tool: 'pip',
    dirs: [{ path: '~/.cache/pip' }],
    disablingFlags: ['--no-cache-dir'],
    source: DOCKER_DOCS,
  },
  uv: {
    tool: 'uv',
    dirs: [{ path: '~/.cache/uv' }],
    disablingFlags: ['--no-cache', '-n'],
    source: 'https://docs.astral.sh/uv/guides/integration/docker/#caching',
  },
  poetry: {
    tool: 'poetry',
    dirs: [{ path: '~/.cache/pypoetry' }],
    disablingFlags: ['--no-cache'],
    source: 'https://python-poetry.org/docs/configuration/#cache-dir',
  },
  npm: { tool: 'npm', dirs: [{ path: '~/.npm' }], disablingFlags: [], source: DOCKER_DOCS },
  yarn: {
    tool: 'yarn',
    dirs: [{ path: '/usr/local/share/.cache/yarn', nonRootPath: '~/.cache/yarn' }],
    disablingFlags: [],
    source:
      'https://classic.yarnpkg.com/en/docs/cli/cache (`yarn cache dir` as root in the node images)',
  },
  pnpm: {
    tool: 'pnpm',
    dirs: [{ path: '~/.local/share/pnpm/store' }],
    disablingFlags: [],
    source: 'https://pnpm.io/settings#storedir (default store on Linux: $XDG_DATA_HOME/pnpm/store)',
  },
  go: {
    tool: 'go',
    dirs: [{ path: '/go/pkg/mod' }, { path: '~/.cache/go-build' }],
    disablingFlags: [],
    source: DOCKER_DOCS,
  },
  apt: {
    tool: 'apt',
    dirs: [
      { path: '/var/cache/apt', sharing: 'locked' },
      { path: '/var/lib/apt', sharing: 'locked' },
    ],
    disablingFlags: [],
    source: 'https://docs.docker.com/reference/dockerfile/#example-cache-apt-packages',
  },
  apk: {
    tool: 'apk',
    // apk caches only when /etc/apk/cache exists; `--no-cache` also refreshed the index, which
    // `--update-cache` keeps doing once the cache is on.
    dirs: [{ path: '/etc/apk/cache' }],
    disablingFlags: ['--no-cache'],
    replaceFlags: { '--no-cache': '--update-cache' },
    source: 'https://wiki.alpinelinux.org/wiki/Local_APK_cache',
  },
  cargo: {
    tool: 'cargo',
    dirs: [{ path: '/usr/local/cargo/registry' }, { path: '/usr/local/cargo/git/db' }],
    disablingFlags: [],
    source: DOCKER_DOCS,
  },
  maven: {
    tool: 'maven',
    dirs: [{ path: '~/.m2' }],
    disablingFlags: [],
    source: 'https://maven.apache.org/settings.html (local repository ${user.home}/.m2/repository)',
  },
  gradle: {
    tool: 'gradle',
    dirs: [{ path: '~/.gradle' }],
    disablingFlags: [],
    source: 'https://docs.gradle.org/current/userguide/directory_layout.html',
  },
  bundler: { tool: 'bundler', dirs: [{ path: '~/.gem' }], disablingFlags: [], source: DOCKER_DOCS },
  composer: {
    tool: 'composer',
    dirs: [{ path: '~/.cache/composer' }],
    disablingFlags: ['--no-cache'],
    source: 'https://getcomposer.org/doc/03-cli.md#composer-cache-dir',
  },
  dotnet: {
    tool: 'dotnet',
    dirs: [{ path: '~/.nuget/packages' }],
    disablingFlags: [],
    source: DOCKER_DOCS,
  },
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

export function resolveCachePath(dir: CacheDir, user: BuildUser): string {
  const path = user.uid !== undefined && dir.nonRootPath ? dir.nonRootPath : dir.path;
  if (!path.startsWith('~/')) return path;
  return `${user.home.replace(/\/$/, '')}/${path.slice(2)}`;
}

import { insertCacheMountFix } from '../analysis/cacheMountFix';
import { cacheDiscarded, cacheLocations, envFor } from '../analysis/cacheMounts';
import { afterBroadCopy, cacheNeeds } from '../analysis/cacheNeeds';
import { stagePlatform } from '../analysis/platform';
import { basename, toolUses, type ToolUse } from '../analysis/tools';
import type { CacheRole } from '../knowledge/cacheDirs';
import type { DockerfileRule } from './types';

export const rule: DockerfileRule = {
  meta: {
    id: 'missing-cache-mount',
    category: 'speed',
    severity: 'info',
    appliesTo: 'dockerfile',
    // Cache mounts are BuildKit's; Windows images build with the classic builder.
    platforms: ['linux'],
    fixable: true,
    aliases: [],
    docs: {
      summary:
        'A package download runs without a BuildKit cache mount on the tool’s cache directory.',
      why: 'When the layer is rebuilt, every package is downloaded again. A `RUN --mount=type=cache` keeps the package manager’s cache between builds, outside the image, so a rebuild fetches only what changed — and the cache never ends up in a layer.',
      before: 'FROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\n',
      after:
        '# syntax=docker/dockerfile:1\nFROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\n',
      fix: [
        'Reported only for commands that really fetch or compile: not `--offline`/`--frozen` (cargo, npm, yarn, pnpm, uv), `mvn -o`, `gradle --offline`, `pip --no-index`, `bundle --local`; not `dotnet build`/`publish` with `--no-restore` or after a restore in an earlier layer of the stage; not a build after `cargo fetch`/`cargo chef cook`, `pnpm fetch` or `mvn dependency:go-offline` in an earlier layer; a vendored Go build (`-mod=vendor`, `GOFLAGS`, a copied `vendor/`) only needs the build cache. cargo plugins that build (`cargo auditable build`, `cargo zigbuild`, `cargo chef cook`) count. Quiet when the command already throws the cache away on purpose (`--no-cache-dir`, `PIP_NO_CACHE_DIR` — also from an `export` in the RUN —, `apk add --no-cache`, a later `npm cache clean` or removal of the apt lists): that is the other answer to the same cost, and offering a mount would undo it. Quiet on Windows images (no BuildKit cache mounts).',
        '',
        'A mount counts when it is on the cache directory, a parent of it (`/root/.cache` for pip) or a sub-directory (`/go/pkg/mod/cache`); the fix never nests a second one. The message names the directories and says **compiles again** for a compiler cache (Go’s build cache) rather than downloads again.',
        '',
        'Severity: **information** when the step re-runs on most rebuilds — it compiles, or it comes after a `COPY`/`ADD` of the whole build context (so every source change re-runs it); **hint** otherwise (an install after copying only its manifests re-runs only when they change). Editors hide hints from the Problems panel but show them in the file.',
        '',
        '**Insert cache mount on <dirs> (needs BuildKit)** adds `--mount=type=cache,target=<dir>` for the tool’s documented cache directories, in the build user’s home and wherever an `ENV`/`ARG`, a `NAME=value` prefix or the official base image moves them. On a multi-line RUN each mount goes on its own continuation line with the file’s indentation. It adds the same mount to every other RUN of the stage (and of stages built `FROM` it) that uses that directory, because a mount hides what an earlier RUN left there: `dotnet publish --no-restore` would find no packages if only `dotnet restore` had the mount. RUNs that turn the cache off are left as they are. It removes what empties part of the cache under the mount (`apt-get clean`), adds `# syntax=docker/dockerfile:1` when the file has no syntax directive, and for apt inserts Docker’s documented removal of `docker-clean`. A suggestion: it changes how the image is built (BuildKit only).',
        '',
        'The mount must be writable by the user the RUN runs as: root for official images without `USER`; the `uid=` of a user the Dockerfile creates — `useradd -u`/`adduser -u`, or the id the tool picks: the first free id from 1000 for BusyBox and Debian `adduser`, one more than the highest for `useradd`, counting the image’s own users (`node` is 1000 in the node image, `ubuntu` 1000 from Ubuntu 23.04). No fix when that is not known: a base image whose default user is not known, a system account (`-r`, `-S`, `--system`), or a variable that moves the cache somewhere the Dockerfile does not tell.',
        '',
        'Directories (root shown; `~` is the build user’s home), each checked against the tool’s documentation:',
        '',
        '- pip `~/.cache/pip` (PIP_CACHE_DIR) — https://docs.docker.com/build/cache/optimize/#use-cache-mounts, https://pip.pypa.io/en/stable/topics/caching/',
        '- uv `~/.cache/uv` (UV_CACHE_DIR) — https://docs.astral.sh/uv/guides/integration/docker/#caching',
        '- Poetry `~/.cache/pypoetry/cache` and `~/.cache/pypoetry/artifacts` (POETRY_CACHE_DIR); not the whole cache-dir, which also holds Poetry’s virtualenvs — https://python-poetry.org/docs/configuration/#cache-dir',
        '- npm `~/.npm` — https://docs.docker.com/build/cache/optimize/#use-cache-mounts; yarn classic `/usr/local/share/.cache/yarn` as root, `~/.cache/yarn` otherwise (YARN_CACHE_FOLDER) — https://classic.yarnpkg.com/en/docs/cli/cache',
        '- pnpm `~/.local/share/pnpm/store`, or `$PNPM_HOME/store` (`/pnpm/store` with pnpm’s Docker setup) — https://pnpm.io/settings#storedir, https://pnpm.io/docker',
        '- Go `/go/pkg/mod` in the golang image (`$GOPATH/pkg/mod`, GOMODCACHE) and `~/.cache/go-build` (GOCACHE) — https://docs.docker.com/build/cache/optimize/#use-cache-mounts, https://go.dev/ref/mod#module-cache',
        '- apt `/var/cache/apt` and `/var/lib/apt`, `sharing=locked` — https://docs.docker.com/reference/dockerfile/#example-cache-apt-packages',
        '- apk `/etc/apk/cache` (apk caches only when that directory exists; a mount on `/var/cache/apk` is accepted too) — https://wiki.alpinelinux.org/wiki/Local_APK_cache',
        '- Cargo `/usr/local/cargo/registry` and `/usr/local/cargo/git/db` in the rust image (`$CARGO_HOME`, else `~/.cargo`) — https://docs.docker.com/build/cache/optimize/#use-cache-mounts, https://doc.rust-lang.org/cargo/guide/cargo-home.html',
        '- Maven `~/.m2/repository` (not `~/.m2`, which holds settings.xml) — https://maven.apache.org/settings.html',
        '- Gradle `~/.gradle/caches` (GRADLE_USER_HOME; `/home/gradle/.gradle` in the gradle image, where `/root/.gradle` links to) — https://docs.gradle.org/current/userguide/directory_layout.html',
        '- Bundler `~/.bundle/cache` and, in the ruby image, `/usr/local/bundle/cache` where the downloaded gems are kept (Docker’s `/root/.gem` is accepted as present) — https://bundler.io/man/bundle-config.1.html',
        '- Composer `~/.composer/cache` (used whenever it exists), `/tmp/cache` in the composer image (COMPOSER_HOME=/tmp) — https://getcomposer.org/doc/03-cli.md#composer-cache-dir',
        '- .NET `~/.nuget/packages` (NUGET_PACKAGES) — https://learn.microsoft.com/nuget/consume-packages/managing-the-global-packages-and-cache-folders',
      ].join('\n'),
    },
  },
  check({ model, context, report }) {
    const seen = new Set<string>();
    for (const use of toolUses(model.instructions)) {
      const ins = use.instruction;
      const key = `${ins.index}:${use.tool}`;
      if (seen.has(key)) continue;
      // BuildKit cache mounts do not exist for Windows images: nothing to suggest.
      if (stagePlatform(ins.stage) === 'windows') continue;
      const needs = cacheNeeds(use, envFor(ins, use.command), context);
      if (needs.length === 0 || cacheDiscarded(use)) continue;
      const locations = cacheLocations(use.tool, ins, use.command);
      const missing = needs.filter(
        (r) =>
          !locations.some((l) => l.role === r && l.covered) && locations.some((l) => l.role === r),
      );
      if (missing.length === 0) continue;
      seen.add(key);
      const dirs = locations.filter((l) => missing.includes(l.role)).map((l) => l.path);
      const compiles = missing.includes('build');
      report({
        message: messageFor(label(use), missing, dirs),
        start: use.command.words[0]!.start,
        end: use.verbWord?.end ?? use.command.words.at(-1)!.end,
        // Compiling, or installing after a COPY of the whole context, happens on most rebuilds.
        severity: compiles || afterBroadCopy(ins) ? 'info' : 'hint',
        fixes: () => {
          const fix = insertCacheMountFix(model, use);
          return fix ? [fix] : [];
        },
      });
    }
  },
};

/** `pip install`, `uv pip install`, `cargo chef cook`, `gradlew build`. */
function label(use: ToolUse): string {
  const first = basename(use.head[0]);
  const program = /^python/.test(first) ? use.tool : first;
  const sub = use.head
    .slice(1)
    .filter((w) => /^(pip|auditable|chef|xwin|careful|mod)$/.test(w.value));
  return [program, ...sub.map((w) => w.value), use.verb].filter(Boolean).join(' ');
}

function messageFor(name: string, missing: CacheRole[], dirs: (string | undefined)[]): string {
  const known = dirs.filter((d): d is string => d !== undefined);
  const where =
    known.length === dirs.length && known.length > 0
      ? `${known.length > 1 ? 'BuildKit caches on' : 'a BuildKit cache on'} ${known.join(' and ')}`
      : 'a BuildKit cache on its cache directory';
  const fetches = missing.includes('download')
    ? missing.includes('index')
      ? 'downloads the package lists and packages again'
      : 'downloads its packages again'
    : missing.includes('index')
      ? 'downloads the package lists again'
      : '';
  const what = missing.includes('build')
    ? fetches
      ? `${fetches.replace(/^downloads its packages again/, 'downloads modules')} and compiles everything again`
      : 'compiles everything again'
    : fetches;
  return `\`${name}\` ${what} on every rebuild: mount ${where}.`;
}

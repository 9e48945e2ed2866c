/**
 * Short explanations of Dockerfile instructions, flags, `RUN --mount` types and options, heredocs
 * and parser directives, for hovers. Facts follow Docker's Dockerfile reference and the BuildKit
 * cache documentation (linked from every entry); the wording is Layerwise's own.
 */

export const REFERENCE_URL = 'https://docs.docker.com/reference/dockerfile/';
export const CACHE_INVALIDATION_URL = 'https://docs.docker.com/build/cache/invalidation/';

export interface Doc {
  /** Shown bold at the start, e.g. `RUN` or `COPY --link`. */
  title: string;
  /** One short paragraph per entry, markdown. */
  paragraphs: readonly string[];
  /** Anchor in the Dockerfile reference (without `#`), or a full URL. */
  ref: string;
  /** Link text, e.g. `RUN --mount=type=cache`. */
  refTitle: string;
}

export function docUrl(doc: Pick<Doc, 'ref'>): string {
  return doc.ref.startsWith('https://') ? doc.ref : `${REFERENCE_URL}#${doc.ref}`;
}

/** Markdown for one entry: bold title, its paragraphs, extra lines, and the reference link. */
export function docMarkdown(doc: Doc, extra: readonly string[] = []): string {
  const [first, ...rest] = doc.paragraphs;
  return [
    `**\`${doc.title}\`** — ${first ?? ''}`,
    ...rest,
    ...extra,
    `[Dockerfile reference: ${doc.refTitle}](${docUrl(doc)})`,
  ].join('\n\n');
}

function doc(title: string, ref: string, refTitle: string, ...paragraphs: string[]): Doc {
  return { title, ref, refTitle, paragraphs };
}

export const INSTRUCTION_DOCS: Readonly<Record<string, Doc>> = {
  FROM: doc(
    'FROM',
    'from',
    'FROM',
    'starts a build stage from a base image or an earlier stage. `AS name` names the stage for `COPY --from`, `RUN --mount=from=` and later `FROM name`; without a tag or digest the image means `:latest`.',
    'Only build args declared before the first `FROM` can be used in the image name.',
  ),
  RUN: doc(
    'RUN',
    'run',
    'RUN',
    'runs a command while the image builds and saves the files it changed as a new layer.',
    '**Cache:** the layer is reused as long as the instruction text, the build args in scope and every step above are unchanged. BuildKit does not look at the files or downloads the command uses: `RUN apt-get update` stays cached until a step above changes (force it with `docker build --no-cache` or `--no-cache-filter`). A changed `COPY`/`ADD` above, or a new value for a build arg, re-runs it.',
  ),
  COPY: doc(
    'COPY',
    'copy',
    'COPY',
    'copies files from the build context (or, with `--from`, from a stage, image or named context) into the image as a new layer.',
    "**Cache:** BuildKit checksums the copied files — content and metadata such as permissions, not modification times. When any of them changes, this step and every later step rebuild; files excluded by `.dockerignore` never reach the builder and can't invalidate it. Copy dependency manifests before the rest of the sources so editing code doesn't re-run the install.",
  ),
  ADD: doc(
    'ADD',
    'add',
    'ADD',
    'copies like `COPY`, but also takes a URL or a Git repository as source, and extracts local tar archives. Prefer `COPY` for plain local files.',
    '**Cache:** local sources work as for `COPY`. A URL is checked on every build and re-downloaded when it changed, unless `--checksum` pins it; a Git source is resolved to a commit on every build, so a moving branch rebuilds the step.',
  ),
  ARG: doc(
    'ARG',
    'arg',
    'ARG',
    'declares a build argument (`docker build --build-arg NAME=value`) with an optional default. Before the first `FROM` it is usable only in `FROM` lines; inside a stage it applies from this line on, and in stages built from this one.',
    '**Cache:** a new value causes a miss where the argument is first used, not here — and every `RUN` after the declaration receives it as an environment variable, so each of them re-runs.',
    '**History:** not stored as image environment, but values appear in `docker history` and provenance attestations: never pass secrets as build args (use `RUN --mount=type=secret`).',
  ),
  ENV: doc(
    'ENV',
    'env',
    'ENV',
    'sets environment variables for the later instructions of this stage, for stages built from it, and for containers run from the image.',
    '**Cache:** the value is part of the instruction text, so editing it rebuilds every later step; a value that expands a build arg (`ENV V=$ARG`) misses when that argument changes.',
    '**History:** the values are stored in the image config (`docker inspect` shows them). For build-only settings such as `DEBIAN_FRONTEND`, use `ARG` or a `NAME=value` prefix on the command.',
  ),
  USER: doc(
    'USER',
    'user',
    'USER',
    'sets the user (and optionally the group) for the rest of the stage: later `RUN` commands and the container’s `CMD`/`ENTRYPOINT` run as this user.',
    'Tools that keep caches under the home directory then write to this user’s home instead of `/root`, so cache-mount targets must follow. Naming a group gives the user only that group; a user without a primary group runs with group `root`.',
  ),
  WORKDIR: doc(
    'WORKDIR',
    'workdir',
    'WORKDIR',
    'sets the working directory of later `RUN`, `CMD`, `ENTRYPOINT`, `COPY` and `ADD`, and creates it if missing. A relative path continues the previous `WORKDIR`.',
    'Without it the directory is `/` or whatever the base image set; `RUN cd dir` does not carry over to the next instruction.',
  ),
  SHELL: doc(
    'SHELL',
    'shell',
    'SHELL',
    'replaces the shell that shell-form `RUN`, `CMD` and `ENTRYPOINT` use (default `["/bin/sh", "-c"]` on Linux, `["cmd", "/S", "/C"]` on Windows) for the instructions after it. It must be written as a JSON array.',
    'A common use: `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`, so a failing command inside a pipe fails the build.',
  ),
  EXPOSE: doc(
    'EXPOSE',
    'expose',
    'EXPOSE',
    'documents the ports the container listens on (TCP unless `/udp` is given). It does not publish them: `docker run -p` does, or `-P` for every exposed port. Metadata only — no layer, nothing to cache.',
  ),
  HEALTHCHECK: doc(
    'HEALTHCHECK',
    'healthcheck',
    'HEALTHCHECK',
    'tells Docker how to test that a running container still works: `HEALTHCHECK [options] CMD command` (exit 0 = healthy, 1 = unhealthy), or `HEALTHCHECK NONE` to turn off a check inherited from the base image.',
    'Options: `--interval` (30s), `--timeout` (30s), `--start-period` (0s), `--start-interval` (5s), `--retries` (3). Only the last `HEALTHCHECK` counts, and the command runs inside the image, so the tool it calls (e.g. `curl`) must be installed there.',
  ),
  CMD: doc(
    'CMD',
    'cmd',
    'CMD',
    'sets the default command of containers, or the default arguments of `ENTRYPOINT`; nothing runs at build time. Arguments to `docker run image …` replace it, and only the last `CMD` counts.',
  ),
  ENTRYPOINT: doc(
    'ENTRYPOINT',
    'entrypoint',
    'ENTRYPOINT',
    'sets the program a container runs; in exec form, `CMD` and `docker run` arguments are appended to it. Only the last `ENTRYPOINT` counts, and setting one clears a `CMD` inherited from the base image.',
  ),
  ONBUILD: doc(
    'ONBUILD',
    'onbuild',
    'ONBUILD',
    'stores an instruction as a trigger in the image instead of running it. The trigger runs in a later build whose `FROM` uses this image, right after that `FROM`; grandchild builds do not inherit it.',
    '`ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER` are not allowed.',
  ),
  LABEL: doc(
    'LABEL',
    'label',
    'LABEL',
    'adds `key=value` metadata to the image config. Labels of the base image are inherited; labels of stages only copied from are not. No layer, so several labels per instruction are only a matter of style.',
  ),
  VOLUME: doc(
    'VOLUME',
    'volume',
    'VOLUME',
    'marks a path as a mount point for volumes; a new volume starts with the image’s files at that path. The host directory is chosen at `docker run`, never in the Dockerfile.',
  ),
  STOPSIGNAL: doc(
    'STOPSIGNAL',
    'stopsignal',
    'STOPSIGNAL',
    'sets the signal `docker stop` sends to the container (default `SIGTERM`).',
  ),
  MAINTAINER: doc(
    'MAINTAINER',
    'maintainer-deprecated',
    'MAINTAINER',
    'is deprecated: use `LABEL org.opencontainers.image.authors="…"` instead.',
  ),
};

/** A note about the exec or shell form, for RUN, CMD and ENTRYPOINT. */
export function formNote(keyword: string, exec: boolean): string | undefined {
  if (keyword === 'RUN') {
    return exec
      ? '_Exec form:_ the program runs directly, without a shell, so `$VAR` and `&&` are not interpreted.'
      : '_Shell form:_ runs through `/bin/sh -c` (or the current `SHELL`).';
  }
  if (keyword === 'CMD' || keyword === 'ENTRYPOINT') {
    return exec
      ? '_Exec form:_ the program is PID 1 and receives `SIGTERM` from `docker stop`.'
      : `_Shell form:_ runs under \`/bin/sh -c\`, so the program is not PID 1 and does not receive \`SIGTERM\` from \`docker stop\` (prefix it with \`exec\`, or use the exec form \`["prog", "arg"]\`)${keyword === 'ENTRYPOINT' ? '; `CMD` and `docker run` arguments are ignored' : ''}.`;
  }
  return undefined;
}

const COPY_FLAGS: Record<string, Doc> = {
  from: doc(
    '--from',
    'copy---from',
    'COPY --from',
    'copies from an earlier build stage, an image or a named build context instead of the build context; source paths are taken from the root of that filesystem.',
    '**Cache:** from a stage, the step rebuilds when the copied files of that stage change, so only what you copy ties the two stages together.',
  ),
  chown: doc(
    '--chown',
    'copy---chown',
    'COPY --chown',
    'sets the owner of the copied files (`--chown=user:group`; otherwise UID and GID 0). Names are looked up in the image’s `/etc/passwd` and `/etc/group`, and the build fails when they are missing; with `--link`, use numeric IDs.',
    'Much cheaper than `RUN chown -R` afterwards, which stores every file a second time in a new layer. Not supported for Windows containers.',
  ),
  chmod: doc(
    '--chmod',
    'copy---chmod',
    'COPY --chmod',
    'sets the permissions of the copied files, in octal (`755`) or, since Dockerfile 1.14, symbolic form (`+x`, `u=rwX,go=rX`). Saves a `RUN chmod` layer that would duplicate the files. Dockerfile 1.2+; not for Windows containers.',
  ),
  link: doc(
    '--link',
    'copy---link',
    'COPY --link',
    'writes the files into an empty layer of their own and links it on top of the previous state, instead of copying into that state.',
    '**Cache:** the layer no longer depends on the steps above it: when they change it is reused (also from `--cache-from`), and rebasing onto a new base image needs no rebuild. Limits: symlinks in the destination path are not followed, and `--chown` needs numeric IDs. Dockerfile 1.4+.',
  ),
  exclude: doc(
    '--exclude',
    'copy---exclude',
    'COPY --exclude',
    'leaves out paths matching the pattern (same wildcards as the sources); repeat the flag for several patterns. Dockerfile 1.19+.',
  ),
  parents: doc(
    '--parents',
    'copy---parents',
    'COPY --parents',
    'keeps the parent directories of each source under the destination (`COPY --parents ./x/a.txt /dst/` gives `/dst/x/a.txt`); a `./` inside a source marks where the kept part starts, and `**` matches any depth. One instruction can then copy several directories at once. Dockerfile 1.20+.',
  ),
};

const ADD_FLAGS: Record<string, Doc> = {
  chown: { ...COPY_FLAGS['chown']!, refTitle: 'ADD --chown (see COPY --chown)' },
  chmod: { ...COPY_FLAGS['chmod']!, refTitle: 'ADD --chmod (see COPY --chmod)' },
  link: { ...COPY_FLAGS['link']!, refTitle: 'ADD --link (see COPY --link)' },
  exclude: { ...COPY_FLAGS['exclude']!, refTitle: 'ADD --exclude (see COPY --exclude)' },
  checksum: doc(
    '--checksum',
    'add---checksum',
    'ADD --checksum',
    'verifies a remote source: `sha256:<hex>` of the file for a URL, or (a prefix of) the commit SHA for a Git repository; the build fails on a mismatch.',
    '**Cache:** the checksum becomes the cache key, so BuildKit can reuse the step without contacting the server, and a changed remote file can no longer slip in silently. Dockerfile 1.6+.',
  ),
  'keep-git-dir': doc(
    '--keep-git-dir',
    'add---keep-git-dir',
    'ADD --keep-git-dir',
    'keeps the `.git` directory when the source is a Git repository (it is left out by default). Useful when the build reads Git metadata, at the cost of the history in the layer.',
  ),
  unpack: doc(
    '--unpack',
    'add---unpack',
    'ADD --unpack',
    'overrides archive extraction: local tar archives are extracted by default, downloaded ones are not. Dockerfile 1.17+.',
  ),
};

const RUN_FLAGS: Record<string, Doc> = {
  network: doc(
    '--network',
    'run---network',
    'RUN --network',
    'chooses the command’s network: `default`, `none` (no access — proves an install only uses files already in the build) or `host` (needs the `network.host` entitlement).',
  ),
  security: doc(
    '--security',
    'run---security',
    'RUN --security',
    '`--security=insecure` runs the command without the sandbox, like `docker run --privileged`; it needs the `security.insecure` entitlement. `sandbox` is the default.',
  ),
  device: doc(
    '--device',
    'run---device',
    'RUN --device',
    'makes CDI devices (such as GPUs) available to the command. Needs BuildKit 0.20+ and the `device` entitlement.',
  ),
};

const FROM_FLAGS: Record<string, Doc> = {
  platform: doc(
    '--platform',
    'from',
    'FROM',
    'picks one platform of a multi-platform image (`linux/amd64`, `linux/arm64`, …). `--platform=$BUILDPLATFORM` runs the stage natively on the build machine, for cross-compiling to `$TARGETPLATFORM`.',
  ),
};

const HEALTHCHECK_FLAGS: Record<string, Doc> = Object.fromEntries(
  (
    [
      [
        'interval',
        'time between checks (default 30s); the first check runs one interval after start',
      ],
      ['timeout', 'a check that runs longer fails and is killed (default 30s)'],
      [
        'start-period',
        'start-up time during which failures do not count against the retries (default 0s)',
      ],
      [
        'start-interval',
        'time between checks during the start period (default 5s; Docker Engine 25+)',
      ],
      ['retries', 'consecutive failures before the container is `unhealthy` (default 3)'],
    ] as const
  ).map(([name, text]) => [name, doc(`--${name}`, 'healthcheck', 'HEALTHCHECK', `${text}.`)]),
);

/** Flag explanations by instruction keyword and lower-case flag name (without dashes). */
export const FLAG_DOCS: Readonly<Record<string, Readonly<Record<string, Doc>>>> = {
  COPY: COPY_FLAGS,
  ADD: ADD_FLAGS,
  RUN: RUN_FLAGS,
  FROM: FROM_FLAGS,
  HEALTHCHECK: HEALTHCHECK_FLAGS,
};

export interface MountDoc extends Doc {
  /** Option name → meaning (aliases listed separately). */
  options: Readonly<Record<string, string>>;
}

const TARGET = 'where the mount appears in the build container';

export const MOUNT_DOCS: Readonly<Record<string, MountDoc>> = {
  cache: {
    ...doc(
      'RUN --mount=type=cache',
      'run---mounttypecache',
      'RUN --mount=type=cache',
      'mounts a directory that persists between builds, for package manager and compiler caches. Its contents are never part of the layer and do not affect the step’s cache key.',
      'Treat it strictly as a cache: it may start empty, be shared with other builds, or be cleaned up when space is needed.',
    ),
    options: {
      target: `${TARGET} (required)`,
      id: 'names the cache; defaults to the target, so steps and stages with the same id share one cache',
      sharing:
        '`shared` (default): concurrent builds write at once; `private`: a concurrent build gets its own new cache; `locked`: a concurrent build waits — use it for apt, which needs exclusive access',
      from: 'a stage, context or image whose files seed the cache (default: empty)',
      source: 'the sub-path of `from` to mount',
      mode: 'permissions of a new cache directory (default `0755`)',
      uid: 'owner of a new cache directory (default `0`): set it when the build runs as another user',
      gid: 'group of a new cache directory (default `0`)',
      ro: 'mount read-only',
      readonly: 'mount read-only',
    },
  },
  bind: {
    ...doc(
      'RUN --mount=type=bind',
      'run---mounttypebind',
      'RUN --mount=type=bind',
      '(the default type) mounts files from the build context, a stage or an image for this command only — read-only, and nothing is copied into the layer.',
      '**Cache:** like `COPY`, the step’s cache depends on the checksums of the mounted files, so it re-runs when they change.',
    ),
    options: {
      target: TARGET,
      source: 'path inside `from` (default: its root)',
      from: 'a build stage, named context or image (default: the build context)',
      rw: 'allow writes; they are thrown away after the command',
      readwrite: 'allow writes; they are thrown away after the command',
    },
  },
  tmpfs: {
    ...doc(
      'RUN --mount=type=tmpfs',
      'run---mounttypetmpfs',
      'RUN --mount=type=tmpfs',
      'mounts an in-memory filesystem for scratch files that must not end up in the layer.',
    ),
    options: { target: TARGET, size: 'upper limit of the filesystem’s size' },
  },
  secret: {
    ...doc(
      'RUN --mount=type=secret',
      'run---mounttypesecret',
      'RUN --mount=type=secret',
      'gives this command a build secret (`docker build --secret id=…`) as a file or an environment variable, without writing it to the layer or the build cache.',
      '**Cache:** a new secret value does not invalidate the step (its id and path do); change a build arg alongside when the step must re-run.',
    ),
    options: {
      id: 'the secret’s id (default: the file name of `target`)',
      target: 'file path of the secret (default `/run/secrets/<id>` unless `env` is set)',
      env: 'expose the secret as this environment variable instead of (or as well as) a file; Dockerfile 1.10+',
      required: '`true` fails the step when the secret is not provided (default `false`)',
      mode: 'permissions of the secret file (default `0400`)',
      uid: 'owner of the secret file (default `0`)',
      gid: 'group of the secret file (default `0`)',
    },
  },
  ssh: {
    ...doc(
      'RUN --mount=type=ssh',
      'run---mounttypessh',
      'RUN --mount=type=ssh',
      'forwards the SSH agent or keys given with `docker build --ssh` to this command (e.g. to clone private repositories); the keys never enter the image.',
    ),
    options: {
      id: 'which `--ssh` socket or key to use (default `default`)',
      target: 'path of the agent socket (default `/run/buildkit/ssh_agent.<n>`)',
      required: '`true` fails the step when the key is not provided (default `false`)',
      mode: 'permissions of the socket (default `0600`)',
      uid: 'owner of the socket (default `0`)',
      gid: 'group of the socket (default `0`)',
    },
  },
};

/** `dst`, `destination` and `src` are spelled out as `target` and `source` by the mount parser. */
export const MOUNT_OPTION_ALIASES: Readonly<Record<string, string>> = {
  dst: 'target',
  destination: 'target',
  src: 'source',
};

export const MOUNT_FLAG_DOC: Doc = doc(
  'RUN --mount',
  'run---mount',
  'RUN --mount',
  'mounts something into the build container for this command only: `type=bind` (default), `cache`, `tmpfs`, `secret` or `ssh`. Dockerfile 1.2+.',
);

export const DIRECTIVE_DOCS: Readonly<Record<string, Doc>> = {
  syntax: doc(
    '# syntax',
    'syntax',
    'syntax',
    'names the Dockerfile frontend BuildKit fetches before the build (`docker/dockerfile:1` = latest stable 1.x), so newer features — heredocs, `--link`, `--exclude` — work without upgrading Docker. Pin a minor version (e.g. `docker/dockerfile:1.7`) for repeatable builds.',
    'Parser directives must come first: after any other comment, blank line or instruction they are ordinary comments.',
  ),
  escape: doc(
    '# escape',
    'escape',
    'escape',
    'sets the escape and line-continuation character: `\\` (default) or a backtick, which suits Windows paths. Inside `RUN` commands it only matters at line ends.',
  ),
  check: doc(
    '# check',
    'check',
    'check',
    'configures BuildKit’s build checks (Dockerfile 1.8+): `skip=Name1,Name2` or `skip=all` turns checks off, `error=true` makes violations fail the build; combine them with `;`. Pin the syntax version when using `error=true`, or new checks may break the build later.',
  ),
};

export const HEREDOC_DOC: Doc = doc(
  'heredoc',
  'here-documents',
  'Here-Documents',
  'the lines up to the terminator are the command’s input: for `RUN` a script (run by the default shell, the program named before the marker, or a `#!` line); for `COPY` the text of a new file.',
  '`<<-` strips leading tabs; quoting the marker (`<<"EOF"`) turns off variable expansion at build time. The body is part of the instruction text, so editing it re-runs the step. Dockerfile 1.4+.',
);

export const REMOTE_SOURCE_DOCS: Readonly<Record<'url' | 'git', Doc>> = {
  url: doc(
    'ADD <url>',
    'adding-files-from-a-url',
    'Adding files from a URL',
    'downloads the file at build time (a remote archive is not extracted unless `--unpack=true`).',
    '**Cache:** BuildKit asks the server on every build (with the ETag it stored) and re-downloads when the file changed — invalidating this and every later step. `--checksum=sha256:…` pins the content and lets the cache be reused without a request. `ADD` sends no credentials of its own; private URLs need a build secret.',
  ),
  git: doc(
    'ADD <git repository>',
    'adding-files-from-a-git-repository',
    'Adding files from a Git repository',
    'clones the repository at build time, without `.git` unless `--keep-git-dir=true`; `#ref:subdir` picks a branch, tag or commit and a sub-directory.',
    '**Cache:** the ref is resolved to a commit on every build, so a moving branch rebuilds this and every later step; pin a tag or commit, or `--checksum=<commit>`. SSH addresses need `docker build --ssh`.',
  ),
};

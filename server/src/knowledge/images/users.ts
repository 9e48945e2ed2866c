/**
 * The user well-known images run as when a Dockerfile sets no `USER`, with sources. An image
 * missing here is unknown: `root-user` makes no claim about it unless the file itself sets root.
 */
import type { ImageRef } from '../imageRef';
import type { SourceRef } from './types';

export interface DefaultUser {
  /** As the image's config names it (`nonroot`, `app`, `0`). */
  user: string;
  uid: number;
  root: boolean;
  /**
   * Set for images that start as root and whose own entrypoint (or server) hands the work to an
   * unprivileged user: how, in a few words. It holds only while the Dockerfile keeps the image's
   * ENTRYPOINT.
   */
  dropsPrivileges?: string;
  source: SourceRef;
}

const DISTROLESS: SourceRef = {
  url: 'https://github.com/GoogleContainerTools/distroless/blob/main/base/base.bzl',
  date: '2026-11',
};
const CHAINGUARD: SourceRef = {
  url: 'https://edu.chainguard.dev/chainguard/chainguard-images/reference/static/overview/#users',
  date: '2026-11',
};
const DOTNET_CHISELED: SourceRef = {
  url: 'https://devblogs.microsoft.com/dotnet/securing-containers-with-rootless/',
  date: '2024-04-12',
};
const DOTNET_ROOT: SourceRef = {
  url: 'https://learn.microsoft.com/dotnet/core/compatibility/containers/8.0/app-user',
  date: '2026-11',
};
const NODE_ROOT: SourceRef = {
  url: 'https://github.com/nodejs/docker-node/blob/main/docs/BestPractices.md#non-root-user',
  date: '2026-11',
};
const NGINX_UNPRIVILEGED: SourceRef = {
  url: 'https://github.com/nginxinc/docker-nginx-unprivileged#readme',
  date: '2026-11',
};
const BITNAMI: SourceRef = {
  url: 'https://docs.bitnami.com/tutorials/why-non-root-containers-are-important-for-security',
  date: '2026-11',
};
const SCLORG: SourceRef = {
  url: 'https://github.com/sclorg/s2i-python-container#readme',
  date: '2026-11',
};
const JUPYTER: SourceRef = {
  url: 'https://jupyter-docker-stacks.readthedocs.io/en/latest/using/common.html',
  date: '2026-11',
};
/** Official images set no USER: their image config leaves the user empty, which is root. */
const OFFICIAL: (family: string) => SourceRef = (family) => ({
  url: `https://github.com/docker-library/${family}`,
  date: '2026-11',
});

/** Docker Official Images that set no USER (the process starts as root). */
const OFFICIAL_ROOT = new Set([
  'debian',
  'ubuntu',
  'alpine',
  'fedora',
  'rockylinux',
  'almalinux',
  'amazonlinux',
  'oraclelinux',
  'busybox',
  'buildpack-deps',
  'python',
  'pypy',
  'golang',
  'rust',
  'ruby',
  'php',
  'perl',
  'openjdk',
  'eclipse-temurin',
  'amazoncorretto',
  'ibm-semeru-runtimes',
  'maven',
  'gradle',
  'elixir',
  'erlang',
  'haskell',
  'julia',
  'swift',
  'r-base',
  'httpd',
  'nginx',
  'tomcat',
  'postgres',
  'redis',
  'mysql',
  'mariadb',
  'mongo',
]);

/** Official images whose entrypoint script re-runs the server as its own user. */
const ENTRYPOINT_DROPS: Record<string, string> = {
  postgres: 'its entrypoint re-runs the server as `postgres` (gosu/su-exec)',
  redis: 'its entrypoint re-runs the server as `redis` (gosu/su-exec)',
  mysql: 'its entrypoint re-runs the server as `mysql` (gosu)',
  mariadb: 'its entrypoint re-runs the server as `mysql` (gosu)',
  mongo: 'its entrypoint re-runs the server as `mongodb` (gosu)',
  nginx: 'nginx’s worker processes run as `nginx`; only the master keeps root to bind port 80',
  httpd: 'httpd’s worker processes run as `www-data`; only the parent keeps root to bind port 80',
};

const nonRoot = (user: string, uid: number, source: SourceRef): DefaultUser => ({
  user,
  uid,
  root: false,
  source,
});
const root = (source: SourceRef, dropsPrivileges?: string): DefaultUser => ({
  user: 'root',
  uid: 0,
  root: true,
  ...(dropsPrivileges ? { dropsPrivileges } : {}),
  source,
});

/** Red Hat's language images (the s2i builds) switch to uid 1001 themselves. */
const UBI_LANGUAGE =
  /^registry\.(access\.redhat\.com|redhat\.io)\/ubi\d+\/(python|nodejs|ruby|php|perl|go-toolset)-/;

/** The default user of an image, or undefined when Layerwise does not know it. */
export function defaultUser(ref: ImageRef): DefaultUser | undefined {
  const repo = ref.repository.toLowerCase();
  const tag = (ref.tag ?? 'latest').toLowerCase();
  const tagWords = tag.split(/[-_.]/);
  if (repo.startsWith('gcr.io/distroless/')) {
    return tagWords.includes('nonroot') ? nonRoot('nonroot', 65532, DISTROLESS) : root(DISTROLESS);
  }
  if (repo.startsWith('cgr.dev/chainguard/') || repo.startsWith('chainguard/')) {
    // The `-dev` variants differ from image to image: unknown.
    return tagWords.includes('dev') ? undefined : nonRoot('nonroot', 65532, CHAINGUARD);
  }
  if (repo.startsWith('mcr.microsoft.com/dotnet/')) {
    if (/chiseled|distroless/.test(tag)) return nonRoot('app', 1654, DOTNET_CHISELED);
    if (/nanoserver|windowsservercore/.test(tag)) return undefined;
    return root(DOTNET_ROOT);
  }
  if (repo === 'nginxinc/nginx-unprivileged' || repo.endsWith('/nginx-unprivileged')) {
    return nonRoot('nginx', 101, NGINX_UNPRIVILEGED);
  }
  if (repo.startsWith('bitnami/') && repo !== 'bitnami/minideb') {
    return nonRoot('1001', 1001, BITNAMI);
  }
  if (UBI_LANGUAGE.test(repo)) {
    return nonRoot('1001', 1001, SCLORG);
  }
  if (/^(quay\.io\/)?jupyter\/[\w-]+-notebook$/.test(repo)) {
    return nonRoot('jovyan', 1000, JUPYTER);
  }
  if (repo === 'node') return root(NODE_ROOT);
  if (OFFICIAL_ROOT.has(repo)) return root(OFFICIAL(repo), ENTRYPOINT_DROPS[repo]);
  return undefined;
}

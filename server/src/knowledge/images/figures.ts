import type { SizeFigure, SourceRef, VariantKind } from './types';

/**
 * Every size figure in the knowledge base, each with the page it was read from and the date of
 * the measurement. Compressed figures are Docker Hub's linux/amd64 transfer sizes as recorded by
 * docker-library/repo-info ("remote" pages); uncompressed ones are on-disk sizes (repo-info "local"
 * pages, or `docker images` output quoted in issues). Figures for a base OS that come from the
 * first layer of a language image say so in `measuredOn`. Anything not listed here is unknown and
 * must stay without a number.
 */

const REPO_INFO = 'https://github.com/docker-library/repo-info/blob';

function repoInfo(commit: string, path: string, date: string): SourceRef {
  return { url: `${REPO_INFO}/${commit}/repos/${path}`, date };
}

function compressed(mb: number, source: SourceRef, measuredOn: string): SizeFigure {
  return { compressedMB: mb, source, measuredOn };
}

// docker-library/repo-info pages read for this version of the knowledge base.
const PY_FULL = repoInfo(
  '0531c602d6fd80edd8094917938c56dff33f491b',
  'python/remote/3.12.md',
  '2026-08-13',
);
const PY_FULL_DISK = repoInfo(
  '0212f5911e32998c4e385c115689aa1c9125c10d',
  'python/local/3.12.md',
  '2026-08-13',
);
const PY_SLIM = repoInfo(
  '2986dca3a80cb11b70fc4599941096374ea9e509',
  'python/remote/3.12-slim.md',
  '2026-08-05',
);
const PY_SLIM_DISK = repoInfo(
  '67db11d06f13c69bfce5d0f1167af0d732099e40',
  'python/local/3.12-slim.md',
  '2026-07-14',
);
const PY_ALPINE = repoInfo(
  '2f6ab1f165b66e621104334bf1bb749b3b2dbd13',
  'python/remote/3.12-alpine.md',
  '2026-09-17',
);
const PY_ALPINE_DISK = repoInfo(
  '0212f5911e32998c4e385c115689aa1c9125c10d',
  'python/local/3.12-alpine3.23.md',
  '2026-08-13',
);
const NODE_FULL = repoInfo(
  '3179cb4d576b9929bf86873c87f279ac67661c6e',
  'node/remote/22.md',
  '2026-09-19',
);
const NODE_SLIM = repoInfo(
  '3179cb4d576b9929bf86873c87f279ac67661c6e',
  'node/remote/22-slim.md',
  '2026-09-19',
);
const NODE_ALPINE = repoInfo(
  '4211a1635d906d705a873434b7336b27c7678802',
  'node/remote/22-alpine.md',
  '2026-09-23',
);
const GO_FULL = repoInfo(
  '01b535c016d07e973eeb58e43ad1e2552018a407',
  'golang/remote/1.25.md',
  '2026-07-14',
);
const GO_ALPINE = repoInfo(
  '2af3b479e2f2a00fd4a5be3b414c9904c69ea365',
  'golang/remote/1.25-alpine.md',
  '2026-08-13',
);
const RUST_FULL = repoInfo(
  '0586660a66b9371b7f2ee04942223534b0462178',
  'rust/remote/1.md',
  '2026-08-25',
);
const RUST_SLIM = repoInfo(
  '027c274c140d620d8891ed215447bc2f0787d33c',
  'rust/remote/1-slim.md',
  '2026-09-19',
);
const RUST_ALPINE = repoInfo(
  '0db03f6ce992b3d4c9d4cad41df56a2ffe4908dc',
  'rust/remote/1-alpine.md',
  '2026-08-20',
);
const TEMURIN_JDK = repoInfo(
  '11bfd4f99b512979c1af2554b414258d8476f41f',
  'eclipse-temurin/remote/21-jdk.md',
  '2026-09-09',
);
const TEMURIN_JRE = repoInfo(
  '11bfd4f99b512979c1af2554b414258d8476f41f',
  'eclipse-temurin/remote/21-jre.md',
  '2026-09-09',
);
const TEMURIN_JRE_ALPINE = repoInfo(
  '34e3234d30fbc5dde31ae9a288de69b15463c863',
  'eclipse-temurin/remote/21-jre-alpine.md',
  '2026-09-25',
);
const RUBY_FULL = repoInfo(
  '022ad7fded16e297b44cc48c64ad8e9b8fd8568e',
  'ruby/remote/3.3.md',
  '2026-08-25',
);
const RUBY_SLIM = repoInfo(
  '1457e322b492254a2dc8a7a36d7016132c19e6b3',
  'ruby/remote/3.3-slim.md',
  '2026-09-17',
);
const RUBY_ALPINE = repoInfo(
  '1457e322b492254a2dc8a7a36d7016132c19e6b3',
  'ruby/remote/3.3-alpine.md',
  '2026-09-17',
);
const PHP_CLI = repoInfo(
  '009a9cc2566991fea8c9cd4ad54b6d35bc8f2074',
  'php/remote/8.3-cli.md',
  '2026-07-14',
);
const PHP_CLI_ALPINE = repoInfo(
  '1fb3303d728486f2b2d4e699c2ca98cecc57a8fd',
  'php/remote/8.3-cli-alpine.md',
  '2026-09-17',
);
const NGINX = repoInfo(
  '0844135897966e4cd8e30f21462f88c51bea8b87',
  'nginx/remote/stable.md',
  '2026-09-02',
);
const NGINX_ALPINE = repoInfo(
  '0844135897966e4cd8e30f21462f88c51bea8b87',
  'nginx/remote/stable-alpine.md',
  '2026-09-02',
);
const POSTGRES = repoInfo(
  '0b63eeca29bdd695a0db3d3249137b9929da650d',
  'postgres/remote/17.md',
  '2026-09-19',
);
const POSTGRES_ALPINE = repoInfo(
  '14ad5cc17dd0e9a01079feefc7a59c24536f5291',
  'postgres/remote/17-alpine.md',
  '2026-09-17',
);
const REDIS = repoInfo(
  '0ae7309187d6256f5549f0408473cfa4a23383ea',
  'redis/remote/8.md',
  '2026-09-19',
);
const REDIS_ALPINE = repoInfo(
  '0bdd94409df031423d112c6f22cab289fa8fc401',
  'redis/remote/8-alpine.md',
  '2026-09-21',
);
const UBUNTU_2404 = repoInfo(
  '1c2b9d920fdd20f9cb58fbd6cd771fe434b465d6',
  'ubuntu/remote/24.04.md',
  '2026-09-11',
);
const BUSYBOX = repoInfo(
  '01a7054230d50b3dccaf8d579f161c522be8c9f0',
  'busybox/remote/latest.md',
  '2026-05-22',
);

export const SIZES = {
  pythonFull: {
    compressedMB: 410.9,
    uncompressedMB: 1110,
    source: PY_FULL,
    uncompressedSource: PY_FULL_DISK,
    measuredOn: 'python:3.12',
  },
  pythonSlim: {
    compressedMB: 43.2,
    uncompressedMB: 119.2,
    source: PY_SLIM,
    uncompressedSource: PY_SLIM_DISK,
    measuredOn: 'python:3.12-slim',
  },
  pythonAlpine: {
    compressedMB: 18.0,
    uncompressedMB: 48.8,
    source: PY_ALPINE,
    uncompressedSource: PY_ALPINE_DISK,
    measuredOn: 'python:3.12-alpine',
  },
  nodeFull: compressed(408.5, NODE_FULL, 'node:22'),
  nodeSlim: compressed(79.9, NODE_SLIM, 'node:22-slim'),
  nodeAlpine: compressed(60.7, NODE_ALPINE, 'node:22-alpine'),
  golangFull: compressed(305.3, GO_FULL, 'golang:1.25'),
  golangAlpine: compressed(64.4, GO_ALPINE, 'golang:1.25-alpine'),
  rustFull: compressed(593.0, RUST_FULL, 'rust:1'),
  rustSlim: compressed(319.1, RUST_SLIM, 'rust:1-slim'),
  rustAlpine: compressed(349.1, RUST_ALPINE, 'rust:1-alpine'),
  temurinJdk: compressed(230.1, TEMURIN_JDK, 'eclipse-temurin:21-jdk'),
  temurinJre: compressed(121.1, TEMURIN_JRE, 'eclipse-temurin:21-jre'),
  temurinJreAlpine: compressed(74.1, TEMURIN_JRE_ALPINE, 'eclipse-temurin:21-jre-alpine'),
  rubyFull: compressed(417.6, RUBY_FULL, 'ruby:3.3'),
  rubySlim: compressed(81.4, RUBY_SLIM, 'ruby:3.3-slim'),
  rubyAlpine: compressed(41.9, RUBY_ALPINE, 'ruby:3.3-alpine'),
  phpCli: compressed(180.6, PHP_CLI, 'php:8.3-cli'),
  phpCliAlpine: compressed(37.6, PHP_CLI_ALPINE, 'php:8.3-cli-alpine'),
  nginx: compressed(66.1, NGINX, 'nginx:stable'),
  nginxAlpine: compressed(28.5, NGINX_ALPINE, 'nginx:stable-alpine'),
  postgres: compressed(161.3, POSTGRES, 'postgres:17'),
  postgresAlpine: compressed(117.2, POSTGRES_ALPINE, 'postgres:17-alpine'),
  redis: compressed(55.5, REDIS, 'redis:8'),
  redisAlpine: compressed(39.1, REDIS_ALPINE, 'redis:8-alpine'),
  // Base OS figures read off the first layer of official images built on them.
  debianTrixie: compressed(49.3, PY_FULL, 'debian:trixie (base layer of python:3.12)'),
  debianTrixieSlim: compressed(
    29.8,
    PY_SLIM,
    'debian:trixie-slim (base layer of python:3.12-slim)',
  ),
  debianBookworm: compressed(48.5, NODE_FULL, 'debian:bookworm (base layer of node:22)'),
  debianBookwormSlim: compressed(
    28.2,
    NODE_SLIM,
    'debian:bookworm-slim (base layer of node:22-slim)',
  ),
  alpine324: compressed(3.8, PY_ALPINE, 'alpine 3.24.2 rootfs (base layer of python:3.12-alpine)'),
  ubuntu2404: compressed(29.8, UBUNTU_2404, 'ubuntu:24.04'),
  ubuntu2604: compressed(41.6, TEMURIN_JDK, 'ubuntu:26.04 (base layers of eclipse-temurin:21-jdk)'),
  busybox: compressed(2.2, BUSYBOX, 'busybox:latest (glibc build on amd64)'),
  scratch: {
    compressedMB: 0,
    uncompressedMB: 0,
    // Since Docker 1.5, `FROM scratch` adds no layer at all.
    source: { url: 'https://github.com/moby/moby/pull/8827', date: '2014-12-18' },
  },
  distrolessStatic: {
    uncompressedMB: 2.43,
    source: { url: 'https://github.com/keptn/lifecycle-toolkit/issues/1087', date: '2023-03-22' },
    measuredOn: 'gcr.io/distroless/static:nonroot',
  },
  distrolessBase: {
    uncompressedMB: 20.4,
    source: { url: 'https://github.com/keptn/lifecycle-toolkit/issues/1087', date: '2023-03-22' },
    measuredOn: 'gcr.io/distroless/base-debian11:nonroot',
  },
  distrolessNodejs20: {
    uncompressedMB: 181,
    source: {
      url: 'https://github.com/GoogleContainerTools/distroless/issues/1548',
      date: '2024-03-19',
    },
    measuredOn: 'gcr.io/distroless/nodejs20-debian12',
  },
  ubi9: {
    uncompressedMB: 356,
    source: { url: 'https://github.com/odigos-io/odigos/pull/2510', date: '2025-02-27' },
    measuredOn: 'registry.access.redhat.com/ubi9/ubi',
  },
  ubi9Micro: {
    uncompressedMB: 33,
    source: { url: 'https://github.com/odigos-io/odigos/pull/2510', date: '2025-02-27' },
    measuredOn: 'registry.access.redhat.com/ubi9/ubi-micro',
  },
} satisfies Record<string, SizeFigure>;

/** Figures grouped by family and variant, for checks across the whole table. */
export interface MeasuredVariant {
  family: string;
  variant: VariantKind;
  size: SizeFigure;
}

export const MEASURED: readonly MeasuredVariant[] = [
  { family: 'python', variant: 'full', size: SIZES.pythonFull },
  { family: 'python', variant: 'slim', size: SIZES.pythonSlim },
  { family: 'python', variant: 'alpine', size: SIZES.pythonAlpine },
  { family: 'node', variant: 'full', size: SIZES.nodeFull },
  { family: 'node', variant: 'slim', size: SIZES.nodeSlim },
  { family: 'node', variant: 'alpine', size: SIZES.nodeAlpine },
  { family: 'golang', variant: 'full', size: SIZES.golangFull },
  { family: 'golang', variant: 'alpine', size: SIZES.golangAlpine },
  { family: 'rust', variant: 'full', size: SIZES.rustFull },
  { family: 'rust', variant: 'slim', size: SIZES.rustSlim },
  { family: 'rust', variant: 'alpine', size: SIZES.rustAlpine },
  { family: 'eclipse-temurin', variant: 'full', size: SIZES.temurinJdk },
  { family: 'eclipse-temurin', variant: 'slim', size: SIZES.temurinJre },
  { family: 'eclipse-temurin', variant: 'alpine', size: SIZES.temurinJreAlpine },
  { family: 'ruby', variant: 'full', size: SIZES.rubyFull },
  { family: 'ruby', variant: 'slim', size: SIZES.rubySlim },
  { family: 'ruby', variant: 'alpine', size: SIZES.rubyAlpine },
  { family: 'php', variant: 'full', size: SIZES.phpCli },
  { family: 'php', variant: 'alpine', size: SIZES.phpCliAlpine },
  { family: 'nginx', variant: 'other', size: SIZES.nginx },
  { family: 'nginx', variant: 'alpine', size: SIZES.nginxAlpine },
  { family: 'postgres', variant: 'other', size: SIZES.postgres },
  { family: 'postgres', variant: 'alpine', size: SIZES.postgresAlpine },
  { family: 'redis', variant: 'other', size: SIZES.redis },
  { family: 'redis', variant: 'alpine', size: SIZES.redisAlpine },
  { family: 'debian', variant: 'full', size: SIZES.debianTrixie },
  { family: 'debian', variant: 'slim', size: SIZES.debianTrixieSlim },
  { family: 'debian', variant: 'full', size: SIZES.debianBookworm },
  { family: 'debian', variant: 'slim', size: SIZES.debianBookwormSlim },
  { family: 'alpine', variant: 'alpine', size: SIZES.alpine324 },
  { family: 'ubuntu', variant: 'full', size: SIZES.ubuntu2404 },
  { family: 'ubuntu', variant: 'full', size: SIZES.ubuntu2604 },
  { family: 'busybox', variant: 'minimal', size: SIZES.busybox },
  { family: 'scratch', variant: 'scratch', size: SIZES.scratch },
  { family: 'distroless', variant: 'distroless', size: SIZES.distrolessStatic },
  { family: 'distroless', variant: 'distroless', size: SIZES.distrolessBase },
  { family: 'distroless', variant: 'distroless', size: SIZES.distrolessNodejs20 },
  { family: 'ubi', variant: 'full', size: SIZES.ubi9 },
  { family: 'ubi', variant: 'minimal', size: SIZES.ubi9Micro },
];

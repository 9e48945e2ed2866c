import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseImageRef, type ImageRef } from '../../../server/src/knowledge/imageRef';
import {
  describeImage,
  GENERIC_TRADEOFFS,
  KNOWLEDGE_VERSION,
  type ImageInfo,
  type SizeFigure,
  type SourceRef,
  type VariantKind,
} from '../../../server/src/knowledge/baseImages';
import { MEASURED, SIZES } from '../../../server/src/knowledge/images/figures';

function describe(text: string): ImageInfo | undefined {
  const ref = parseImageRef(text);
  assert.ok(ref, `parses: ${text}`);
  return describeImage(ref);
}

function known(text: string): ImageInfo {
  const info = describe(text);
  assert.ok(info, `known image: ${text}`);
  return info;
}

const DIGEST = 'sha256:' + 'ab'.repeat(32);

test('parseImageRef splits references into parts', () => {
  const cases: [string, ImageRef | undefined][] = [
    ['python', { raw: 'python', repository: 'python' }],
    ['python:3.12', { raw: 'python:3.12', repository: 'python', tag: '3.12' }],
    ['  python:3.12-slim  ', { raw: 'python:3.12-slim', repository: 'python', tag: '3.12-slim' }],
    ['library/python:3.12', { raw: 'library/python:3.12', repository: 'python', tag: '3.12' }],
    [
      'docker.io/library/python:3.12',
      {
        raw: 'docker.io/library/python:3.12',
        registry: 'docker.io',
        repository: 'python',
        tag: '3.12',
      },
    ],
    [
      'index.docker.io/library/node:20',
      {
        raw: 'index.docker.io/library/node:20',
        registry: 'docker.io',
        repository: 'node',
        tag: '20',
      },
    ],
    ['myuser/myapp:1.0', { raw: 'myuser/myapp:1.0', repository: 'myuser/myapp', tag: '1.0' }],
    [
      'localhost:5000/app:1',
      {
        raw: 'localhost:5000/app:1',
        registry: 'localhost:5000',
        repository: 'localhost:5000/app',
        tag: '1',
      },
    ],
    [
      'localhost:5000/app',
      { raw: 'localhost:5000/app', registry: 'localhost:5000', repository: 'localhost:5000/app' },
    ],
    [
      'localhost/app:dev',
      { raw: 'localhost/app:dev', registry: 'localhost', repository: 'localhost/app', tag: 'dev' },
    ],
    [
      'gcr.io/distroless/static:nonroot',
      {
        raw: 'gcr.io/distroless/static:nonroot',
        registry: 'gcr.io',
        repository: 'gcr.io/distroless/static',
        tag: 'nonroot',
      },
    ],
    [
      'mcr.microsoft.com/dotnet/aspnet:8.0-alpine',
      {
        raw: 'mcr.microsoft.com/dotnet/aspnet:8.0-alpine',
        registry: 'mcr.microsoft.com',
        repository: 'mcr.microsoft.com/dotnet/aspnet',
        tag: '8.0-alpine',
      },
    ],
    [`python@${DIGEST}`, { raw: `python@${DIGEST}`, repository: 'python', digest: DIGEST }],
    [
      `python:3.12@${DIGEST}`,
      { raw: `python:3.12@${DIGEST}`, repository: 'python', tag: '3.12', digest: DIGEST },
    ],
    ['scratch', { raw: 'scratch', repository: 'scratch' }],
    ['', undefined],
    ['   ', undefined],
    ['${BASE}', undefined],
    ['$BASE', undefined],
    ['python:${PY}-slim', undefined],
    ['python:3.12 AS builder', undefined],
    ['python@notadigest', undefined],
    ['Python/', undefined],
  ];
  for (const [text, expected] of cases) assert.deepEqual(parseImageRef(text), expected, text);
});

test('python:3.12 is a full variant with concrete slimmer alternatives', () => {
  const info = known('python:3.12');
  assert.equal(info.family, 'python');
  assert.equal(info.variant, 'full');
  assert.equal(info.version, '3.12');
  assert.equal(info.isFullVariant, true);
  assert.equal(info.slimRef, 'python:3.12-slim');
  assert.equal(info.alpineRef, 'python:3.12-alpine');
  const refs = info.alternatives.map((a) => a.ref);
  assert.ok(refs.includes('python:3.12-alpine'));
  assert.ok(refs.includes('python:3.12-slim'));
  assert.ok(
    refs.some((r) => r.startsWith('gcr.io/distroless/python3-debian')),
    refs.join(),
  );
  assert.equal(info.libc, 'glibc');
  assert.equal(info.packageManager, 'apt');
  assert.ok(info.size?.compressedMB);
  assert.ok(info.multiStage);
});

test('describeImage classifies variants, libc and versions', () => {
  const cases: {
    ref: string;
    family: string;
    variant: VariantKind;
    version?: string;
    libc?: string;
    full?: boolean;
    slimRef?: string;
    alpineRef?: string;
  }[] = [
    {
      ref: 'node:20-alpine',
      family: 'node',
      variant: 'alpine',
      version: '20',
      libc: 'musl',
      full: false,
    },
    {
      ref: 'node:20-alpine3.19',
      family: 'node',
      variant: 'alpine',
      version: '20',
      libc: 'musl',
      full: false,
    },
    { ref: 'node:20-bookworm-slim', family: 'node', variant: 'slim', version: '20', full: false },
    {
      ref: 'node:20',
      family: 'node',
      variant: 'full',
      full: true,
      slimRef: 'node:20-slim',
      alpineRef: 'node:20-alpine',
    },
    {
      ref: 'node:20-bookworm',
      family: 'node',
      variant: 'full',
      full: true,
      slimRef: 'node:20-bookworm-slim',
    },
    {
      ref: 'python:3.12.4-slim-bookworm',
      family: 'python',
      variant: 'slim',
      version: '3.12.4',
      full: false,
    },
    {
      ref: 'python:3.12-bookworm',
      family: 'python',
      variant: 'full',
      full: true,
      slimRef: 'python:3.12-slim-bookworm',
    },
    { ref: 'python:3.12-alpine', family: 'python', variant: 'alpine', libc: 'musl', full: false },
    { ref: 'python:latest', family: 'python', variant: 'full', full: true, slimRef: 'python:slim' },
    {
      ref: 'docker.io/library/python:3.12',
      family: 'python',
      variant: 'full',
      slimRef: 'docker.io/library/python:3.12-slim',
    },
    {
      ref: 'ruby:3',
      family: 'ruby',
      variant: 'full',
      version: '3',
      full: true,
      slimRef: 'ruby:3-slim',
    },
    { ref: 'golang:1.22-bookworm', family: 'golang', variant: 'full', version: '1.22', full: true },
    { ref: 'golang:1.22-alpine', family: 'golang', variant: 'alpine', libc: 'musl', full: false },
    { ref: 'rust:1.80', family: 'rust', variant: 'full', full: true, slimRef: 'rust:1.80-slim' },
    {
      ref: 'eclipse-temurin:21-jdk',
      family: 'eclipse-temurin',
      variant: 'full',
      full: true,
      slimRef: 'eclipse-temurin:21-jre',
      alpineRef: 'eclipse-temurin:21-jre-alpine',
    },
    {
      ref: 'eclipse-temurin:17-jre',
      family: 'eclipse-temurin',
      variant: 'slim',
      version: '17',
      full: false,
    },
    {
      ref: 'openjdk:17-jdk',
      family: 'openjdk',
      variant: 'full',
      full: true,
      slimRef: 'eclipse-temurin:17-jre',
    },
    { ref: 'php:8.3', family: 'php', variant: 'full', full: true, alpineRef: 'php:8.3-alpine' },
    {
      ref: 'php:8.3-fpm',
      family: 'php',
      variant: 'full',
      full: true,
      alpineRef: 'php:8.3-fpm-alpine',
    },
    {
      ref: 'mcr.microsoft.com/dotnet/sdk:8.0',
      family: 'dotnet',
      variant: 'full',
      full: true,
      slimRef: 'mcr.microsoft.com/dotnet/aspnet:8.0',
    },
    {
      ref: 'mcr.microsoft.com/dotnet/aspnet:8.0-alpine',
      family: 'dotnet',
      variant: 'alpine',
      version: '8.0',
      libc: 'musl',
      full: false,
    },
    {
      ref: 'mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled',
      family: 'dotnet',
      variant: 'chiseled',
      full: false,
    },
    {
      ref: 'mcr.microsoft.com/dotnet/runtime-deps:8.0',
      family: 'dotnet',
      variant: 'minimal',
      full: false,
    },
    {
      ref: 'debian:bookworm-slim',
      family: 'debian',
      variant: 'slim',
      version: 'bookworm',
      full: false,
    },
    { ref: 'debian:12', family: 'debian', variant: 'full', full: true, slimRef: 'debian:12-slim' },
    { ref: 'ubuntu:22.04', family: 'ubuntu', variant: 'full', version: '22.04' },
    { ref: 'ubuntu:jammy', family: 'ubuntu', variant: 'full', version: 'jammy' },
    { ref: 'alpine:3.19', family: 'alpine', variant: 'alpine', libc: 'musl', full: false },
    { ref: 'busybox', family: 'busybox', variant: 'minimal', full: false },
    { ref: 'nginx:1.27', family: 'nginx', variant: 'other', full: false },
    { ref: 'postgres:17-alpine', family: 'postgres', variant: 'alpine', full: false },
    {
      ref: 'gcr.io/distroless/python3-debian12:debug',
      family: 'distroless',
      variant: 'distroless',
      full: false,
    },
    {
      ref: 'gcr.io/distroless/nodejs20-debian12',
      family: 'distroless',
      variant: 'distroless',
      version: '20',
    },
    {
      ref: 'cgr.dev/chainguard/static',
      family: 'chainguard',
      variant: 'wolfi',
      libc: 'none',
      full: false,
    },
    {
      ref: 'registry.access.redhat.com/ubi9/ubi',
      family: 'ubi',
      variant: 'full',
      full: true,
      slimRef: 'registry.access.redhat.com/ubi9/ubi-minimal',
    },
    {
      ref: 'registry.access.redhat.com/ubi9/ubi-minimal',
      family: 'ubi',
      variant: 'minimal',
      full: false,
    },
    {
      ref: 'registry.access.redhat.com/ubi9/ubi-micro',
      family: 'ubi',
      variant: 'minimal',
      full: false,
    },
    {
      ref: 'mcr.microsoft.com/windows/servercore:ltsc2022',
      family: 'windows',
      variant: 'windows',
      full: false,
    },
    {
      ref: 'mcr.microsoft.com/windows/nanoserver:ltsc2022',
      family: 'windows',
      variant: 'windows',
      full: false,
    },
    {
      ref: 'python:3.12-windowsservercore-ltsc2022',
      family: 'python',
      variant: 'windows',
      full: false,
    },
  ];
  for (const c of cases) {
    const info = known(c.ref);
    assert.equal(info.family, c.family, c.ref);
    assert.equal(info.variant, c.variant, c.ref);
    if (c.version !== undefined) assert.equal(info.version, c.version, c.ref);
    if (c.libc !== undefined) assert.equal(info.libc, c.libc, c.ref);
    if (c.full !== undefined) assert.equal(info.isFullVariant, c.full, c.ref);
    if (c.slimRef !== undefined) assert.equal(info.slimRef, c.slimRef, c.ref);
    if (c.alpineRef !== undefined) assert.equal(info.alpineRef, c.alpineRef, c.ref);
  }
});

test('golang:1.22 points at a multi-stage build onto distroless static or scratch', () => {
  const info = known('golang:1.22');
  assert.equal(info.variant, 'full');
  assert.equal(info.isFullVariant, true);
  assert.equal(info.slimRef, undefined, 'golang publishes no -slim');
  assert.equal(info.alpineRef, 'golang:1.22-alpine');
  const refs = info.alternatives.map((a) => a.ref);
  assert.ok(refs.includes('scratch'));
  assert.ok(
    refs.some((r) => r.startsWith('gcr.io/distroless/static-debian12')),
    refs.join(),
  );
  assert.equal(info.multiStage?.build, 'golang:1.22');
  assert.match(info.multiStage?.ship ?? '', /^gcr\.io\/distroless\/static-debian12/);
});

test('distroless static:nonroot has no shell, libc or package manager', () => {
  const info = known('gcr.io/distroless/static:nonroot');
  assert.equal(info.family, 'distroless');
  assert.equal(info.variant, 'distroless');
  assert.equal(info.shell, false);
  assert.equal(info.libc, 'none');
  assert.equal(info.packageManager, null);
  assert.equal(info.isFullVariant, false);
  assert.ok(info.pitfalls.some((p) => /:debug/.test(p)));
  assert.equal(known('gcr.io/distroless/static-debian12:debug').shell, true);
});

test('scratch is empty and its pitfalls say what is missing', () => {
  const info = known('scratch');
  assert.equal(info.variant, 'scratch');
  assert.equal(info.size?.compressedMB, 0);
  assert.equal(info.shell, false);
  assert.equal(info.libc, 'none');
  const text = info.pitfalls.join('\n');
  for (const missing of [/CA certificates/, /timezone/, /\/etc\/passwd/, /static binaries only/])
    assert.match(text, missing);
});

test('ubuntu without a tag is described for the family, without a version', () => {
  const info = known('ubuntu');
  assert.equal(info.family, 'ubuntu');
  assert.equal(info.version, undefined);
  assert.equal(info.size, undefined, 'no figure for whatever latest points at');
  assert.equal(info.isFullVariant, true);
});

test('unknown images are undefined, never guessed', () => {
  for (const ref of [
    'registry.example.com/team/app:1.2',
    'localhost:5000/app:1',
    'myuser/python:3.12',
    'mirror.example.com/library/python:3.12',
    'builder',
    'gcr.io/other/static',
  ]) {
    assert.equal(describe(ref), undefined, ref);
  }
});

test('alpine variants carry the musl pitfalls; openjdk says it is deprecated', () => {
  assert.ok(known('python:3.12-alpine').pitfalls.some((p) => /wheel/.test(p)));
  assert.ok(known('node:20-alpine').pitfalls.some((p) => /DNS/.test(p)));
  assert.ok(known('alpine').pitfalls.some((p) => /locale/.test(p)));
  assert.ok(known('openjdk:17').pitfalls.some((p) => /deprecated/.test(p)));
  assert.ok(
    known('eclipse-temurin:21-jdk').alternatives.some(
      (a) => a.ref === 'eclipse-temurin:21-jre' && /compiles/.test(a.note),
    ),
  );
});

/** A spread of references for the invariants below. */
const CORPUS = [
  'python:3.12',
  'python:3.12-slim',
  'python:3.12-alpine',
  'python:3.13-rc-slim',
  'python',
  `python@${DIGEST}`,
  'node:20',
  'node:22-slim',
  'node:lts-alpine',
  'node:iron',
  'golang:1.22',
  'golang:alpine',
  'rust:1',
  'rust:1-slim-bookworm',
  'ruby:3.3',
  'ruby:3.3-alpine',
  'php:8.3',
  'php:8.3-apache',
  'php:fpm-alpine',
  'eclipse-temurin:21',
  'eclipse-temurin:21-jre-alpine',
  'eclipse-temurin:21-jdk-ubi9-minimal',
  'openjdk:11',
  'openjdk:22-slim',
  'mcr.microsoft.com/dotnet/sdk:9.0',
  'mcr.microsoft.com/dotnet/aspnet:8.0',
  'mcr.microsoft.com/dotnet/runtime:8.0-noble-chiseled',
  'nginx',
  'nginx:stable-alpine',
  'httpd:2.4',
  'postgres:17',
  'redis:8-alpine',
  'debian',
  'debian:trixie',
  'debian:12-slim',
  'ubuntu:24.04',
  'alpine:3.24',
  'busybox:musl',
  'scratch',
  'gcr.io/distroless/static-debian12',
  'gcr.io/distroless/base-debian12:nonroot',
  'gcr.io/distroless/cc-debian12',
  'gcr.io/distroless/java21-debian12',
  'gcr.io/distroless/nodejs22-debian12:debug-nonroot',
  'cgr.dev/chainguard/wolfi-base',
  'cgr.dev/chainguard/node:latest-dev',
  'registry.access.redhat.com/ubi9',
  'redhat/ubi9-minimal',
  'mcr.microsoft.com/windows/nanoserver:ltsc2022',
];

function sizeSources(size: SizeFigure | undefined): SourceRef[] {
  if (!size) return [];
  return size.uncompressedSource ? [size.source, size.uncompressedSource] : [size.source];
}

test('invariants hold across the corpus', () => {
  for (const text of CORPUS) {
    const info = known(text);
    const self = text.split('@')[0]!.toLowerCase();
    assert.ok(!info.alternatives.some((a) => a.ref.toLowerCase() === self), `${text} lists itself`);
    if (info.isFullVariant)
      assert.ok(info.slimRef ?? info.alpineRef, `${text}: full variant without a replacement`);
    for (const replacement of [info.slimRef, info.alpineRef]) {
      if (replacement === undefined) continue;
      assert.ok(!replacement.includes('@'), `${text}: replacement keeps a digest`);
      const target = describe(replacement);
      assert.ok(target, `${text}: replacement ${replacement} is known`);
      assert.equal(
        target.isFullVariant,
        false,
        `${text}: replacement ${replacement} is itself full`,
      );
    }
    if (['alpine', 'slim', 'distroless', 'scratch', 'chiseled'].includes(info.variant)) {
      assert.equal(info.isFullVariant, false, `${text}: must not count as a full variant`);
    }
    // Smallest first: figures ascend (compressed, or on-disk where that is all there is).
    const keys = info.alternatives.map((a) => a.size?.compressedMB ?? a.size?.uncompressedMB);
    const knownKeys = keys.filter((k): k is number => k !== undefined);
    assert.deepEqual(
      knownKeys,
      [...knownKeys].sort((a, b) => a - b),
      `${text}: alternatives out of order`,
    );
    assert.ok(
      keys.indexOf(undefined) === -1 ||
        keys.slice(keys.indexOf(undefined)).every((k) => k === undefined),
      text,
    );
  }
});

const DATE = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;

function assertSource(source: SourceRef | undefined, where: string): void {
  assert.ok(source, `${where}: has a source`);
  assert.match(source.url, /^https:\/\/\S+$/, `${where}: source url`);
  assert.match(source.date, DATE, `${where}: source date`);
}

test('every figure has a source URL and a date', () => {
  for (const [key, size] of Object.entries(SIZES) as [string, SizeFigure][]) {
    assert.ok(
      size.compressedMB !== undefined || size.uncompressedMB !== undefined,
      `${key} has a number`,
    );
    assertSource(size.source, key);
    if (size.uncompressedSource) assertSource(size.uncompressedSource, `${key} (on disk)`);
    for (const mb of [size.compressedMB, size.uncompressedMB]) {
      if (mb !== undefined) assert.ok(Number.isFinite(mb) && mb >= 0, `${key}: ${mb}`);
    }
  }
  for (const text of CORPUS) {
    const info = known(text);
    const cited = new Set(info.sources.map((s) => s.url));
    for (const s of info.sources) assertSource(s, text);
    for (const size of [info.size, ...info.alternatives.map((a) => a.size)]) {
      for (const s of sizeSources(size))
        assert.ok(cited.has(s.url), `${text}: ${s.url} not in sources`);
    }
  }
});

/** Expected order within a family; service images' default is a Debian slim base. */
const RANK: Partial<Record<VariantKind, number>> = { alpine: 1, slim: 2, full: 3, other: 3 };

/**
 * Measured exceptions, kept so the data stays honest: rust's alpine toolchain image adds gcc and
 * musl-dev and came out larger than rust:1-slim. Neither is a runtime image.
 */
const ORDER_EXCEPTIONS = new Set(['rust:alpine>slim']);

test('sizes are ordered alpine < slim < full within each family', () => {
  const units: ('compressedMB' | 'uncompressedMB')[] = ['compressedMB', 'uncompressedMB'];
  let compared = 0;
  for (const a of MEASURED) {
    for (const b of MEASURED) {
      const ra = RANK[a.variant];
      const rb = RANK[b.variant];
      if (a.family !== b.family || ra === undefined || rb === undefined || ra >= rb) continue;
      if (ORDER_EXCEPTIONS.has(`${a.family}:${a.variant}>${b.variant}`)) continue;
      for (const unit of units) {
        const x = a.size[unit];
        const y = b.size[unit];
        if (x === undefined || y === undefined) continue;
        compared++;
        assert.ok(
          x < y,
          `${a.family}: ${a.variant} (${x}) should be smaller than ${b.variant} (${y}) [${unit}]`,
        );
      }
    }
  }
  assert.ok(compared >= 20, `only ${compared} comparisons`);
  const rust = MEASURED.filter((m) => m.family === 'rust');
  const size = (v: VariantKind) => rust.find((m) => m.variant === v)?.size.compressedMB ?? NaN;
  assert.ok(
    size('alpine') > size('slim'),
    'the rust exception still matches the data; drop it if not',
  );
  assert.ok(size('slim') < size('full') && size('alpine') < size('full'));
});

test('the generic table is the guide', () => {
  assert.deepEqual(
    GENERIC_TRADEOFFS.map((r) => [r.variant, r.size]),
    [
      ['scratch', 'Smallest'],
      ['distroless', '~2-20 MB'],
      ['alpine', '~5 MB'],
      ['slim', '~50-150 MB'],
      ['full', '~300+ MB'],
    ],
  );
  assert.match(KNOWLEDGE_VERSION, /^\d{4}-\d{2}-\d{2}$/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageHoverMarkdown } from '../../../server/src/knowledge/imageHover';
import { KNOWLEDGE_VERSION } from '../../../server/src/knowledge/baseImages';

test('hover lists the concrete alternative tags', () => {
  const cases: [string, string[]][] = [
    [
      'python:3.12',
      ['`python:3.12-slim`', '`python:3.12-alpine`', '`gcr.io/distroless/python3-debian12`'],
    ],
    ['node:20', ['`node:20-slim`', '`node:20-alpine`', '`gcr.io/distroless/nodejs20-debian12`']],
    [
      'golang:1.22',
      // At most three: the runtime images first (golang:1.22-alpine is the fourth).
      ['`gcr.io/distroless/static-debian12:nonroot`', '`scratch`'],
    ],
    ['eclipse-temurin:21-jdk', ['`eclipse-temurin:21-jre`', '`eclipse-temurin:21-jre-alpine`']],
    [
      'mcr.microsoft.com/dotnet/sdk:8.0',
      ['`mcr.microsoft.com/dotnet/aspnet:8.0`', '`mcr.microsoft.com/dotnet/aspnet:8.0-alpine`'],
    ],
    ['debian:12', ['`debian:12-slim`']],
  ];
  for (const [image, expected] of cases) {
    const md = imageHoverMarkdown(image, { isFinalStage: true });
    assert.match(md, /\| Alternative \| Variant \| On disk \| Note \|/, image);
    for (const tag of expected) assert.ok(md.includes(tag), `${image}: missing ${tag}\n${md}`);
  }
});

test('hover shows title, size with its date, libc/shell/package manager, pitfalls and sources', () => {
  const md = imageHoverMarkdown('python:3.12', { isFinalStage: true });
  assert.match(md, /^\*\*Python[^*]*\*\* · full/);
  assert.match(md, /\*\*Size on disk:\*\* ~[\d.]+ GB _\(2026-\d\d, linux\/amd64\)_/);
  assert.doesNotMatch(md, /compressed/, 'one unit: the image has an on-disk figure');
  assert.match(md, /\*\*libc\*\* glibc · \*\*shell\*\* yes · \*\*package manager\*\* apt/);
  assert.match(md, /\*\*Suits:\*\*/);
  assert.match(md, /\*\*Pitfall:\*\* /);
  assert.match(
    md,
    /Sources: \[docker-library\/repo-info\]\(https:\/\/github\.com\/docker-library\/repo-info\/blob\//,
  );
  assert.ok(md.includes(`Knowledge ${KNOWLEDGE_VERSION}`));
});

test('final stage gets the slim suggestion and the multi-stage saving; builder stages do not', () => {
  const final = imageHoverMarkdown('python:3.12', { isFinalStage: true });
  assert.match(final, /\*\*Final stage:\*\*.*`python:3\.12-slim`/);
  assert.match(
    final,
    /\*\*Multi-stage:\*\* build in `python:3\.12`, ship `python:3\.12-slim` \(~[\d.]+ GB → ~\d+ MB on disk\)/,
  );

  const go = imageHoverMarkdown('golang:1.22', { isFinalStage: true });
  assert.match(
    go,
    /\*\*Multi-stage:\*\* build in `golang:1\.22`, ship `gcr\.io\/distroless\/static-debian12:nonroot`/,
  );

  const builder = imageHoverMarkdown('golang:1.22', { isFinalStage: false, isBuilder: true });
  assert.doesNotMatch(builder, /\*\*Final stage:\*\*/);
  assert.doesNotMatch(builder, /\*\*Multi-stage:\*\*/);
  assert.doesNotMatch(builder, /Alternative/, 'no runtime alternatives for a builder');
  assert.match(builder, /^_Builder: its size does not ship/, 'said first');

  const notShipped = imageHoverMarkdown('golang:1.22', { isFinalStage: false });
  assert.match(notShipped, /Not the final stage/);
});

test('ARG-resolved images say what they were resolved from', () => {
  const md = imageHoverMarkdown('python:3.12-slim', { resolvedFrom: 'python:${PY}-slim' });
  assert.ok(md.includes('_Resolved from `python:${PY}-slim`_'), md);
  assert.doesNotMatch(md, /\*\*Final stage:\*\*/, 'slim is not a full variant');
});

test('latest and untagged images are described without a version', () => {
  for (const image of ['python', 'python:latest', 'ubuntu']) {
    const md = imageHoverMarkdown(image);
    assert.match(md, /No version pinned/, image);
  }
  assert.match(imageHoverMarkdown(`python@sha256:${'cd'.repeat(32)}`), /Pinned by digest only/);
});

test('unknown images get the generic table and no numbers of their own', () => {
  for (const image of ['registry.example.com/team/app:1.2', 'localhost:5000/app:1']) {
    const md = imageHoverMarkdown(image);
    assert.match(md, /not in Layerwise's base-image knowledge base/);
    assert.doesNotMatch(md, /\*\*(Size on disk|Pull size):\*\*/);
    assert.doesNotMatch(md, /Alternative \| Variant/);
    for (const row of [
      '`scratch` | Smallest',
      'distroless | ~2-20 MB',
      'alpine | ~5 MB',
      '`*-slim` | ~50-150 MB',
      'Standard | ~300+ MB',
    ]) {
      assert.ok(md.includes(row), `${image}: ${row}`);
    }
  }
  const unresolved = imageHoverMarkdown('${BASE_IMAGE}', { resolvedFrom: '${BASE_IMAGE}' });
  assert.match(unresolved, /build argument/);
  assert.match(unresolved, /\| Kind \| Typical size \| Notes \|/);
});

test('images without a sourced figure show no size', () => {
  for (const image of [
    'mcr.microsoft.com/dotnet/aspnet:8.0',
    'gcr.io/distroless/java21-debian12',
    'cgr.dev/chainguard/static',
    'ubuntu:22.04',
    'php:8.3-fpm',
  ]) {
    const md = imageHoverMarkdown(image);
    assert.doesNotMatch(md, /\*\*(Size on disk|Pull size):\*\*/, image);
  }
  // …and alternatives without a figure show a dash.
  assert.match(
    imageHoverMarkdown('python:3.12'),
    /\| `gcr\.io\/distroless\/python3-debian12` \| distroless \| — \|/,
  );
});

test('on-disk-only figures are labelled as such', () => {
  const md = imageHoverMarkdown('gcr.io/distroless/static:nonroot');
  assert.match(md, /\*\*Size on disk:\*\* ~2\.4 MB/);
  assert.match(md, /\| `scratch` \| scratch \| 0 MB \|/);
});

test('a download-only figure is called a pull size and never shown as on disk', () => {
  const md = imageHoverMarkdown('node:22-slim', { isFinalStage: true });
  assert.match(md, /\*\*Pull size:\*\* ~80 MB compressed; unpacked size not measured/);
  assert.doesNotMatch(md, /on disk:\*\* ~80/);
  // Alternatives are compared on disk only: a compressed figure would read as smaller.
  for (const row of md.split('\n').filter((l) => l.startsWith('| `'))) {
    assert.doesNotMatch(row, /compressed/, row);
  }
});

test('digests are shortened and the card stays within 25 lines', () => {
  const digest = 'ab'.repeat(32);
  const md = imageHoverMarkdown(`python:3.12-slim@sha256:${digest}`, { isFinalStage: true });
  assert.ok(!md.includes(digest), md);
  assert.ok(md.includes('sha256:abababab…'), md);
  for (const image of [
    'python:3.12',
    'node:20',
    'golang:1.22',
    'ubuntu:24.04',
    'eclipse-temurin:21-jdk',
  ]) {
    const lines = imageHoverMarkdown(image, { isFinalStage: true }).trimEnd().split('\n').length;
    assert.ok(lines <= 25, `${image}: ${lines} lines`);
  }
});

test('windows images get a short note', () => {
  const md = imageHoverMarkdown('mcr.microsoft.com/windows/servercore:ltsc2022');
  assert.match(md, /Server Core/);
  assert.match(md, /Windows hosts/);
});

test('under a finding the card is cut to what the image is', () => {
  const md = imageHoverMarkdown('python:3.12', { isFinalStage: true, compact: true });
  assert.match(md, /^\*\*Python/);
  assert.match(md, /\*\*libc\*\* glibc/);
  assert.doesNotMatch(md, /Alternative|Suits|Pitfall|Sources/);
  assert.ok(md.trimEnd().split('\n').length <= 4, md);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UNKNOWN_CONTEXT } from '../../../../server/src/analysis/context';
import { hoverAt } from '../../../../server/src/features/hovers';
import { lensesFor } from '../../../../server/src/features/lenses';
import {
  estimateImageSize,
  sizeEstimateMarkdown,
  sizeEstimateTitle,
  sizeLensProvider,
} from '../../../../server/src/features/lenses/imageSize';
import { formatBytes } from '../../../../server/src/analysis/aptSizes';
import { aptBaseSet, resolveAptInstall } from '../../../../server/src/knowledge/apt';
import { APT_LISTS } from '../../../../server/src/knowledge/packageSizes';
import { buildModel } from '../../../../server/src/parse/model';

const estimate = (text: string) => estimateImageSize(buildModel(text))!;
const PY_SLIM_DISK = 119.2e6;
const bookworm = (names: string[], recommends: boolean, earlier: string[] = []) =>
  resolveAptInstall(
    'bookworm',
    new Set([...aptBaseSet('debian:bookworm-slim')!.packages, ...earlier]),
    names,
    { recommends },
  )!;

describe('estimated image size', () => {
  const rows = (est: ReturnType<typeof estimate>) =>
    est.rows.slice(1).map((r) => [r.label, r.bytes] as const);

  it('slim base on Debian 12 + apt packages, lists cleaned: a total on disk', () => {
    const est = estimate(
      'FROM python:3.12-slim-bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nCMD ["python"]\n',
    );
    const curl = bookworm(['curl'], false);
    assert.ok(curl.bytes > 3e6 && curl.bytes < 40e6, `curl ${curl.bytes}`);
    assert.deepEqual(rows(est), [['apt-get install -y --no-install-recommends curl', curl.bytes]]);
    assert.equal(est.rows[1]!.packages, curl.added.length);
    assert.match(est.rows[1]!.note, /without recommends; `debian:bookworm-slim`'s packages/);
    assert.equal(
      sizeEstimateTitle(est),
      `Image on disk: ~${formatBytes(PY_SLIM_DISK + curl.bytes)} (estimate)`,
    );
  });

  it('apt lists left behind, recommends, copies and other installs', () => {
    const text = [
      'FROM python:3.12-slim-bookworm',
      'RUN apt-get update && apt-get install -y libpq5 my-tool',
      'COPY requirements.txt .',
      'RUN pip install -r requirements.txt',
      'COPY . .',
      '',
    ].join('\n');
    const est = estimate(text);
    const libpq = bookworm(['libpq5', 'my-tool'], true);
    assert.deepEqual(libpq.unknown, ['my-tool']);
    assert.deepEqual(rows(est), [
      ['apt-get install -y libpq5 my-tool', libpq.bytes],
      ['apt-get install my-tool', undefined],
      ['apt package lists left by `apt-get update`', APT_LISTS.bytes],
      ['COPY requirements.txt .', undefined],
      ['pip install -r requirements.txt', undefined],
      ['COPY . .', undefined],
    ]);
    assert.match(est.rows[1]!.note, /with recommends/);
    assert.equal(
      sizeEstimateTitle(est),
      `Image on disk: ≥ ${formatBytes(PY_SLIM_DISK + libpq.bytes + APT_LISTS.bytes)} (not counted: 4 steps)`,
    );
    const md = sizeEstimateMarkdown(est);
    assert.match(md, /\| Base `python:3\.12-slim-bookworm` \| ~120 MB \|/);
    assert.doesNotMatch(md, /compressed/);
    assert.match(md, /\| `pip install -r requirements\.txt` \(line 4\) \| not counted \|/);
    assert.match(md, /\| apt package lists left by `apt-get update` \(line 2\) \| ~20 MB \|/);
    assert.match(md, /Installed-Size of each package apt would add/);
  });

  it('two installs: what the first added is not counted again', () => {
    const est = estimate(
      'FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends git\nRUN apt-get install -y --no-install-recommends build-essential git\n',
    );
    const git = bookworm(['git'], false);
    const be = bookworm(
      ['build-essential', 'git'],
      false,
      git.added.map((p) => p.name),
    );
    const both = bookworm(['git', 'build-essential'], false);
    assert.deepEqual(
      est.rows.slice(1).map((r) => r.bytes),
      [git.bytes, be.bytes],
    );
    assert.equal(git.bytes + be.bytes, both.bytes);
    assert.ok(be.bytes < bookworm(['build-essential'], false).bytes);
  });

  it('an unsuffixed or full language image: the Debian release or package list is unknown', () => {
    const full = estimate('FROM python:3.12\nRUN apt-get install -y --no-install-recommends git\n');
    assert.equal(full.rows[1]!.bytes, undefined);
    assert.match(full.rows[1]!.note, /no package list of this full image/);
    assert.equal(sizeEstimateTitle(full), 'Image on disk: ≥ 1.1 GB (not counted: apt-get install)');
    const slim = estimate(
      'FROM python:3.12-slim\nRUN apt-get install -y --no-install-recommends git\n',
    );
    assert.equal(slim.rows[1]!.bytes, undefined);
    assert.match(slim.rows[1]!.note, /does not name its Debian release/);
  });

  it('Debian package figures are not applied to Ubuntu, RHEL or Alpine bases', () => {
    for (const base of ['ubuntu:24.04', 'eclipse-temurin:21-jre', 'redhat/ubi9', 'alpine:3.20']) {
      const est = estimate(
        `FROM ${base}\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n`,
      );
      assert.ok(est.rows.length >= 2, base);
      for (const r of est.rows.slice(1)) assert.equal(r.bytes, undefined, `${base}: ${r.label}`);
    }
    const ubuntu = estimate('FROM ubuntu:24.04\nRUN apt-get install -y curl\n');
    assert.match(ubuntu.rows[1]!.note, /not known to be Debian/);
  });

  it('compressed-only base figures are not added to on-disk package sizes', () => {
    const est = estimate(
      'FROM node:20-bookworm-slim\nRUN apt-get install -y --no-install-recommends tini\n',
    );
    assert.ok(est.rows[1]!.bytes! > 0);
    assert.equal(est.knownBytes, undefined);
    const title = sizeEstimateTitle(est);
    assert.equal(title, 'Image on disk: not estimated (no on-disk size for its base)');
    assert.doesNotMatch(sizeEstimateMarkdown(est), /compressed|~80 MB/);
    const ctx = {
      model: buildModel('FROM node:20-slim\nCMD ["node"]\n'),
      findings: [],
      context: UNKNOWN_CONTEXT,
    };
    assert.deepEqual(lensesFor(ctx), [], 'the minimal mode shows no lens without an estimate');
    assert.equal(lensesFor(ctx, 'all').length, 1);
  });

  it('only the final stage and the stages it is built FROM count', () => {
    const text = [
      'FROM golang:1.22 AS build',
      'RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*',
      'RUN go build -o /app',
      'FROM debian:bookworm-slim AS base',
      'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*',
      'FROM base',
      'COPY --from=build /app /usr/local/bin/app',
      '',
    ].join('\n');
    const est = estimate(text);
    assert.equal(est.baseImage, 'debian:bookworm-slim');
    assert.deepEqual(
      est.rows.map((r) => r.label),
      [
        'Base `debian:bookworm-slim`',
        'apt-get install -y --no-install-recommends ca-certificates',
        'files from stage `build`',
      ],
    );
  });

  it('scratch, ARG-resolved bases and bases without figures', () => {
    assert.equal(
      sizeEstimateTitle(estimate('FROM scratch\nCOPY app /app\n')),
      'Image on disk: only the files copied in (scratch is empty)',
    );
    assert.equal(sizeEstimateTitle(estimate('FROM scratch\n')), 'Image on disk: 0 MB');
    assert.equal(estimate('ARG PY=3.12\nFROM python:${PY}-slim\n').baseImage, 'python:3.12-slim');
    assert.equal(
      sizeEstimateTitle(estimate('FROM alpine:3.20\nRUN apk add --no-cache curl\n')),
      'Image on disk: not estimated (no on-disk size for its base)',
    );
    assert.equal(
      sizeEstimateTitle(estimate('FROM registry.example.com/team/base:1\n')),
      'Image on disk: not estimated (no on-disk size for its base)',
    );
  });

  it('lens on the final FROM, breakdown in the hover of its keyword', () => {
    const text =
      'FROM golang:1.22 AS build\nRUN go build\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /app /app\n';
    const ctx = { model: buildModel(text), findings: [], context: UNKNOWN_CONTEXT };
    const lenses = sizeLensProvider(ctx);
    assert.equal(lenses.length, 1);
    assert.equal(text.slice(lenses[0]!.start, lenses[0]!.end), 'FROM');
    assert.equal(lenses[0]!.start, text.indexOf('FROM gcr.io'));
    assert.equal(lenses[0]!.title, 'Image on disk: ≥ 2.4 MB (not counted: files from stage build)');
    assert.ok(lensesFor(ctx).some((l) => l.title === lenses[0]!.title));
    const card = hoverAt(ctx, text.indexOf('gcr.io') + 3)!;
    assert.match(card.markdown, /\*\*Google distroless\*\*/);
    assert.doesNotMatch(card.markdown, /Image on disk: ≥/, 'the image card stays a card');
    const hover = hoverAt(ctx, text.indexOf('FROM gcr.io') + 1)!;
    assert.match(
      hover.markdown,
      /\*\*Image on disk: ≥ 2\.4 MB \(not counted: files from stage build\)\*\*/,
    );
    assert.match(hover.markdown, /\| files from stage `build` \(line 4\) \| not counted \|/);
    // The builder's FROM gets no estimate.
    const builder = hoverAt(ctx, text.indexOf('golang') + 2)!;
    assert.doesNotMatch(builder.markdown, /Image on disk/);
  });
});

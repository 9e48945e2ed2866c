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
import { mb } from '../../../../server/src/knowledge/imageHover';
import { APT_ADDS } from '../../../../server/src/knowledge/aptPackageData';
import {
  APT_LISTS,
  aptInstallCost,
  aptPackageName,
} from '../../../../server/src/knowledge/packageSizes';
import { buildModel } from '../../../../server/src/parse/model';

const estimate = (text: string) => estimateImageSize(buildModel(text))!;
const PY_SLIM_DISK = 119.2;

describe('package size table', () => {
  it('has sensible figures for common packages', () => {
    const curl = aptInstallCost(['curl'], false);
    assert.ok(curl.mb > 3 && curl.mb < 40, `curl ${curl.mb}`);
    assert.ok(curl.packages >= 5, `curl adds its libraries: ${curl.packages}`);
    const withRec = aptInstallCost(['curl'], true);
    assert.ok(withRec.mb >= curl.mb && withRec.packages >= curl.packages);
    const be = aptInstallCost(['build-essential'], false);
    assert.ok(be.mb > 100, `build-essential ${be.mb}`);
    for (const name of ['ca-certificates', 'git', 'python3', 'libpq-dev', 'tini', 'gosu']) {
      assert.ok(APT_ADDS[name], `${name} is in the table`);
    }
  });

  it('counts shared dependencies once', () => {
    const present = new Set<string>();
    const a = aptInstallCost(['git'], false, present);
    const b = aptInstallCost(['build-essential'], false, present);
    const both = aptInstallCost(['git', 'build-essential'], false);
    assert.ok(Math.abs(a.mb + b.mb - both.mb) < 1e-9);
    assert.ok(
      both.mb < aptInstallCost(['git'], false).mb + aptInstallCost(['build-essential'], false).mb,
    );
    assert.equal(aptInstallCost(['git'], false, present).packages, 0);
  });

  it('reads package words as apt does and leaves the rest unknown', () => {
    assert.equal(aptPackageName('curl=7.88.1-10+deb12u5'), 'curl');
    assert.equal(aptPackageName('curl/bookworm-backports'), 'curl');
    assert.equal(aptPackageName('libc6:amd64'), 'libc6');
    assert.equal(aptPackageName('$PKGS'), undefined);
    assert.equal(aptPackageName('python3-*'), undefined);
    const cost = aptInstallCost(['curl', 'my-internal-tool', '$EXTRA'], false);
    assert.deepEqual(cost.known, ['curl']);
    assert.deepEqual(cost.unknown, ['my-internal-tool', '$EXTRA']);
  });
});

describe('estimated image size', () => {
  it('slim base + known apt packages, lists cleaned: a total on disk', () => {
    const est = estimate(
      'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nCMD ["python"]\n',
    );
    const curl = aptInstallCost(['curl'], false).mb;
    assert.equal(est.parts.length, 1);
    assert.equal(est.parts[0]!.label, 'apt-get install curl');
    assert.equal(est.parts[0]!.mb, curl);
    assert.equal(sizeEstimateTitle(est), `Image on disk: ~${mb(PY_SLIM_DISK + curl)} (estimate)`);
  });

  it('apt lists left behind, recommends, copies and other installs', () => {
    const text = [
      'FROM python:3.12-slim',
      'RUN apt-get update && apt-get install -y libpq5 my-tool',
      'COPY requirements.txt .',
      'RUN pip install -r requirements.txt',
      'COPY . .',
      '',
    ].join('\n');
    const est = estimate(text);
    const libpq = aptInstallCost(['libpq5'], true);
    assert.deepEqual(
      est.parts.map((p) => [p.label, p.mb]),
      [
        ['apt-get install libpq5', libpq.mb],
        ['apt-get install my-tool', undefined],
        ['apt package lists left by `apt-get update`', APT_LISTS.mb],
        ['COPY requirements.txt .', undefined],
        ['pip install -r requirements.txt', undefined],
        ['COPY . .', undefined],
      ],
    );
    assert.match(est.parts[0]!.note, /with recommends/);
    assert.equal(
      sizeEstimateTitle(est),
      `Image on disk: ≥ ${mb(PY_SLIM_DISK + libpq.mb + APT_LISTS.mb)} (not counted: 4 steps)`,
    );
    const md = sizeEstimateMarkdown(est);
    assert.match(md, /\| Base `python:3\.12-slim` \| ~120 MB \|/);
    assert.doesNotMatch(md, /compressed/);
    assert.match(md, /\| `pip install -r requirements\.txt` \(line 4\) \| not counted \|/);
    assert.match(md, /\| apt package lists left by `apt-get update` \(line 2\) \| ~20 MB \|/);
    assert.match(md, /packages\.debian\.org\/bookworm/);
  });

  it('a full language image already holds common packages: their cost is unknown', () => {
    const est = estimate('FROM python:3.12\nRUN apt-get install -y --no-install-recommends git\n');
    assert.equal(est.parts[0]!.mb, undefined);
    assert.match(est.parts[0]!.note, /full image already has many of these/);
    assert.equal(sizeEstimateTitle(est), 'Image on disk: ≥ 1.1 GB (not counted: the apt install)');
  });

  it('Debian package figures are not applied to Ubuntu, RHEL or Alpine bases', () => {
    for (const base of ['ubuntu:24.04', 'eclipse-temurin:21-jre', 'redhat/ubi9', 'alpine:3.20']) {
      const est = estimate(`FROM ${base}\nRUN apt-get install -y --no-install-recommends curl\n`);
      assert.equal(est.parts[0]!.mb, undefined, base);
    }
    const ubuntu = estimate('FROM ubuntu:24.04\nRUN apt-get install -y curl\n');
    assert.match(ubuntu.parts[0]!.note, /not known to be Debian/);
  });

  it('compressed-only base figures are not added to on-disk package sizes', () => {
    const est = estimate(
      'FROM node:20-slim\nRUN apt-get install -y --no-install-recommends tini\n',
    );
    const tini = aptInstallCost(['tini'], false).mb;
    assert.ok(tini > 0);
    // node:22-slim has a download (compressed) size only: no on-disk total is made up from it.
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
      est.parts.map((p) => p.label),
      ['apt-get install ca-certificates', 'files from stage `build`'],
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

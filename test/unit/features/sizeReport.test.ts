import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  aptImageBase,
  aptListsBytes,
  aptPackagesBytes,
  aptInstallBytes,
  formatBytes,
} from '../../../server/src/analysis/aptSizes';
import { UNKNOWN_CONTEXT } from '../../../server/src/analysis/context';
import { lintDockerfile } from '../../../server/src/engine/lint';
import { imageSizeHover } from '../../../server/src/features/hovers/imageSize';
import { sizeLensProvider } from '../../../server/src/features/lenses/imageSize';
import { sizeReport } from '../../../server/src/features/sizeReport';

describe('image reference → Debian release and base package set', () => {
  const cases: [string, string | undefined, boolean?][] = [
    ['debian:bookworm-slim', 'debian:bookworm-slim', true],
    ['debian:12-slim', 'debian:bookworm-slim', true],
    ['debian:12.7-slim', 'debian:bookworm-slim', true],
    ['debian:bookworm-20240110-slim', 'debian:bookworm-slim', true],
    ['docker.io/library/debian:bookworm-slim', 'debian:bookworm-slim', true],
    ['python:3.12-slim-bookworm', 'debian:bookworm-slim', false],
    ['python:3.12.4-slim-bookworm', 'debian:bookworm-slim', false],
    ['node:20-bookworm-slim', 'debian:bookworm-slim', false],
    ['ruby:3.3-slim-bookworm', 'debian:bookworm-slim', false],
    // The tag does not say which release (it moves), or the image is not slim Debian.
    ['debian:stable-slim', undefined],
    ['python:3.12-slim', undefined],
    ['node:20-slim', undefined],
    ['python:3.12-bookworm', undefined],
    ['golang:1.22-bookworm', undefined],
    ['python:3.12-alpine', undefined],
    ['ubuntu:24.04', undefined],
    ['ubuntu:noble', undefined],
    ['redhat/ubi9', undefined],
    ['alpine:3.20', undefined],
    ['registry.example.com/debian:12-slim', undefined],
    ['debian:bullseye-slim', undefined],
  ];
  for (const [image, key, exact] of cases) {
    it(`${image} → ${key ?? 'unknown'}`, () => {
      const base = aptImageBase(image);
      assert.equal(base?.baseKey, key);
      if (key) assert.equal(base!.exact, exact);
    });
  }

  it('apt lists: a measured figure for bookworm only', () => {
    assert.equal(aptListsBytes('bookworm')?.bytes, 19_881_984);
    assert.equal(aptListsBytes('trixie'), undefined);
  });
});

describe('what other size rules read', () => {
  it('aptPackagesBytes: the toolchain share of an install, shared libraries left with the rest', () => {
    const text =
      'FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends gcc libpq5\n';
    const { model } = lintDockerfile(text);
    const [step] = aptInstallBytes(model!, model!.instructions[1]!);
    const gcc = aptPackagesBytes(model!, step!.use, ['gcc'])!;
    // gcc-12, cpp, binutils…: tens of MB; libpq5 alone stays.
    assert.ok(gcc > 50e6 && gcc < step!.result!.bytes, `gcc ${gcc} of ${step!.result!.bytes}`);
    assert.equal(aptPackagesBytes(model!, step!.use, []), 0);
  });

  it('formats bytes without ever showing a few kB as zero', () => {
    assert.deepEqual(
      [20_000, 380_000, 12_400_000, 312_000_000, 1_230_000_000, 0].map(formatBytes),
      ['20 kB', '0.4 MB', '12 MB', '310 MB', '1.2 GB', '0 MB'],
    );
  });
});

describe('size report: savings, hover and lens agree', () => {
  const text = [
    'FROM python:3.12-slim-bookworm',
    'RUN apt-get update && apt-get install -y protobuf-compiler',
    ...Array.from({ length: 24 }, (_, i) => `COPY part${i} /app/part${i}`),
    'CMD ["python", "-m", "app"]',
    '',
  ].join('\n');
  const result = lintDockerfile(text);
  const ctx = { model: result.model!, findings: result.findings, context: UNKNOWN_CONTEXT };

  it('sums the bytes of the findings in the shipped chain', () => {
    const report = sizeReport(ctx)!;
    const rec = result.findings.find((f) => f.ruleId === 'apt-no-install-recommends')!;
    const lists = result.findings.find((f) => f.ruleId === 'apt-lists-not-cleaned')!;
    assert.ok(rec.bytes! > 10e6);
    assert.equal(lists.bytes, 19_881_984, 'the lists measured on bookworm');
    assert.equal(report.savings.bytes, rec.bytes! + lists.bytes);
    assert.equal(report.savings.findings, 2);
    assert.equal(report.rows.length, 1 + 2 + 24);
  });

  it('the hover shows the same table cut to fit, the lens the same total', () => {
    const from = text.indexOf('FROM') + 1;
    const md = imageSizeHover(ctx, from)!.markdown;
    assert.ok(md.split('\n').length <= 20, md);
    assert.match(md, /\| … \d+ more steps \| not counted \| `layerwise size` lists them all \|/);
    assert.match(
      md,
      /`apt-get install -y protobuf-compiler` \(line 2\) \| ~\d+ MB \| \d+ Debian packages with recommends/,
    );
    assert.match(md, /Size findings here would save about \d+ MB \(2 findings\)\./);
    const report = sizeReport(ctx)!;
    const lens = sizeLensProvider(ctx)[0]!;
    assert.equal(
      lens.title,
      `Image on disk: ≥ ${formatBytes(report.knownBytes!)} (not counted: 24 steps)`,
    );
  });

  it('findings in a builder stage do not count for the shipped image', () => {
    const multi = lintDockerfile(
      'FROM debian:bookworm-slim AS build\nRUN apt-get install -y curl\nFROM gcr.io/distroless/static\nCOPY --from=build /usr/bin/curl /curl\n',
    );
    const r = sizeReport({ model: multi.model!, findings: multi.findings })!;
    assert.ok(
      multi.findings.some((f) => f.bytes !== undefined),
      'the builder has a finding with bytes',
    );
    assert.deepEqual(r.savings, { bytes: 0, findings: 0, list: [] });
  });
});

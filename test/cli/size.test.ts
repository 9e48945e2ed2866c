import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO } from '../helpers/lspClient';
import type { SizeJson } from '../../server/src/cli/size';

const BIN = path.join(REPO, 'bin', 'layerwise.js');
const DIR = mkdtempSync(path.join(tmpdir(), 'layerwise-size-'));
after(() => rmSync(DIR, { recursive: true, force: true }));

function layerwise(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: DIR, encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A Django-style service: wheels built in a builder, the runtime installs its client libraries. */
const SERVICE = [
  'FROM python:3.12-slim-bookworm AS build',
  'RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev && rm -rf /var/lib/apt/lists/*',
  'COPY requirements.txt .',
  'RUN pip wheel --wheel-dir /wheels -r requirements.txt',
  '',
  'FROM python:3.12-slim-bookworm AS runtime',
  'RUN apt-get update && apt-get install -y libpq5 curl',
  'COPY --from=build /wheels /wheels',
  'RUN pip install --no-cache-dir /wheels/*',
  'COPY . .',
  'CMD ["gunicorn", "app.wsgi"]',
  '',
].join('\n');

describe('layerwise size (CLI process)', () => {
  it('JSON: each step of the shipped stage, the total known-plus-unknown and the savings', () => {
    const r = layerwise(['size', '--no-config', '--format', 'json', '-'], SERVICE);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as SizeJson;
    assert.equal(j.stage.name, 'runtime');
    assert.deepEqual(j.debianBase, {
      key: 'debian:bookworm-slim',
      release: 'bookworm',
      exact: false,
    });
    assert.deepEqual(
      j.steps.map((s) => [s.line, s.kind, s.bytes === null ? 'unknown' : 'known']),
      [
        [6, 'base', 'known'],
        [7, 'apt', 'known'],
        [7, 'apt-lists', 'known'],
        [8, 'copy', 'unknown'],
        [9, 'install', 'unknown'],
        [10, 'copy', 'unknown'],
      ],
    );
    const apt = j.steps[1]!;
    // libpq5 and curl with their recommends: tens of packages, a few to a few tens of MB.
    assert.ok(apt.packages! >= 10, `packages ${apt.packages}`);
    assert.ok(apt.bytes! > 3e6 && apt.bytes! < 80e6, `bytes ${apt.bytes}`);
    assert.equal(j.steps[2]!.bytes, 19_881_984);
    const known = j.steps.reduce((s, x) => s + (x.bytes ?? 0), 0);
    assert.equal(j.total.knownBytes, known);
    assert.equal(j.total.complete, false);
    assert.deepEqual(j.total.notCounted, ['files from stage build', 'pip install', 'COPY . .']);
    // The builder's build-essential is not in the runtime image, nor in its savings.
    assert.ok(!j.steps.some((s) => /build-essential/.test(s.label)));
    const rules = j.savings.findings.map((f) => `${f.rule}:${f.line}`).sort();
    assert.ok(rules.includes('apt-no-install-recommends:7'), rules.join(' '));
    assert.equal(
      j.savings.bytes,
      j.savings.findings.reduce((s, f) => s + f.bytes, 0),
    );
    assert.ok(j.savings.bytes > 0);
  });

  it('text: one line per step and "≥ N MB; not counted: …"', () => {
    const r = layerwise(['size', '--no-config', '-'], SERVICE);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines[0]!, /^<stdin>: stage runtime, on disk/);
    assert.ok(
      lines.some((l) =>
        /^ {2}line 7 +apt-get install -y libpq5 curl +\d[\d.]* MB +\d+ Debian packages with recommends/.test(
          l,
        ),
      ),
      r.stdout,
    );
    assert.match(
      r.stdout,
      /^Total: ≥ \d+ MB; not counted: files from stage build, pip install, COPY \. \.$/m,
    );
    assert.match(
      r.stdout,
      /^Size findings would save about [\d.]+ MB \(.*apt-no-install-recommends line 7.*\)\.$/m,
    );
  });

  it('--target picks the stage; a builder reports its own steps', () => {
    const r = layerwise(
      ['size', '--no-config', '--format', 'json', '--target', 'build', '-'],
      SERVICE,
    );
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as SizeJson;
    assert.equal(j.stage.name, 'build');
    const apt = j.steps.find((s) => s.kind === 'apt')!;
    // gcc, g++, make, libc headers and libpq headers: well over 100 MB.
    assert.ok(apt.bytes! > 100e6, `build-essential ${apt.bytes}`);
    const missing = layerwise(['size', '--no-config', '--target', 'nope', '-'], SERVICE);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no stage named 'nope'/);
  });

  it('Ubuntu and Alpine bases: no Debian figures, every install unknown', () => {
    for (const base of ['ubuntu:24.04', 'alpine:3.20']) {
      const install = base.startsWith('alpine')
        ? 'apk add --no-cache curl'
        : 'apt-get update && apt-get install -y curl';
      const r = layerwise(
        ['size', '--no-config', '--format', 'json', '-'],
        `FROM ${base}\nRUN ${install}\n`,
      );
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(r.stdout) as SizeJson;
      assert.equal(j.debianBase, null);
      for (const s of j.steps.slice(1)) assert.equal(s.bytes, null, `${base}: ${s.label}`);
      assert.equal(j.savings.bytes, 0);
    }
  });

  it('usage errors exit 2', () => {
    assert.equal(layerwise(['size']).code, 2);
    assert.equal(layerwise(['size', '--format', 'sarif', '-'], 'FROM debian:12-slim\n').code, 2);
  });
});

describe('bytes in check output', () => {
  const file = path.join(DIR, 'Dockerfile');
  writeFileSync(
    file,
    'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
  );

  it('--format json carries bytes on the finding that has a sourced saving, and only there', () => {
    const r = layerwise(['check', '--no-config', '--format', 'json', file]);
    const findings = JSON.parse(r.stdout) as { rule: string; bytes?: number }[];
    const rec = findings.find((f) => f.rule === 'apt-no-install-recommends')!;
    assert.ok(rec.bytes! > 1e6 && rec.bytes! < 20e6, `bytes ${rec.bytes}`);
    for (const f of findings) if (f !== rec) assert.equal(f.bytes, undefined, f.rule);
  });

  it('SARIF puts it in the result properties', () => {
    const r = layerwise(['check', '--no-config', '--format', 'sarif', file]);
    const sarif = JSON.parse(r.stdout) as {
      runs: { results: { ruleId: string; properties?: { bytes?: number } }[] }[];
    };
    const rec = sarif.runs[0]!.results.find((x) => x.ruleId === 'apt-no-install-recommends')!;
    assert.ok(rec.properties!.bytes! > 1e6);
  });

  it('the text summary says how much could be saved, and only when something carries bytes', () => {
    const r = layerwise(['check', '--no-config', file]);
    assert.match(
      r.stderr,
      /problems? \(.*\) in 1 file; about [\d.]+ MB could be saved in 1 file\./,
    );
    const ubuntu = path.join(DIR, 'Dockerfile.ubuntu');
    writeFileSync(ubuntu, 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl\n');
    const u = layerwise(['check', '--no-config', ubuntu]);
    assert.doesNotMatch(u.stderr, /could be saved/);
  });
});

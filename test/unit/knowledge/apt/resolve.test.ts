import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APT_BASE_IMAGES,
  APT_DATA_SOURCE,
  aptArgumentName,
  aptBaseSet,
  resolveAptInstall,
  type AptInstallResult,
} from '../../../../server/src/knowledge/apt';

// The expected package lists below are what `apt-get install -s` printed on 2026-12-08 (the
// data's date) against a dpkg status holding debian:bookworm-slim's packages; the byte counts are
// the resolver's sums of those packages' Installed-Size.

function slim(): ReadonlySet<string> {
  const base = aptBaseSet('debian:bookworm-slim');
  assert.ok(base, 'debian:bookworm-slim has a package list');
  assert.equal(base.release, 'bookworm');
  return base.packages;
}

function install(names: string[], recommends: boolean): AptInstallResult {
  const r = resolveAptInstall('bookworm', slim(), names, { recommends });
  assert.ok(r, 'the archive data is there');
  return r;
}

const sorted = (r: AptInstallResult) => r.added.map((p) => p.name).sort();

void test('the data names its source, date and releases', () => {
  assert.match(APT_DATA_SOURCE.date, /^\d{4}-\d\d-\d\d$/);
  assert.deepEqual([...APT_DATA_SOURCE.releases], ['bookworm', 'trixie']);
  assert.ok(APT_BASE_IMAGES.includes('debian:bookworm-slim'));
  assert.equal(aptBaseSet('ubuntu:24.04'), undefined);
  const base = aptBaseSet('debian:bookworm-slim');
  assert.equal(base?.packages.size, 88);
  assert.ok(base?.packages.has('libc6') && base.packages.has('apt'));
});

void test('curl on bookworm-slim: 16 packages without recommends, 22 with', () => {
  const without = install(['curl'], false);
  assert.deepEqual(
    sorted(without),
    'curl libbrotli1 libcurl4 libgssapi-krb5-2 libk5crypto3 libkeyutils1 libkrb5-3 libkrb5support0 libldap-2.5-0 libnghttp2-14 libpsl5 librtmp1 libsasl2-2 libsasl2-modules-db libssh2-1 libssl3'.split(
      ' ',
    ),
  );
  assert.equal(without.bytes, 11983872);
  assert.ok(without.added.every((p) => p.via === 'depends'));
  const withRec = install(['curl'], true);
  assert.equal(withRec.added.length, 22);
  assert.equal(withRec.bytes, 15763456);
  assert.deepEqual(
    withRec.recommendsDropped.packages.map((p) => p.name).sort(),
    'ca-certificates krb5-locales libldap-common libsasl2-modules openssl publicsuffix'.split(' '),
  );
  assert.equal(withRec.recommendsDropped.bytes, 15763456 - 11983872);
  assert.equal(withRec.added.find((p) => p.name === 'openssl')?.via, 'recommends');
  // The saving is the same whichever way the install was asked.
  assert.deepEqual(without.recommendsDropped, withRec.recommendsDropped);
});

void test('build-essential: 56 packages without recommends, 125 with', () => {
  const without = install(['build-essential'], false);
  assert.equal(without.added.length, 56);
  assert.equal(without.bytes, 322969600);
  for (const name of ['gcc-12', 'g++-12', 'libc6-dev', 'make', 'dpkg-dev', 'perl', 'patch'])
    assert.ok(sorted(without).includes(name), name);
  const withRec = install(['build-essential'], true);
  assert.equal(withRec.added.length, 125);
  assert.equal(withRec.bytes, 402118656);
  assert.equal(withRec.recommendsDropped.packages.length, 69);
  assert.equal(withRec.recommendsDropped.bytes, 79149056);
  for (const name of ['gnupg', 'fakeroot', 'manpages-dev', 'libc-devtools'])
    assert.ok(
      withRec.recommendsDropped.packages.some((p) => p.name === name),
      name,
    );
});

void test('protobuf-compiler: its recommends bring libprotobuf-dev and a C toolchain', () => {
  const r = install(['protobuf-compiler'], true);
  assert.equal(r.added.length, 59);
  assert.equal(r.bytes, 109329408);
  const dropped = r.recommendsDropped.packages.map((p) => p.name);
  assert.ok(dropped.includes('libprotobuf-dev'));
  assert.ok(dropped.includes('libc6-dev'));
  assert.equal(r.recommendsDropped.bytes, 102659072);
});

void test('python3-pip with recommends pulls build-essential and python3-dev (152 packages)', () => {
  const r = install(['python3-pip'], true);
  assert.equal(r.added.length, 152);
  assert.equal(r.bytes, 476871680);
  assert.equal(r.recommendsDropped.bytes, 428937216);
  assert.ok(r.recommendsDropped.packages.some((p) => p.name === 'build-essential'));
});

void test('libpq-dev: 15 packages; recommends drop only krb5-locales, libldap-common, libsasl2-modules', () => {
  const r = install(['libpq-dev'], true);
  assert.equal(r.added.length, 15);
  assert.equal(r.bytes, 23687168);
  assert.deepEqual(r.recommendsDropped.packages.map((p) => p.name).sort(), [
    'krb5-locales',
    'libldap-common',
    'libsasl2-modules',
  ]);
});

void test('unknown names, globs, variables and ambiguous virtual packages add nothing', () => {
  // apt-get: "Package mail-transport-agent is a virtual package provided by: exim4-daemon-light …"
  const r = install(
    ['mail-transport-agent', 'no-such-package', 'lib*-dev', '$PACKAGES', 'curl'],
    false,
  );
  assert.deepEqual(r.unknown, ['mail-transport-agent', 'no-such-package', 'lib*-dev', '$PACKAGES']);
  assert.equal(r.added.length, 16);
  assert.equal(install(['bash', 'coreutils'], true).added.length, 0, 'already in the image');
});

void test('apt arguments reduce to package names', () => {
  assert.equal(aptArgumentName('curl=7.88.1-10+deb12u5'), 'curl');
  assert.equal(aptArgumentName('nginx/bookworm-backports'), 'nginx');
  assert.equal(aptArgumentName('libc6:amd64'), 'libc6');
  assert.equal(aptArgumentName('${PKG}'), undefined);
  assert.equal(aptArgumentName('python3.*'), undefined);
});

void test('trixie resolves too (curl needs the t64 libraries)', () => {
  const r = resolveAptInstall('trixie', new Set(slim()), ['curl'], { recommends: false });
  assert.ok(r);
  assert.ok(r.added.some((p) => p.name === 'libcurl4t64'));
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aptBaseSet, resolveAptInstall } from '../../../server/src/knowledge/apt';
import { findingsOf, ruleTests } from '../ruleTester';

ruleTests('apt-no-install-recommends', {
  valid: [
    { code: 'FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n' },
    { code: 'FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false install -y curl\n' },
    { code: 'FROM debian:12\nRUN apt-get update\n' },
    {
      code: 'FROM debian:12\nRUN apt-get install -s curl\n',
      name: 'a simulation installs nothing',
    },
    {
      code: 'FROM debian:12\nRUN apt-get --simulate install curl\n',
      name: '--simulate before the verb',
    },
    { code: 'FROM debian:12\nRUN apt-get install --dry-run curl\n', name: '--dry-run' },
    { code: 'FROM debian:12\nRUN apt-get install --just-print curl\n', name: '--just-print' },
    { code: 'FROM debian:12\nRUN apt-get install --no-act curl\n', name: '--no-act' },
    { code: 'FROM debian:12\nRUN apt install --recon curl\n', name: '--recon' },
    {
      code: 'FROM debian:12\nRUN apt-get install -qsy curl\n',
      name: '-s in a group of short options',
    },
    { code: 'FROM debian:12\nRUN echo apt-get install curl\n', name: 'apt-get as an argument' },
    {
      code: 'FROM debian:12\nRUN echo \'APT::Install-Recommends "false";\' > /etc/apt/apt.conf.d/99norec\nRUN apt-get install -y curl\n',
      name: 'configured in apt.conf.d',
    },
  ],
  invalid: [
    {
      name: 'options that do not simulate',
      code: 'FROM debian:12\nRUN apt-get -qq install -y --no-install-suggests ssh\n',
      errors: ['apt-get -qq install'],
      output:
        'FROM debian:12\nRUN apt-get -qq install --no-install-recommends -y --no-install-suggests ssh\n',
    },
    {
      name: 'a simulation before the real install: the install is reported',
      code: 'FROM debian:12\nRUN apt-get install -s curl && apt-get install -y curl\n',
      errors: ['apt-get install'],
      output:
        'FROM debian:12\nRUN apt-get install -s curl && apt-get install --no-install-recommends -y curl\n',
    },
    {
      name: 'the message says how to keep a recommended package the build needs',
      code: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y protobuf-compiler libprotobuf-dev\n',
      errors: ['apt-get install'],
      message: /name it explicitly/,
      output:
        'FROM debian:12-slim\nRUN apt-get update && apt-get install --no-install-recommends -y protobuf-compiler libprotobuf-dev\n',
    },
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
      errors: ['apt-get install'],
      output:
        'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y curl\n',
    },
    {
      code: 'FROM debian:12\nRUN apt-get -qq -y install curl git\n',
      errors: ['apt-get -qq -y install'],
      output: 'FROM debian:12\nRUN apt-get -qq -y install --no-install-recommends curl git\n',
    },
    {
      code: 'FROM ubuntu:24.04\nRUN apt install -y curl\n',
      errors: ['apt install'],
      output: 'FROM ubuntu:24.04\nRUN apt install --no-install-recommends -y curl\n',
    },
    {
      name: 'inside a heredoc',
      code: 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n',
      errors: ['apt-get install'],
      output:
        'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install --no-install-recommends -y curl\nEOF\n',
    },
    {
      name: 'inside sh -c',
      code: "FROM debian:12\nRUN sh -c 'apt-get install -y curl'\n",
      errors: ['apt-get install'],
      output: "FROM debian:12\nRUN sh -c 'apt-get install --no-install-recommends -y curl'\n",
    },
    {
      name: 'continuation lines',
      code: 'FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y \\\n       curl\n',
      errors: ['apt-get install'],
      output:
        'FROM debian:12\nRUN apt-get update \\\n    && apt-get install --no-install-recommends -y \\\n       curl\n',
    },
    {
      name: 'escape directive',
      code: '# escape=`\nFROM debian:12\nRUN apt-get update `\n    && apt-get install -y curl\n',
      errors: ['apt-get install'],
      output:
        '# escape=`\nFROM debian:12\nRUN apt-get update `\n    && apt-get install --no-install-recommends -y curl\n',
    },
    {
      name: 'ONBUILD',
      code: 'FROM debian:12\nONBUILD RUN apt-get install -y curl\n',
      errors: ['apt-get install'],
      output: 'FROM debian:12\nONBUILD RUN apt-get install --no-install-recommends -y curl\n',
    },
  ],
});

describe('apt-no-install-recommends: what the flag would drop, and its size', () => {
  const finding = (code: string) => {
    const found = findingsOf('apt-no-install-recommends', { code });
    assert.equal(found.length, 1, code);
    return found[0]!;
  };

  it('a protobuf toolchain on Debian 12 slim: the -dev headers it recommends are named with their size', () => {
    const f = finding(
      'FROM debian:12-slim\nRUN apt-get update && apt-get install -y protobuf-compiler && rm -rf /var/lib/apt/lists/*\n',
    );
    // protobuf-compiler recommends libprotobuf-dev (headers, ~12 MB), which brings a compiler's worth.
    assert.match(f.message, /`libprotobuf-dev` \d+(\.\d)? MB/);
    assert.match(f.message, /Here that is \d+ packages, \d+ MB: .* and \d+ more\./);
    assert.ok(f.bytes! > 40e6 && f.bytes! < 400e6, `bytes ${f.bytes}`);
    // The same number the resolver gives for the install, as --format json will print it.
    const result = resolveAptInstall(
      'bookworm',
      aptBaseSet('debian:bookworm-slim')!.packages,
      ['protobuf-compiler'],
      { recommends: true },
    )!;
    assert.equal(f.bytes, result.recommendsDropped.bytes);
    assert.ok(result.recommendsDropped.packages.some((p) => p.name === 'libprotobuf-dev'));
  });

  it('the biggest recommends come first, smaller -dev ones are still named', () => {
    const f = finding('FROM python:3.12-slim-bookworm\nRUN apt-get install -y protobuf-compiler\n');
    const listed = [...f.message.matchAll(/`([a-z0-9.+-]+)` ([\d.]+) (MB|kB)/g)].map((m) => m[1]);
    assert.ok(listed.length >= 3 && listed.length <= 5, listed.join(' '));
    assert.ok(listed.includes('libprotobuf-dev'), listed.join(' '));
  });

  it('a package an earlier step installed is not counted as dropped again', () => {
    const f = finding(
      'FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends libprotobuf-dev\nRUN apt-get install -y protobuf-compiler\n',
    );
    assert.doesNotMatch(f.message, /libprotobuf-dev/);
    assert.equal(f.bytes, 0);
    assert.match(f.message, /Here it adds none\.$/);
  });

  it('curl on bookworm-slim: recommends such as ca-certificates, a few MB', () => {
    const f = finding('FROM debian:bookworm-slim\nRUN apt-get install -y curl\n');
    assert.match(f.message, /`ca-certificates`/);
    assert.ok(f.bytes! > 1e6 && f.bytes! < 20e6, `bytes ${f.bytes}`);
  });

  it('no Debian figures where the base is not a known Debian release: unknown, not zero', () => {
    for (const base of [
      'ubuntu:24.04',
      'python:3.12-slim',
      'python:3.12',
      'registry.example.com/debian:12-slim',
    ]) {
      const f = finding(`FROM ${base}\nRUN apt-get install -y curl\n`);
      assert.equal(f.bytes, undefined, base);
      assert.match(f.message, /How much that adds is unknown for this base image\./, base);
    }
  });
});

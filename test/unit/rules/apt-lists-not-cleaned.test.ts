import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintDockerfile } from '../../../server/src/engine/lint';
import { ruleTests } from '../ruleTester';

ruleTests('apt-lists-not-cleaned', {
  valid: [
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      code: 'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl\n',
      name: 'cache mount on /var/lib/apt',
    },
    { code: 'FROM debian:12\nRUN apt-get clean\n', name: 'no update or install' },
    {
      code: 'FROM debian:13\nRUN apt-get update && apt-get install -y --no-install-recommends curl && apt-get dist-clean\n',
      name: 'apt-get dist-clean (apt 2.7+) removes the lists',
    },
    {
      code: 'FROM debian:13\nRUN set -eux; \\\n    apt-get update; \\\n    apt-get install -y --no-install-recommends curl; \\\n    apt-get -q distclean\n',
      name: 'apt-get distclean, with an option',
    },
    {
      code: 'FROM debian:13\nRUN apt update && apt install -y --no-install-recommends curl && apt dist-clean\n',
      name: 'apt dist-clean',
    },
  ],
  invalid: [
    {
      name: 'apt-get clean keeps the lists',
      code: 'FROM debian:13\nRUN apt-get update && apt-get install -y curl && apt-get clean\n',
      errors: ['apt-get update'],
      output:
        'FROM debian:13\nRUN apt-get update && apt-get install -y curl && apt-get clean && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'dist-clean as an argument is not the command',
      code: 'FROM debian:13\nRUN apt-get update && apt-get install -y curl && echo apt-get dist-clean\n',
      errors: ['apt-get update'],
    },
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
      errors: ['apt-get update'],
      output:
        'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'leading && style is followed',
      code: 'FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y curl\nCMD ["bash"]\n',
      errors: ['apt-get update'],
      output:
        'FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\nCMD ["bash"]\n',
    },
    {
      name: 'trailing && style is followed',
      code: 'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\n',
      errors: ['apt-get update'],
      output:
        'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl && \\\n    rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'heredoc gets a new line',
      code: 'FROM debian:12\nRUN <<EOF\n  apt-get update\n  apt-get install -y curl\nEOF\n',
      errors: ['apt-get update'],
      output:
        'FROM debian:12\nRUN <<EOF\n  apt-get update\n  apt-get install -y curl\n  rm -rf /var/lib/apt/lists/*\nEOF\n',
    },
    {
      name: 'builder stage not shipped: information',
      code: 'FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\nCOPY --from=build /out /out\n',
      errors: ['apt-get update'],
      severity: 'info',
    },
    {
      name: 'update-only RUN before an install RUN: reported without a fix (it would break the install)',
      code: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
      errors: ['apt-get update'],
      output: null,
    },
    {
      name: 'exec form: no fix',
      code: 'FROM debian:12\nRUN ["apt-get", "update"]\n',
      errors: ['"apt-get", "update"'],
      output: null,
    },
    // Placement by the shell's structure: after the whole last command, never inside it.
    {
      name: 'after a > redirection of the last command',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl > /dev/null\n',
      errors: ['apt-get update'],
      output:
        'FROM debian:12\nRUN apt-get update && apt-get install -y curl > /dev/null && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'after a >> redirection (the file later steps source keeps its line)',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y jq && echo "export V=$(jq --version)" >> /env-file\n',
      errors: ['apt-get update'],
      output:
        'FROM debian:12\nRUN apt-get update && apt-get install -y jq && echo "export V=$(jq --version)" >> /env-file && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'after 2>&1 and < redirections',
      code: 'FROM debian:12\nRUN apt-get update && xargs apt-get install -y < /pkgs.txt 2>&1\n',
      errors: ['apt-get update'],
      output:
        'FROM debian:12\nRUN apt-get update && xargs apt-get install -y < /pkgs.txt 2>&1 && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'after &> on a continuation line',
      code: 'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl &> /var/log/apt.log\n',
      errors: ['apt-get update'],
      output:
        'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl &> /var/log/apt.log && \\\n    rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'a here-document feeding the last command: on its line, before the body',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y nginx && cat <<EOF > /etc/nginx/conf.d/app.conf\nserver { listen 80; }\nEOF\n',
      errors: ['apt-get update'],
      output:
        'FROM debian:12\nRUN apt-get update && apt-get install -y nginx && cat <<EOF > /etc/nginx/conf.d/app.conf && rm -rf /var/lib/apt/lists/*\nserver { listen 80; }\nEOF\n',
    },
    {
      name: 'a trailing comment on the last continuation line stays after the command',
      code: 'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl > /dev/null # quiet\n',
      errors: ['apt-get update'],
      output:
        'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl > /dev/null && \\\n    rm -rf /var/lib/apt/lists/* # quiet\n',
    },
    {
      name: 'after if … fi',
      code: 'FROM debian:12\nRUN apt-get update && if [ -n "$DEV" ]; then apt-get install -y gdb; fi\n',
      errors: ['apt-get update'],
      output:
        'FROM debian:12\nRUN apt-get update && if [ -n "$DEV" ]; then apt-get install -y gdb; fi && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'after { …; } > log, not inside the group',
      code: 'FROM debian:12\nRUN { apt-get update && apt-get install -y curl; } > /tmp/apt.log\n',
      errors: ['apt-get update'],
      output:
        'FROM debian:12\nRUN { apt-get update && apt-get install -y curl; } > /tmp/apt.log && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'after a subshell, not inside it',
      code: 'FROM debian:12\nRUN (apt-get update && apt-get install -y curl) 2>&1\n',
      errors: ['apt-get update'],
      output:
        'FROM debian:12\nRUN (apt-get update && apt-get install -y curl) 2>&1 && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'after a whole pipeline',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl 2>&1 | tee /var/log/apt.log\n',
      errors: ['apt-get update'],
      output:
        'FROM debian:12\nRUN apt-get update && apt-get install -y curl 2>&1 | tee /var/log/apt.log && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'after case … esac',
      code: 'FROM debian:12\nRUN apt-get update && case "$ARCH" in amd64) apt-get install -y a ;; *) apt-get install -y b ;; esac\n',
      errors: ['apt-get update'],
      output:
        'FROM debian:12\nRUN apt-get update && case "$ARCH" in amd64) apt-get install -y a ;; *) apt-get install -y b ;; esac && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'a heredoc script whose last command has a redirection and a here-document',
      code: 'FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl > /dev/null\ncat <<CONF > /etc/app.conf\nport=80\nCONF\nEOF\n',
      errors: ['apt-get update'],
      output:
        'FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl > /dev/null\ncat <<CONF > /etc/app.conf\nport=80\nCONF\nrm -rf /var/lib/apt/lists/*\nEOF\n',
    },
    // No safe place: no fix.
    {
      name: 'the list ends in a background command',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl &\n',
      errors: ['apt-get update'],
      output: null,
    },
    {
      name: 'the last command is exec',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && exec /usr/bin/setup\n',
      errors: ['apt-get update'],
      output: null,
    },
    {
      name: 'the heredoc script ends in a background command',
      code: 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl &\nEOF\n',
      errors: ['apt-get update'],
      output: null,
    },
    {
      name: 'an unbalanced quote',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && echo "done\n',
      errors: ['apt-get update'],
      output: null,
    },
  ],
});

describe('apt-lists-not-cleaned: the lists’ size where it is sourced', () => {
  const lists = (from: string) =>
    lintDockerfile(`FROM ${from}\nRUN apt-get update && apt-get install -y curl\n`).findings.find(
      (f) => f.ruleId === 'apt-lists-not-cleaned',
    )!;

  it('on Debian 12 (bookworm): the measured size, in the message and as bytes', () => {
    const f = lists('debian:bookworm-slim');
    assert.match(f.message, /\(20 MB on bookworm\)/);
    assert.equal(f.bytes, 19_881_984);
  });

  it('on an image whose release is not known (Ubuntu, a moving tag): no number', () => {
    for (const image of ['ubuntu:24.04', 'python:3.12-slim']) {
      const f = lists(image);
      assert.doesNotMatch(f.message, /MB/);
      assert.equal(f.bytes, undefined);
    }
  });
});

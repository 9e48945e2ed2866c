import { ruleTests } from '../ruleTester';

ruleTests('apt-update-alone', {
  valid: [
    { code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n' },
    { code: 'FROM debian:12\nRUN apt-get update\n', name: 'no later install' },
    {
      code: 'FROM debian:12\nRUN apt-get update\nRUN apt-get update && apt-get install -y curl\n',
      name: 'the installing RUN updates itself',
    },
    {
      code: 'FROM debian:12\nRUN apt-get update\nFROM debian:12\nRUN apt-get install -y curl\n',
      name: 'the install is in another stage',
    },
    {
      code: 'FROM alpine:3.20\nRUN apt-get update\nRUN apk add curl\n',
      name: 'another package manager installs',
    },
  ],
  invalid: [
    {
      name: 'apt-get (issue example)',
      code: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n',
      errors: ['apt-get update'],
      output: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
    },
    {
      name: 'other instructions and comments in between stay',
      code: 'FROM debian:12\nRUN apt-get update\n# tools\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\n',
      errors: ['apt-get update'],
      output:
        'FROM debian:12\n# tools\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get update && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'apk update',
      code: 'FROM alpine:3.20\nRUN apk update\nRUN apk add curl\n',
      errors: ['apk update'],
      output: 'FROM alpine:3.20\nRUN apk update && apk add curl\n',
    },
    {
      name: 'yum makecache before dnf install',
      code: 'FROM rockylinux:9\nRUN yum makecache\nRUN dnf install -y nginx\n',
      errors: ['yum makecache'],
      output: 'FROM rockylinux:9\nRUN yum makecache && dnf install -y nginx\n',
    },
    {
      name: 'heredoc target: the update becomes its first line (after set -e)',
      code: 'FROM debian:12\nRUN apt-get update\nRUN <<EOF\n  set -e\n  apt-get install -y curl\nEOF\n',
      errors: ['apt-get update'],
      output:
        'FROM debian:12\nRUN <<EOF\n  set -e\n  apt-get update\n  apt-get install -y curl\nEOF\n',
    },
    {
      name: 'target joined with ; : no fix',
      code: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl; echo done\n',
      errors: ['apt-get update'],
      output: null,
    },
    {
      name: 'update RUN with a continuation and a comment: no fix',
      code: 'FROM debian:12\nRUN apt-get update \\\n# refresh\n    -q\nRUN apt-get install -y curl\n',
      errors: ['apt-get update'],
      output: null,
    },
    {
      name: 'update RUN with a mount the install lacks: no fix',
      code: 'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\nRUN apt-get install -y curl\n',
      errors: ['apt-get update'],
      output: null,
    },
    {
      name: 'escape directive and a continuation in the target',
      code: '# escape=`\nFROM debian:12\nRUN apt-get update\nRUN apt-get install -y `\n    curl\n',
      errors: ['apt-get update'],
      output: '# escape=`\nFROM debian:12\nRUN apt-get update && apt-get install -y `\n    curl\n',
    },
    {
      name: 'ONBUILD triggers are checked among themselves',
      code: 'FROM debian:12\nONBUILD RUN apt-get update\nONBUILD RUN apt-get install -y curl\n',
      errors: ['apt-get update'],
      output: 'FROM debian:12\nONBUILD RUN apt-get update && apt-get install -y curl\n',
    },
    {
      name: 'builder stage of a multi-stage build',
      code: 'FROM debian:12 AS build\nRUN apt-get update\nRUN apt-get install -y gcc\nFROM scratch\nCOPY --from=build /out /out\n',
      errors: ['apt-get update'],
      output:
        'FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\nCOPY --from=build /out /out\n',
    },
  ],
});

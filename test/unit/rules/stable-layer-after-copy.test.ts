import { ruleTests } from '../ruleTester';

ruleTests('stable-layer-after-copy', {
  valid: [
    {
      code: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y libpq5\nCOPY . .\n',
      name: 'already above the COPY',
    },
    {
      code: 'FROM debian:12\nWORKDIR /app\nCOPY . .\nRUN apt-get install -y ./vendor/tool.deb\n',
      name: 'installs a package file the COPY brought in',
    },
    {
      code: 'FROM debian:12\nWORKDIR /app\nCOPY . .\nRUN xargs apt-get install -y < packages.txt\n',
      name: 'reads a copied file through a redirection',
    },
    {
      code: 'FROM debian:12\nWORKDIR /app\nCOPY . .\nRUN apt-get install -y $(cat packages.txt)\n',
      name: 'reads a copied file through a command substitution',
    },
    {
      code: 'FROM debian:12\nWORKDIR /app\nCOPY . .\nRUN apt-get install -y build-essential && make\n',
      name: 'the RUN also builds the sources',
    },
    {
      code: 'FROM debian:12\nCOPY . /\nRUN apt-get update && apt-get install -y curl\n',
      name: 'COPY into / may bring package sources',
    },
    {
      code: 'FROM debian:12\nCOPY src/ /app/src\nRUN apt-get update && apt-get install -y curl\n',
      name: 'a narrow COPY',
    },
    {
      code: 'FROM debian:12\nCOPY --from=build /out /app\nRUN apt-get install -y curl\n',
      name: 'COPY --from',
    },
    {
      code: 'FROM debian:12\nWORKDIR /app\nCOPY . .\nRUN mkdir -p /app/logs\n',
      name: 'a folder inside the copied tree',
    },
    {
      code: 'FROM debian:12\nWORKDIR /app\nCOPY . .\nRUN mkdir -p $DATA_DIR\n',
      name: 'uses a variable (not ENV/ARG-free)',
    },
  ],
  invalid: [
    {
      name: 'apt install after COPY . . (issue example)',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5\nCMD ["python", "app.py"]\n',
      errors: ['apt-get install'],
      output:
        'FROM python:3.12-slim\nWORKDIR /app\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5\nCOPY . .\nCMD ["python", "app.py"]\n',
    },
    {
      name: 'a user-setup step, with its comment and a continuation',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nEXPOSE 3000\n# service user\nRUN groupadd -r svc \\\n    && useradd -r -g svc -d /home/svc svc\n',
      errors: ['groupadd -r svc'],
      output:
        'FROM node:20\nWORKDIR /app\n# service user\nRUN groupadd -r svc \\\n    && useradd -r -g svc -d /home/svc svc\nCOPY . .\nEXPOSE 3000\n',
    },
    {
      name: 'a comment inside the continuation moves with the RUN',
      code: 'FROM debian:12\nWORKDIR /app\nCOPY . .\nRUN apt-get update \\\n# certificates for outgoing TLS\n    && apt-get install -y ca-certificates\n',
      errors: ['apt-get install'],
      output:
        'FROM debian:12\nWORKDIR /app\nRUN apt-get update \\\n# certificates for outgoing TLS\n    && apt-get install -y ca-certificates\nCOPY . .\n',
    },
    {
      name: 'apk add with a $VERSION pin is still a package install',
      code: 'FROM alpine:3.20\nWORKDIR /app\nCOPY . .\nRUN apk add --no-cache tini=$TINI_VERSION\n',
      errors: ['apk add'],
      output:
        'FROM alpine:3.20\nWORKDIR /app\nRUN apk add --no-cache tini=$TINI_VERSION\nCOPY . .\n',
    },
    {
      name: 'ENV between: reported, no fix',
      code: 'FROM debian:12\nWORKDIR /app\nCOPY . .\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get install -y curl\n',
      errors: ['apt-get install'],
      output: null,
    },
    {
      name: 'another RUN between: only the first one is movable now',
      code: 'FROM debian:12\nWORKDIR /app\nCOPY . .\nRUN apt-get update && apt-get install -y curl\nRUN useradd app\n',
      errors: ['apt-get install', 'useradd app'],
      output:
        'FROM debian:12\nWORKDIR /app\nRUN apt-get update && apt-get install -y curl\nCOPY . .\nRUN useradd app\n',
    },
    {
      name: 'last line without a line break',
      code: 'FROM debian:12\nWORKDIR /app\nCOPY . .\nRUN mkdir -p /var/cache/app',
      errors: ['mkdir -p /var/cache/app'],
      output: 'FROM debian:12\nWORKDIR /app\nRUN mkdir -p /var/cache/app\nCOPY . .',
    },
    {
      name: 'heredoc RUN moves whole',
      code: 'FROM debian:12\nWORKDIR /app\nCOPY . .\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n',
      errors: ['apt-get install'],
      output:
        'FROM debian:12\nWORKDIR /app\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\nCOPY . .\n',
    },
    {
      name: 'escape directive',
      code: '# escape=`\nFROM debian:12\nWORKDIR /app\nCOPY . .\nRUN apt-get install -y `\n    curl\n',
      errors: ['apt-get install'],
      output:
        '# escape=`\nFROM debian:12\nWORKDIR /app\nRUN apt-get install -y `\n    curl\nCOPY . .\n',
    },
    {
      name: 'multi-stage: only the stage with the COPY',
      code: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nFROM debian:12-slim\nCOPY --from=build /app /app\nRUN apt-get install -y ca-certificates\n',
      errors: [],
    },
    {
      name: 'ONBUILD triggers',
      code: 'FROM debian:12\nONBUILD COPY . /app\nONBUILD RUN apt-get install -y curl\n',
      errors: ['apt-get install'],
      output: 'FROM debian:12\nONBUILD RUN apt-get install -y curl\nONBUILD COPY . /app\n',
    },
  ],
});

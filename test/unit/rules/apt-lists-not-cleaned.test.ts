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
  ],
  invalid: [
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
  ],
});

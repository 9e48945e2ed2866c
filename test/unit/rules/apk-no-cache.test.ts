import { ruleTests } from '../ruleTester';

ruleTests('apk-no-cache', {
  valid: [
    { code: 'FROM alpine:3.20\nRUN apk add --no-cache curl\n' },
    { code: 'FROM alpine:3.20\nRUN apk --no-cache add curl\n', name: 'flag before the verb' },
    {
      code: 'FROM alpine:3.20\nRUN apk add curl && rm -rf /var/cache/apk/*\n',
      name: 'the cache is removed in the same RUN',
    },
    {
      code: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n',
      name: 'cache mount on /var/cache/apk',
    },
    {
      code: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/etc/apk/cache apk add --update-cache curl\n',
      name: 'cache mount on /etc/apk/cache (what Insert cache mount adds)',
    },
    {
      code: 'FROM alpine:3.20\nRUN --mount=type=tmpfs,target=/var/cache/apk apk update && apk add curl\n',
      name: 'tmpfs mount',
    },
    { code: 'FROM alpine:3.20\nRUN apk del curl\n', name: 'no add' },
    {
      code: 'FROM alpine:3.20\nRUN apk update && apk upgrade && apk add --no-cache curl\n',
      name: 'the index is also read by apk upgrade: the update is not redundant',
    },
  ],
  invalid: [
    {
      name: 'plain apk add',
      code: 'FROM alpine:3.20\nRUN apk add curl\n',
      errors: ['apk add'],
      output: 'FROM alpine:3.20\nRUN apk add --no-cache curl\n',
    },
    {
      name: 'drops a now-redundant apk update (issue example)',
      code: 'FROM alpine:3.20\nRUN apk update && apk add curl\n',
      errors: ['apk add'],
      output: 'FROM alpine:3.20\nRUN apk add --no-cache curl\n',
    },
    {
      name: 'drops --update and keeps the other flags',
      code: 'FROM alpine:3.20\nRUN apk add --update --virtual .deps gcc\n',
      errors: ['apk add'],
      output: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .deps gcc\n',
    },
    {
      name: 'continuation with a comment: the update stays rather than lose the comment',
      code: 'FROM alpine:3.20\nRUN apk update \\\n# tools\n    && apk add -U git \\\n    && git --version\n',
      errors: ['apk add'],
      output:
        'FROM alpine:3.20\nRUN apk update \\\n# tools\n    && apk add --no-cache git \\\n    && git --version\n',
    },
    {
      name: 'continuation, leading && style',
      code: 'FROM alpine:3.20\nRUN apk update \\\n    && apk add -U git \\\n    && git --version\n',
      errors: ['apk add'],
      output: 'FROM alpine:3.20\nRUN apk add --no-cache git \\\n    && git --version\n',
    },
    {
      name: 'apk add --no-cache after apk update: the update is removed',
      code: 'FROM alpine:3.20\nRUN apk update && apk add --no-cache curl\n',
      errors: ['apk update'],
      output: 'FROM alpine:3.20\nRUN apk add --no-cache curl\n',
      fix: 'Remove the redundant apk update',
    },
    {
      name: 'rm before the add does not count',
      code: 'FROM alpine:3.20\nRUN rm -rf /var/cache/apk/* && apk add curl\n',
      errors: ['apk add'],
      output: 'FROM alpine:3.20\nRUN rm -rf /var/cache/apk/* && apk add --no-cache curl\n',
    },
    {
      name: 'heredoc',
      code: 'FROM alpine:3.20\nRUN <<EOF\napk update\napk add curl\nEOF\n',
      errors: ['apk add'],
      output: 'FROM alpine:3.20\nRUN <<EOF\napk add --no-cache curl\nEOF\n',
    },
    {
      name: 'sh -c',
      code: "FROM alpine:3.20\nRUN sh -c 'apk add curl'\n",
      errors: ['apk add'],
      output: "FROM alpine:3.20\nRUN sh -c 'apk add --no-cache curl'\n",
    },
    {
      name: 'exec form gets a JSON argument',
      code: 'FROM alpine:3.20\nRUN ["apk", "add", "curl"]\n',
      errors: ['"apk", "add"'],
      output: 'FROM alpine:3.20\nRUN ["apk", "add", "--no-cache", "curl"]\n',
    },
    {
      name: 'escape directive',
      code: '# escape=`\nFROM alpine:3.20\nRUN apk update && `\n    apk add curl\n',
      errors: ['apk add'],
      output: '# escape=`\nFROM alpine:3.20\nRUN apk add --no-cache curl\n',
    },
    {
      name: 'ONBUILD is reported on its own line',
      code: 'FROM alpine:3.20\nONBUILD RUN apk add curl\n',
      errors: ['apk add'],
      output: 'FROM alpine:3.20\nONBUILD RUN apk add --no-cache curl\n',
    },
    {
      name: 'builder stage not shipped: information',
      code: 'FROM alpine:3.20 AS build\nRUN apk add gcc\nFROM scratch\nCOPY --from=build /out /out\n',
      errors: ['apk add'],
      severity: 'info',
    },
    {
      name: 'a cache mount elsewhere does not count',
      code: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache apk add curl\n',
      errors: ['apk add'],
    },
  ],
});

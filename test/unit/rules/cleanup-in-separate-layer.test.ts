import { ruleTests } from '../ruleTester';

ruleTests('cleanup-in-separate-layer', {
  valid: [
    {
      name: 'a copied archive unpacked through a bind mount is never in a layer',
      code: 'FROM debian:12-slim\nRUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz tar xzf /tmp/app.tar.gz -C /opt\n',
    },
    {
      name: 'deleting a file the COPY did not write',
      code: 'FROM debian:12-slim\nCOPY app.tar.gz /tmp/\nRUN tar xzf /tmp/app.tar.gz -C /opt && rm -rf /tmp/cache\n',
    },
    {
      name: 'a builder stage that does not ship',
      code: 'FROM debian:12-slim AS build\nCOPY app.tar.gz /tmp/\nRUN tar xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz\nFROM debian:12-slim\nCOPY --from=build /opt /opt\n',
    },
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
      name: 'deletion in the same RUN as the install',
    },
    {
      code: 'FROM nginx:1.27\nRUN rm /etc/nginx/conf.d/default.conf\n',
      name: 'removing a small config file',
    },
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/* /etc/motd\n',
      name: 'also removes something that is not a cache',
    },
    {
      code: 'FROM debian:12\nRUN rm -rf /var/lib/apt/lists/*\n',
      name: 'nothing earlier created them',
    },
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /tmp/*\n',
      name: 'temp files nobody earlier wrote',
    },
    {
      code: 'FROM node:20\nRUN npm ci\nRUN npm cache clean --force && npm run build\n',
      name: 'the RUN does more than clean',
    },
  ],
  invalid: [
    {
      name: 'a copied archive deleted in a later RUN still ships in the COPY layer',
      code: 'FROM debian:12-slim\nWORKDIR /tmp\nCOPY app.tar.gz ./\nRUN tar xzf app.tar.gz -C /opt && rm app.tar.gz\n',
      errors: ['app.tar.gz'],
      message: /copied in on line 3/,
      output: null,
    },
    {
      name: 'apt lists (issue example)',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n',
      errors: ['rm -rf /var/lib/apt/lists/*'],
      output:
        'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'apt-get clean with a continuation, merged into a multi-line RUN',
      code: 'FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y curl\nRUN apt-get clean \\\n    && rm -rf /var/lib/apt/lists/*\nCMD ["bash"]\n',
      errors: ['apt-get clean'],
      output:
        'FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y curl \\\n    && apt-get clean \\\n    && rm -rf /var/lib/apt/lists/*\nCMD ["bash"]\n',
    },
    {
      name: 'pip cache purge goes to the nearest pip RUN, across unrelated instructions',
      code: 'FROM python:3.12\nRUN pip install flask\nWORKDIR /app\nRUN pip cache purge\n',
      errors: ['pip cache purge'],
      output: 'FROM python:3.12\nRUN pip install flask && pip cache purge\nWORKDIR /app\n',
    },
    {
      name: 'rm -rf /root/.cache after uv',
      code: 'FROM python:3.12\nRUN uv pip install --system flask\nRUN rm -rf /root/.cache\n',
      errors: ['rm -rf /root/.cache'],
      output: 'FROM python:3.12\nRUN uv pip install --system flask && rm -rf /root/.cache\n',
    },
    {
      name: 'temp files written by a download RUN',
      code: 'FROM debian:12\nRUN curl -fsSLo /tmp/app.tgz https://example.com/app.tgz && tar -xzf /tmp/app.tgz -C /opt\nRUN rm -rf /tmp/*\n',
      errors: ['rm -rf /tmp/*'],
      output:
        'FROM debian:12\nRUN curl -fsSLo /tmp/app.tgz https://example.com/app.tgz && tar -xzf /tmp/app.tgz -C /opt && rm -rf /tmp/*\n',
    },
    {
      name: 'heredoc creator gets a new line',
      code: 'FROM fedora:40\nRUN <<EOF\ndnf install -y gcc\nEOF\nRUN dnf clean all\n',
      errors: ['dnf clean all'],
      output: 'FROM fedora:40\nRUN <<EOF\ndnf install -y gcc\ndnf clean all\nEOF\n',
    },
    {
      name: 'created by a COPY: no fix',
      code: 'FROM debian:12\nCOPY app.tgz /tmp/\nRUN rm -rf /tmp/app.tgz\n',
      errors: ['rm -rf /tmp/app.tgz'],
      output: null,
    },
    {
      name: 'created in the stage this one is built FROM: no fix',
      code: 'FROM debian:12 AS base\nRUN apt-get update\nFROM base\nRUN apt-get clean\n',
      errors: ['apt-get clean'],
      output: null,
    },
    {
      name: 'USER between: no fix',
      code: 'FROM node:20\nRUN npm install -g pm2\nUSER node\nRUN npm cache clean --force\n',
      errors: ['npm cache clean --force'],
      output: null,
    },
    {
      name: 'cleanup joined with ; : no fix',
      code: 'FROM debian:12\nRUN apt-get update\nRUN apt-get clean; rm -rf /var/lib/apt/lists/*\n',
      errors: ['apt-get clean'],
      output: null,
    },
    {
      name: 'escape directive',
      code: '# escape=`\nFROM debian:12\nRUN apt-get update && `\n    apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n',
      errors: ['rm -rf /var/lib/apt/lists/*'],
      output:
        '# escape=`\nFROM debian:12\nRUN apt-get update && `\n    apt-get install -y curl && `\n    rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'continuation with comments in the creator',
      code: 'FROM debian:12\nRUN apt-get update \\\n# curl for health checks\n    && apt-get install -y curl\nRUN apt-get clean\n',
      errors: ['apt-get clean'],
      output:
        'FROM debian:12\nRUN apt-get update \\\n# curl for health checks\n    && apt-get install -y curl \\\n    && apt-get clean\n',
    },
    {
      name: 'ONBUILD triggers',
      code: 'FROM debian:12\nONBUILD RUN apt-get update && apt-get install -y curl\nONBUILD RUN rm -rf /var/lib/apt/lists/*\n',
      errors: ['rm -rf /var/lib/apt/lists/*'],
      output:
        'FROM debian:12\nONBUILD RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    },
  ],
});

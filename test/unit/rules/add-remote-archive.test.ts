import { ruleTests } from '../ruleTester';

const URL = 'https://example.com/tool-1.2.tar.gz';

ruleTests('add-remote-archive', {
  valid: [
    {
      code: `FROM node:20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d ${URL} /tmp/\nRUN tar -xzf /tmp/tool-1.2.tar.gz -C /opt && rm /tmp/tool-1.2.tar.gz\n`,
      name: 'ADD --checksum is used as it is',
    },
    {
      code: 'FROM node:20\nADD tool-1.2.tar.gz /opt/\n',
      name: 'local archive (ADD extracts it)',
    },
    {
      code: `FROM node:20\nADD ${URL} /tmp/\nRUN tar -xzf /tmp/tool-1.2.tar.gz -C /opt\n`,
      name: 'extracted but not deleted',
    },
    {
      code: 'FROM node:20\nADD https://example.com/config.json /etc/app/\n',
      name: 'not an archive',
    },
    {
      code: `FROM node:20\nADD ${URL} /tmp/\nFROM node:20\nRUN tar -xzf /tmp/tool-1.2.tar.gz -C /opt && rm /tmp/tool-1.2.tar.gz\n`,
      name: 'the RUN is in another stage',
    },
  ],
  invalid: [
    {
      name: 'issue example: curl in the full node image',
      code: `FROM node:20\nADD ${URL} /tmp/\nRUN tar -xzf /tmp/tool-1.2.tar.gz -C /opt && rm /tmp/tool-1.2.tar.gz\n`,
      errors: [URL],
      output: `FROM node:20\nRUN curl -fsSL ${URL} | tar -xzf - -C /opt\n`,
    },
    {
      name: 'dest file name, relative paths under WORKDIR, rm keeps other files',
      code: `FROM python:3.12\nWORKDIR /tmp\nADD ${URL} tool.tgz\nRUN tar -xz -f tool.tgz -C /opt && rm -f tool.tgz /tmp/other\n`,
      errors: [URL],
      output: `FROM python:3.12\nWORKDIR /tmp\nRUN curl -fsSL ${URL} | tar -xz -f - -C /opt && rm -f /tmp/other\n`,
    },
    {
      name: 'alpine: busybox wget; a URL with a query string is quoted',
      code: 'FROM alpine:3.20\nADD https://example.com/tool.tar.gz?sig=a&v=2 /tmp/tool.tar.gz\nRUN tar -xzf /tmp/tool.tar.gz -C /usr/local/bin && rm /tmp/tool.tar.gz\n',
      errors: ['https://example.com/tool.tar.gz?sig=a&v=2'],
      output:
        "FROM alpine:3.20\nRUN wget -qO- 'https://example.com/tool.tar.gz?sig=a&v=2' | tar -xzf - -C /usr/local/bin\n",
    },
    {
      name: 'curl installed by an earlier RUN; ARG in the URL stays for the shell',
      code: 'FROM debian:12-slim\nARG V=1.2\nRUN apt-get update && apt-get install -y curl\nADD https://example.com/tool-${V}.tar.xz /tmp/tool.tar.xz\nRUN tar -xJf /tmp/tool.tar.xz -C /opt \\\n    && rm /tmp/tool.tar.xz\n',
      errors: ['https://example.com/tool-${V}.tar.xz'],
      output:
        'FROM debian:12-slim\nARG V=1.2\nRUN apt-get update && apt-get install -y curl\nRUN curl -fsSL "https://example.com/tool-${V}.tar.xz" | tar -xJf - -C /opt\n',
    },
    {
      name: 'no download tool known: reported, no fix',
      code: `FROM debian:12-slim\nADD ${URL} /tmp/\nRUN tar -xzf /tmp/tool-1.2.tar.gz -C /opt && rm /tmp/tool-1.2.tar.gz\n`,
      errors: [URL],
      output: null,
    },
    {
      name: 'compression not named for tar: no fix',
      code: `FROM node:20\nADD ${URL} /tmp/\nRUN tar -xf /tmp/tool-1.2.tar.gz -C /opt && rm /tmp/tool-1.2.tar.gz\n`,
      errors: [URL],
      output: null,
    },
    {
      name: 'zip: no fix',
      code: 'FROM node:20\nADD https://example.com/tool.zip /tmp/\nRUN unzip /tmp/tool.zip -d /opt && rm /tmp/tool.zip\n',
      errors: ['https://example.com/tool.zip'],
      output: null,
    },
    {
      name: 'heredoc RUN: reported, no fix',
      code: `FROM node:20\nADD ${URL} /tmp/\nRUN <<EOF\ntar -xzf /tmp/tool-1.2.tar.gz -C /opt\nrm /tmp/tool-1.2.tar.gz\nEOF\n`,
      errors: [URL],
      output: null,
    },
    {
      name: 'continuation with a comment and other commands',
      code: `FROM node:20\nADD ${URL} /tmp/\nRUN mkdir -p /opt/tool \\\n# unpack\n    && tar -xzf /tmp/tool-1.2.tar.gz -C /opt/tool \\\n    && rm /tmp/tool-1.2.tar.gz \\\n    && /opt/tool/bin/tool --version\n`,
      errors: [URL],
      output: `FROM node:20\nRUN mkdir -p /opt/tool \\\n# unpack\n    && curl -fsSL ${URL} | tar -xzf - -C /opt/tool \\\n    && /opt/tool/bin/tool --version\n`,
    },
    {
      name: 'escape directive',
      code: `# escape=\`\nFROM node:20\nADD ${URL} /tmp/\nRUN tar -xzf /tmp/tool-1.2.tar.gz -C /opt \`\n    && rm /tmp/tool-1.2.tar.gz\n`,
      errors: [URL],
      output: `# escape=\`\nFROM node:20\nRUN curl -fsSL ${URL} | tar -xzf - -C /opt\n`,
    },
    {
      name: 'ONBUILD triggers',
      code: `FROM node:20\nONBUILD ADD ${URL} /tmp/\nONBUILD RUN tar -xzf /tmp/tool-1.2.tar.gz -C /opt && rm /tmp/tool-1.2.tar.gz\n`,
      errors: [URL],
      output: `FROM node:20\nONBUILD RUN curl -fsSL ${URL} | tar -xzf - -C /opt\n`,
    },
  ],
});

import { ruleTests } from '../ruleTester';

ruleTests('apt-no-install-recommends', {
  valid: [
    { code: 'FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n' },
    { code: 'FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false install -y curl\n' },
    { code: 'FROM debian:12\nRUN apt-get update\n' },
    { code: 'FROM debian:12\nRUN echo apt-get install curl\n', name: 'apt-get as an argument' },
    {
      code: 'FROM debian:12\nRUN echo \'APT::Install-Recommends "false";\' > /etc/apt/apt.conf.d/99norec\nRUN apt-get install -y curl\n',
      name: 'configured in apt.conf.d',
    },
  ],
  invalid: [
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

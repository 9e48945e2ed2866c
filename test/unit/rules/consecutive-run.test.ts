import { ruleTests } from '../ruleTester';

ruleTests('consecutive-run', {
  valid: [
    { code: 'FROM debian:12\nRUN a\nRUN b\n', name: 'two RUNs' },
    { code: 'FROM debian:12\nRUN a\nRUN b\nCOPY x /x\nRUN c\n', name: 'separated by COPY' },
    { code: 'FROM debian:12\nRUN a\nADD x /x\nRUN b\nRUN c\n', name: 'separated by ADD' },
    {
      code: 'FROM debian:12\nRUN --mount=type=cache,target=/root/.npm a\nRUN b\nRUN --mount=type=secret,id=t c\n',
      name: 'different mounts',
    },
    { code: 'FROM debian:12\nRUN a\nENV X=1\nRUN b\nRUN c\n', name: 'ENV between' },
    { code: 'FROM debian:12\nRUN a\nRUN b\nFROM debian:12\nRUN c\n', name: 'across stages' },
  ],
  invalid: [
    {
      name: 'no merge after a cd: the later RUN starts in the WORKDIR, merged it would not',
      code: 'FROM debian:12\nRUN cd /opt/app && ./configure\nRUN make install\nRUN rm -rf /opt/app/build\n',
      errors: ['RUN'],
      output: null,
    },
    {
      name: 'no merge after an export or a bare assignment',
      code: 'FROM debian:12\nRUN export PATH=/opt/bin:$PATH\nRUN tool --version\nRUN X=1\n',
      errors: ['RUN'],
      output: null,
    },
    {
      name: 'a cd in the last RUN changes nothing that follows',
      code: 'FROM debian:12\nRUN mkdir -p /srv/app\nRUN touch /srv/app/.keep\nRUN cd /srv/app && ls\n',
      errors: ['RUN'],
      output:
        'FROM debian:12\nRUN mkdir -p /srv/app && \\\n    touch /srv/app/.keep && \\\n    cd /srv/app && ls\n',
    },
    {
      name: 'three one-line RUNs',
      code: 'FROM debian:12\nRUN useradd -m app\nRUN mkdir -p /srv/data\nRUN chown app /srv/data\n',
      errors: ['RUN'],
      output:
        'FROM debian:12\nRUN useradd -m app && \\\n    mkdir -p /srv/data && \\\n    chown app /srv/data\n',
    },
    {
      name: 'comments between RUNs stay; blank lines go; leading && style followed',
      code: 'FROM debian:12\nRUN apt-get update \\\n  && apt-get install -y curl\n\n# user\nRUN useradd app\nRUN mkdir /data\n',
      errors: ['RUN'],
      output:
        'FROM debian:12\nRUN apt-get update \\\n  && apt-get install -y curl \\\n# user\n  && useradd app \\\n  && mkdir /data\n',
    },
    {
      name: 'a continuation with a comment inside a RUN of the group is kept',
      code: 'FROM debian:12\nRUN a \\\n# why b\n    && b\nRUN c\nRUN d\n',
      errors: ['RUN'],
      output: 'FROM debian:12\nRUN a \\\n# why b\n    && b \\\n    && c \\\n    && d\n',
    },
    {
      name: 'same mounts merge, flags of the later RUNs go',
      code: 'FROM debian:12\nRUN --network=none a\nRUN --network=none b\nRUN --network=none c\n',
      errors: ['RUN'],
      output: 'FROM debian:12\nRUN --network=none a && \\\n    b && \\\n    c\n',
    },
    {
      name: 'a later RUN with ; : no fix',
      code: 'FROM debian:12\nRUN a\nRUN b; c\nRUN d\n',
      errors: ['RUN'],
      output: null,
    },
    {
      name: 'the first RUN may use ; and ||',
      code: 'FROM debian:12\nRUN a || true\nRUN b\nRUN c | tee log\n',
      errors: ['RUN'],
      output: 'FROM debian:12\nRUN a || true && \\\n    b && \\\n    c | tee log\n',
    },
    {
      name: 'heredoc RUN in the group: no fix',
      code: 'FROM debian:12\nRUN a\nRUN <<EOF\nb\nEOF\nRUN c\n',
      errors: ['RUN'],
      output: null,
    },
    {
      name: 'trailing comment: no fix',
      code: 'FROM debian:12\nRUN a # first\nRUN b\nRUN c\n',
      errors: ['RUN'],
      output: null,
    },
    {
      name: 'after SHELL: no fix',
      code: 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a\nRUN b\nRUN c\n',
      errors: ['RUN'],
      output: null,
    },
    {
      name: 'escape directive',
      code: '# escape=`\nFROM debian:12\nRUN a\nRUN b\nRUN c\n',
      errors: ['RUN'],
      output: '# escape=`\nFROM debian:12\nRUN a && `\n    b && `\n    c\n',
    },
    {
      name: 'ONBUILD triggers',
      code: 'FROM debian:12\nONBUILD RUN a\nONBUILD RUN b\nONBUILD RUN c\n',
      errors: ['ONBUILD'],
      output: 'FROM debian:12\nONBUILD RUN a && \\\n    b && \\\n    c\n',
    },
    {
      name: 'two groups in two stages',
      code: 'FROM debian:12 AS a\nRUN a\nRUN b\nRUN c\nFROM debian:12\nRUN d\nRUN e\nRUN f\n',
      errors: ['RUN', 'RUN'],
    },
  ],
});

/**
 * fast-check generators: Dockerfile-like documents built from the instructions and commands the
 * rules look at, nasty mutations of them and of the fixtures, and plain garbage.
 */
import fc from 'fast-check';
import {
  contextFromList,
  UNKNOWN_CONTEXT,
  type BuildContext,
} from '../../server/src/analysis/context';

// ---------------------------------------------------------------------------------------------
// Vocabulary

const IMAGES = [
  'python:3.12',
  'python:3.12-slim',
  'python:${PY}-slim',
  'node:20',
  'node:20-alpine',
  'golang:1.22',
  'golang:1.22 AS builder',
  'debian:12',
  'debian:bookworm-slim',
  'ubuntu:22.04',
  'alpine:3.19',
  'alpine',
  'scratch',
  '${BASE}',
  '${BASE:-python:3.12}',
  'builder',
  'base',
  'mcr.microsoft.com/dotnet/sdk:8.0',
  'gcr.io/distroless/static:nonroot',
  'rust:1.77',
  'maven:3-eclipse-temurin-21',
  'php:8.3-fpm',
  'ruby:3.3',
  'nginx:latest',
  'nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  'registry.example.com:5000/team/app:1.0',
];

const STAGE_NAMES = ['builder', 'build', 'deps', 'runtime', 'base', 'Final'];

const COMMANDS = [
  'apt-get update',
  'apt-get install -y curl',
  'apt-get install -y --no-install-recommends git ca-certificates',
  'apt-get -y install build-essential',
  'apt install -y python3',
  'apt-get clean',
  'rm -rf /var/lib/apt/lists/*',
  'apk add --no-cache curl',
  'apk add curl',
  'apk update',
  'yum install -y gcc',
  'yum clean all',
  'dnf install -y make',
  'pip install -r requirements.txt',
  'pip install --no-cache-dir flask',
  'pip3 install --user -r requirements.txt',
  'python -m pip install .',
  'python3 -m venv /opt/venv',
  'PIP_NO_CACHE_DIR=1 pip install flask',
  'poetry install --no-root',
  'uv sync --frozen',
  'npm ci',
  'npm install',
  'npm install --omit=dev',
  'npm run build',
  'npm cache clean --force',
  'yarn install --frozen-lockfile',
  'yarn',
  'pnpm install',
  'go mod download',
  'go build -o /app .',
  'CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/app ./cmd/app',
  'go build -ldflags "-X main.version=1" -o app',
  'cargo build --release',
  'mvn -B package -DskipTests',
  './gradlew build',
  'bundle install',
  'composer install --no-dev',
  'dotnet restore',
  'dotnet publish -c Release -o /out',
  'useradd -m app',
  'chown -R app:app /app',
  'chmod +x /entrypoint.sh',
  'curl -fsSL https://example.com/x.tar.gz | tar -xz -C /opt',
  'wget -q https://example.com/a.zip',
  'echo "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef  x.tgz" | sha256sum -c -',
  'echo "$SHA *redis.tar.gz" | sha256sum -c -',
  "sh -c 'pip install flask'",
  'bash -c "npm ci && npm cache clean --force"',
  'if [ -f package-lock.json ]; then npm ci; else npm install; fi',
  'case "$arch" in amd64) a=x ;; *) a=y ;; esac',
  'for f in a b; do echo $f; done',
  'export FOO=bar',
  'cd /app',
  'make -j"$(nproc)"',
  'true',
  'rm -rf /root/.cache /tmp/*',
  'set -eux',
  'sudo apt-get install -y vim',
  'env DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata',
  'find / -name "*.pyc" -delete',
  'x=$(cat /etc/os-release) && echo "$x"',
  'echo `date` > /built',
  'cat <<EOF > /etc/conf\nkey=value\nEOF',
  // Redirections, pipelines, groups, subshells and compound commands: where an edit must not land.
  'apt-get install -y curl > /dev/null',
  'echo "export V=$(cat /v)" >> /env-file',
  'apt-get install -y jq 2>&1 | tee /var/log/apt.log',
  '{ apt-get update; apt-get install -y make; } > /tmp/apt.log 2>&1',
  '(cd /src && npm ci)',
  'if [ -f requirements.txt ]; then pip install -r requirements.txt; fi > /dev/null',
  'case "$TARGETARCH" in amd64) apt-get install -y a ;; *) npm ci ;; esac',
  'xargs apt-get install -y < /pkgs.txt',
  'apt-get install -y curl &> /var/log/apt.log',
  'npm ci --omit=dev >/dev/null 2>&1 || true',
  'pip install flask &',
  'exec nginx -g "daemon off;"',
  'sh -c "pip install flask > /dev/null"',
  'tee /etc/app.conf <<EOF >/dev/null\nport=80\nEOF',
];

const OPERATORS = [
  ' && ',
  ' || ',
  '; ',
  ' | ',
  ' && \\\n    ',
  ' \\\n    && ',
  ';\\\n\t',
  ' &&\\\n',
  ' && \\\n# a comment line inside the continuation\n    ',
  ' \\\n# note\n  && ',
];

const MOUNTS = [
  '--mount=type=cache,target=/root/.cache/pip',
  '--mount=type=cache,target=/var/cache/apt,sharing=locked',
  '--mount=type=cache,target=/root/.npm,uid=1000',
  '--mount=type=bind,source=.,target=/src',
  '--mount=type=secret,id=npmrc,target=/root/.npmrc',
  '--mount=type=tmpfs,target=/tmp',
  '--mount=from=builder,source=/out,target=/in',
  '--network=none',
  '--security=insecure',
];

const COPIES = [
  'COPY . .',
  'COPY . /app',
  'COPY ./ ./',
  'COPY --chown=app:app . .',
  'COPY --chmod=755 entrypoint.sh /',
  'COPY --link src/ src/',
  'COPY package*.json ./',
  'COPY package.json package-lock.json ./',
  'COPY requirements.txt .',
  'COPY go.mod go.sum ./',
  'COPY --from=builder /app /app',
  'COPY --from=0 /out/app /usr/local/bin/app',
  'COPY --from=nginx:latest /etc/nginx /etc/nginx',
  'COPY ["src", "/app/src"]',
  'COPY .env /app/.env',
  'COPY id_rsa /root/.ssh/id_rsa',
  'ADD . /app',
  'ADD app.tar.gz /opt/',
  'ADD https://example.com/tool.tar.gz /tmp/',
  'ADD --checksum=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef https://example.com/x /x',
  'ADD git@github.com:example/repo.git /src',
  'ADD --keep-git-dir=true https://github.com/example/repo.git#v1 /src',
  'COPY <<EOF /etc/app.conf\nport=80\nEOF',
  'COPY <<-EOT /a\n\tindented\n\tEOT',
];

const OTHERS = [
  'WORKDIR /app',
  'WORKDIR app',
  'WORKDIR $HOME/src',
  'USER app',
  'USER 1000:1000',
  'USER root',
  'USER node',
  'EXPOSE 80 443/tcp',
  'CMD ["python", "main.py"]',
  'CMD npm start',
  'ENTRYPOINT ["/entrypoint.sh"]',
  'HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1',
  'LABEL org.opencontainers.image.source="https://example.com" a=b',
  'ENV PIP_NO_CACHE_DIR=1',
  'ENV NODE_ENV=production PATH=/opt/venv/bin:$PATH',
  'ENV legacy value with spaces',
  'ENV A="quoted value" B=\'single\'',
  'ENV SECRET_KEY=abc123',
  'ARG PY=3.12',
  'ARG BASE=python:3.12',
  'ARG TOKEN',
  'ARG NPM_TOKEN=xyz',
  'ONBUILD RUN npm ci',
  'ONBUILD COPY . .',
  'ONBUILD',
  'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
  'STOPSIGNAL SIGTERM',
  'VOLUME /data',
  'MAINTAINER someone',
  'FOOBAR unknown instruction',
  'run apt-get update',
  'from python:3.12',
  'RUN',
  'COPY',
  'FROM',
  'ENV',
  'RUN []',
  'RUN ["npm"',
  'CMD [',
];

const COMMENTS = [
  '# a comment',
  '#',
  '# layerwise ignore=pip-no-cache-dir',
  '# layerwise global ignore=latest-tag,root-user',
  '# hadolint ignore=DL3008,DL3009',
  '# syntax=docker/dockerfile:1',
  '  # indented comment',
];

const DIRECTIVES = [
  '# syntax=docker/dockerfile:1',
  '# check=skip=JSONArgsRecommended',
  '#syntax = docker/dockerfile:1.7',
];

/** Short texts that break parsers: escapes, quotes, heredoc markers, odd code points. */
export const NASTY_TOKENS = [
  '\\',
  '`',
  '\\\n',
  '`\n',
  ' \\',
  '\\\\',
  '<<EOF',
  '<<-EOF',
  "<<'EOF'",
  '<<"EOF"',
  '<<EOF\n',
  '\nEOF\n',
  'EOF',
  '<<',
  '<<<',
  '\u0000',
  '\r',
  '\r\n',
  '\n',
  '\n\n',
  '\t',
  '\v',
  '\f',
  '\uFEFF',
  '"',
  "'",
  '$(',
  ')',
  '${',
  '}',
  '$',
  '&&',
  '||',
  ';',
  ';;',
  '|',
  '&',
  '#',
  '# syntax=x\n',
  '# escape=`\n',
  '# escape=\\\n',
  '--mount=type=cache,target=',
  '--mount=',
  '--from=',
  '--',
  '-',
  '=',
  ':',
  ' AS ',
  'FROM ',
  'RUN ',
  'COPY . .\n',
  'ONBUILD ',
  '[',
  ']',
  '["',
  '*)',
  'case x in',
  'esac',
  'sh -c "',
  "bash -c '",
  'pip install ',
  'apt-get install -y ',
  'npm ci',
  '\u{1F600}',
  '\uD800',
  '\uDC00',
  'é',
  'ü',
  '\u2028',
  '\u00A0',
  '\u200B',
  '\u0301',
];

// ---------------------------------------------------------------------------------------------
// Documents

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

const script = fc
  .tuple(
    fc.array(pick(COMMANDS), { minLength: 1, maxLength: 5 }),
    fc.array(pick(OPERATORS), { minLength: 5, maxLength: 5 }),
  )
  .map(([cmds, ops]) => cmds.map((c, i) => (i === 0 ? c : `${ops[i - 1]}${c}`)).join(''));

const runLine = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.subarray(MOUNTS, { maxLength: 2 }), script)
      .map(([m, s]) => `RUN ${m.map((x) => `${x} `).join('')}${s}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(
        pick([
          'npm',
          'ci',
          'pip',
          'install',
          '-r',
          'requirements.txt',
          '/bin/sh',
          '-c',
          'apt-get update',
          'go',
          'build',
        ]),
        { minLength: 0, maxLength: 4 },
      )
      .map((a) => `RUN ${JSON.stringify(a)}`),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        mounts: fc.subarray(MOUNTS, { maxLength: 1 }),
        shell: pick(['', 'bash ', 'sh -e ', 'python3 ', 'cat > /x ']),
        marker: pick(['EOF', '"EOF"', "'SCRIPT'", '-EOT', 'EOF1 <<EOF2']),
        body: fc.array(pick(COMMANDS), { maxLength: 4 }),
        terminated: fc.boolean(),
      })
      .map(({ mounts, shell, marker, body, terminated }) => {
        const first = marker.includes('<<') ? marker : `<<${marker}`;
        const names = [...first.matchAll(/<<-?["']?([A-Z0-9]+)/g)].map((m) => m[1]!);
        const bodies = names.map((n) => `${body.join('\n')}\n${terminated ? n : ''}`);
        return `RUN ${mounts.map((x) => `${x} `).join('')}${shell}${first}\n${bodies.join('\n')}`.trimEnd();
      }),
  },
);

const fromLine = fc
  .record({
    platform: fc.boolean(),
    image: pick(IMAGES),
    name: fc.option(pick(STAGE_NAMES), { nil: undefined }),
  })
  .map(
    ({ platform, image, name }) =>
      `FROM ${platform ? '--platform=$BUILDPLATFORM ' : ''}${image}${name ? ` AS ${name}` : ''}`,
  );

const line = fc.oneof(
  { weight: 3, arbitrary: fromLine },
  { weight: 7, arbitrary: runLine },
  { weight: 4, arbitrary: pick(COPIES) },
  { weight: 4, arbitrary: pick(OTHERS) },
  { weight: 2, arbitrary: pick(COMMENTS) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: pick(['   ', '\t', ' \\']) },
);

export interface Doc {
  text: string;
}

/** Continues a line at a random blank with the escape character, as people wrap long lines. */
function wrap(lineText: string, at: number, escape: string, indent: string): string {
  const spaces = [...lineText.matchAll(/ /g)].map((m) => m.index);
  if (spaces.length === 0 || lineText.includes('\n')) return lineText;
  const i = spaces[at % spaces.length]!;
  return `${lineText.slice(0, i)} ${escape}\n${indent}${lineText.slice(i + 1)}`;
}

/** A Dockerfile-like document: directives, stages, RUNs with continuations and heredocs, any EOL. */
export const dockerfileText: fc.Arbitrary<string> = fc
  .record({
    directives: fc.subarray(DIRECTIVES, { maxLength: 2 }),
    backtick: fc.boolean(),
    bom: fc.boolean(),
    leadingFrom: fc.oneof(
      { weight: 9, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
    lines: fc.array(line, { minLength: 0, maxLength: 16 }),
    wraps: fc.array(fc.nat(40), { maxLength: 16 }),
    indent: pick(['    ', '\t', '  ', '']),
    eol: pick(['\n', '\r\n', 'mixed', '\r']),
    eolMix: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    finalNewline: fc.boolean(),
    first: fromLine,
  })
  .map((d) => {
    const escape = d.backtick ? '`' : '\\';
    const directives = [...d.directives, ...(d.backtick ? ['# escape=`'] : [])];
    const body = (d.leadingFrom ? [d.first, ...d.lines] : d.lines).map((l, i) => {
      const own = d.backtick ? l.replace(/\\\n/g, '`\n') : l;
      const w = d.wraps[i];
      return w !== undefined && w % 3 === 0 ? wrap(own, w, escape, d.indent) : own;
    });
    let text = [...directives, ...body].join('\n');
    if (d.finalNewline) text += '\n';
    if (d.eol === '\r\n') text = text.replace(/\n/g, '\r\n');
    else if (d.eol === '\r') text = text.replace(/\n/g, '\r');
    else if (d.eol === 'mixed') {
      let k = 0;
      text = text.replace(/\n/g, () => (d.eolMix[k++ % d.eolMix.length] ? '\r\n' : '\n'));
    }
    return (d.bom ? '\uFEFF' : '') + text;
  });

// ---------------------------------------------------------------------------------------------
// Mutations

export type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'hugeLine'; at: number; unit: string; count: number }
  | { kind: 'crlf'; at: number; length: number }
  | { kind: 'swapLines'; a: number; b: number }
  | { kind: 'truncate'; at: number };

const position = fc.double({ min: 0, max: 1, noNaN: true });

const randomBytesText = fc
  .uint8Array({ maxLength: 64 })
  .map((b) => Buffer.from(b).toString('utf8'));

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: position,
      text: pick(NASTY_TOKENS),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: position,
      text: randomBytesText,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: position,
      text: fc.string({ unit: 'grapheme', maxLength: 8 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: position,
      text: fc.string({ unit: 'binary', maxLength: 8 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, text: line }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      at: position,
      length: fc.nat(40),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('duplicate' as const),
      at: position,
      length: fc.nat(80),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('hugeLine' as const),
      at: position,
      unit: pick([' ', 'a', '\\', '`', '-', '$', '"', '&& ', 'x ', '${', '<<', '\t', 'é', '1']),
      count: pick([100, 1000, 10_000, 50_000]),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('crlf' as const), at: position, length: fc.nat(200) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(60), b: fc.nat(60) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }) },
);

export function applyMutation(text: string, m: Mutation): string {
  if (m.kind === 'swapLines') {
    const lines = text.split('\n');
    if (lines.length < 2) return text;
    const a = m.a % lines.length;
    const b = m.b % lines.length;
    [lines[a], lines[b]] = [lines[b]!, lines[a]!];
    return lines.join('\n');
  }
  const at = Math.floor(m.at * text.length);
  switch (m.kind) {
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'duplicate':
      return (
        text.slice(0, at + m.length) + text.slice(at, at + m.length) + text.slice(at + m.length)
      );
    case 'hugeLine':
      return `${text.slice(0, at)}${m.unit.repeat(Math.ceil(m.count / m.unit.length))}${text.slice(at)}`;
    case 'crlf':
      return (
        text.slice(0, at) +
        text.slice(at, at + m.length).replace(/\r?\n/g, '\r\n') +
        text.slice(at + m.length)
      );
    case 'truncate':
      return text.slice(0, at);
  }
}

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 5 });

// ---------------------------------------------------------------------------------------------
// Garbage

export const garbageText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'binary-ascii', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('utf8')),
  fc
    .array(
      pick([...NASTY_TOKENS, 'FROM', 'RUN', 'COPY', 'ADD', ' ', '\n', 'x', 'apt-get', 'pip']),
      { maxLength: 60 },
    )
    .map((a) => a.join('')),
  fc.array(fc.oneof(pick(NASTY_TOKENS), line), { maxLength: 30 }).map((a) => a.join('\n')),
);

// ---------------------------------------------------------------------------------------------
// Build contexts

const CONTEXT_FILES = [
  'package.json',
  'package-lock.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'requirements.txt',
  'pyproject.toml',
  'poetry.lock',
  'uv.lock',
  'go.mod',
  'go.sum',
  'Cargo.toml',
  'Cargo.lock',
  'pom.xml',
  'build.gradle',
  'Gemfile',
  'Gemfile.lock',
  'composer.json',
  'composer.lock',
  'app.csproj',
  'src/main.py',
  'src/index.ts',
  'main.go',
  '.env',
  '.git/HEAD',
  'node_modules/x/index.js',
  'entrypoint.sh',
  'id_rsa',
];

const IGNORE_FILES = [
  '',
  '.git\nnode_modules\n',
  '*\n!src\n',
  '**\n',
  'requirements.txt\n',
  '# comment\n.env\n!.env\n',
  '.git\n.git\n',
  'src/ # trailing\n',
];

/** A build context as plain data, so a counterexample prints as something to paste into a test. */
export interface ContextSpec {
  files: string[];
  ignore?: string | undefined;
}

export const contextSpec: fc.Arbitrary<ContextSpec | undefined> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: fc.record({
      files: fc.subarray(CONTEXT_FILES),
      ignore: fc.option(pick(IGNORE_FILES), { nil: undefined }),
    }),
  },
);

export function toContext(spec: ContextSpec | undefined): BuildContext {
  if (!spec) return UNKNOWN_CONTEXT;
  const ignore =
    spec.ignore === undefined ? undefined : { path: '/ctx/.dockerignore', text: spec.ignore };
  return contextFromList('/ctx', ignore ? [...spec.files, '.dockerignore'] : spec.files, ignore);
}

export const target = fc.option(pick(['builder', 'build', 'runtime', 'missing', 'BUILDER']), {
  nil: undefined,
  freq: 4,
});

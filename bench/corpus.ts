/**
 * A deterministic corpus of realistic Dockerfiles and .dockerignore files for the benchmark, plus
 * the synthetic scaling inputs. Same seed, same bytes: every tool in a run (and every run on every
 * machine) reads exactly the same text. Nothing here is copied from real projects; the shapes
 * follow common public patterns (official-image `set -eux` installs, multi-stage app builds,
 * BuildKit heredocs, Windows images with the backtick escape, ARG-parameterised bases).
 */

export interface CorpusFile {
  /** A stable, readable name, e.g. `042-node-multistage/Dockerfile`. */
  name: string;
  kind: 'dockerfile' | 'dockerignore';
  text: string;
  /** Paths in the build context the file is written for (Dockerfiles only). */
  context: string[];
  /** The ignore file that applies to this build, when one is generated. */
  ignore?: string;
}

/** Small, fast, seedable PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  constructor(readonly r: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  some<T>(xs: readonly T[], lo: number, hi: number): T[] {
    const pool = [...xs];
    const out: T[] = [];
    const n = Math.min(pool.length, this.int(lo, hi));
    for (let i = 0; i < n; i++) out.push(pool.splice(Math.floor(this.r() * pool.length), 1)[0]!);
    return out;
  }
  version(): string {
    return `${this.int(1, 9)}.${this.int(0, 30)}.${this.int(0, 15)}`;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(0, 15)];
    return s;
  }
}

const APT_PACKAGES = [
  'ca-certificates',
  'curl',
  'wget',
  'gnupg',
  'dirmngr',
  'git',
  'openssh-client',
  'procps',
  'netbase',
  'tzdata',
  'libssl-dev',
  'libffi-dev',
  'libpq-dev',
  'zlib1g-dev',
  'libbz2-dev',
  'libreadline-dev',
  'libsqlite3-dev',
  'libxml2-dev',
  'libxslt1-dev',
  'libjpeg62-turbo-dev',
  'libpng-dev',
  'libyaml-dev',
  'build-essential',
  'pkg-config',
  'autoconf',
  'automake',
  'make',
  'gcc',
  'g++',
  'dpkg-dev',
  'xz-utils',
  'unzip',
  'locales',
  'tini',
  'gosu',
  'jq',
];
const APK_PACKAGES = [
  'ca-certificates',
  'curl',
  'bash',
  'git',
  'openssl',
  'tzdata',
  'tini',
  'su-exec',
  'libc6-compat',
  'gcc',
  'musl-dev',
  'make',
  'linux-headers',
  'openssl-dev',
  'zlib-dev',
  'libffi-dev',
  'pcre2-dev',
  'coreutils',
  'dpkg-dev',
  'dpkg',
  'gnupg',
  'tar',
  'xz',
];
const PY_PACKAGES = ['flask', 'gunicorn', 'requests', 'psycopg[binary]', 'uvicorn', 'fastapi'];
const NPM_SCRIPTS = ['build', 'compile', 'bundle'];

function continuation(lines: string[], indent = '    ', esc = '\\'): string {
  return lines.map((l, i) => (i < lines.length - 1 ? `${l} ${esc}` : l)).join(`\n${indent}`);
}

/** Official-image style: long `set -eux` RUNs with apt or apk, version pins, gpg checks. */
function officialImage(g: Gen): { text: string; context: string[] } {
  const alpine = g.chance(0.35);
  const name = g.pick(['redis', 'nginx', 'memcached', 'haproxy', 'postgres', 'httpd', 'rabbitmq']);
  const ver = g.version();
  const base = alpine
    ? `alpine:3.${g.int(16, 20)}`
    : `debian:${g.pick(['bookworm', 'bullseye'])}${g.chance(0.5) ? '-slim' : ''}`;
  const up = name.toUpperCase();
  const out: string[] = [];
  out.push('#', '# NOTE: generated for the Layerwise benchmark', '#', '', `FROM ${base}`, '');
  out.push(
    `# add our user and group first to make sure their IDs get assigned consistently`,
    alpine
      ? `RUN set -eux; \\\n\taddgroup -g 1000 -S ${name}; \\\n\tadduser -u 1000 -S -D -G ${name} ${name}`
      : `RUN set -eux; \\\n\tgroupadd -r -g 999 ${name}; \\\n\tuseradd -r -g ${name} -u 999 ${name}`,
    '',
  );
  out.push(`ENV ${up}_VERSION ${ver}`);
  out.push(`ENV ${up}_DOWNLOAD_URL https://download.example.org/${name}/${name}-${ver}.tar.gz`);
  out.push(`ENV ${up}_DOWNLOAD_SHA256 ${g.hex(64)}`, '');
  const pkgs = alpine ? g.some(APK_PACKAGES, 6, 16) : g.some(APT_PACKAGES, 6, 18);
  // Each entry is one physical line; commands end with `;` as in the official images.
  const body: string[] = ['set -eux;'];
  if (alpine) {
    body.push(`apk add --no-cache --virtual .build-deps`);
    for (const p of pkgs) body.push(`\t${p}`);
    body[body.length - 1] += ';';
  } else {
    body.push('savedAptMark="$(apt-mark showmanual)";', 'apt-get update;');
    body.push(`apt-get install -y${g.chance(0.7) ? ' --no-install-recommends' : ''}`);
    for (const p of pkgs) body.push(`\t${p}`);
    body[body.length - 1] += ';';
  }
  body.push(
    `wget -O ${name}.tar.gz "$${up}_DOWNLOAD_URL";`,
    `echo "$${up}_DOWNLOAD_SHA256 *${name}.tar.gz" | sha256sum -c -;`,
    `mkdir -p /usr/src/${name};`,
    `tar -xzf ${name}.tar.gz -C /usr/src/${name} --strip-components=1;`,
    `rm ${name}.tar.gz;`,
  );
  if (!alpine) {
    body.push(
      'dpkgArch="$(dpkg --print-architecture)";',
      'case "$dpkgArch" in',
      "\tamd64) extra='--with-jemalloc' ;;",
      "\tarm64) extra='--with-lg-page=16' ;;",
      "\t*) extra='' ;;",
      'esac;',
    );
  }
  body.push(
    `cd /usr/src/${name};`,
    `./configure --prefix=/usr/local $extra${g.chance(0.5) ? ' --enable-static' : ''};`,
    `make -j "$(nproc)";`,
    'make install;',
    'cd /;',
    `rm -rf /usr/src/${name};`,
  );
  if (alpine) {
    body.push(
      `runDeps="$( scanelf --needed --nobanner --format '%n#p' --recursive /usr/local | tr ',' '\\n' | sort -u | awk 'system("[ -e /usr/local/lib/" $1 " ]") == 0 { next } { print "so:" $1 }' )";`,
      'apk add --no-network --virtual .run-deps $runDeps;',
      'apk del --no-network .build-deps;',
    );
  } else {
    body.push(
      "apt-mark auto '.*' > /dev/null;",
      '[ -z "$savedAptMark" ] || apt-mark manual $savedAptMark > /dev/null;',
      'apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false;',
    );
    if (g.chance(0.75)) body.push('rm -rf /var/lib/apt/lists/*;');
  }
  body.push(`${name} --version`);
  const joined = body;
  out.push(`RUN ${continuation(joined, '\t')}`, '');
  if (g.chance(0.5)) {
    out.push(`RUN mkdir /data && chown ${name}:${name} /data`, 'VOLUME /data', 'WORKDIR /data', '');
  }
  out.push('COPY docker-entrypoint.sh /usr/local/bin/');
  out.push('ENTRYPOINT ["docker-entrypoint.sh"]', '');
  out.push(`EXPOSE ${g.int(1000, 9999)}`, `CMD ["${name}-server"]`, '');
  return { text: out.join('\n'), context: ['Dockerfile', 'docker-entrypoint.sh'] };
}

interface App {
  lang: 'node' | 'python' | 'go' | 'java' | 'rust' | 'dotnet' | 'ruby';
  context: string[];
}

/** Multi-stage application builds in the styles people write by hand. */
function multiStage(g: Gen): { text: string; context: string[] } {
  const lang = g.pick(['node', 'python', 'go', 'java', 'rust', 'dotnet', 'ruby'] as const);
  const app: App = { lang, context: ['Dockerfile', 'README.md', '.git', 'src', 'src/main'] };
  const out: string[] = [];
  if (g.chance(0.5)) out.push('# syntax=docker/dockerfile:1', '');
  const cache = g.chance(0.4);
  const user = g.pick(['app', 'nonroot', 'node', '1000:1000']);
  switch (lang) {
    case 'node': {
      const v = g.int(18, 22);
      app.context.push('package.json', 'package-lock.json', 'tsconfig.json', 'src/index.ts');
      out.push(`FROM node:${v}${g.pick(['', '-slim', '-alpine', '-bookworm'])} AS deps`);
      out.push('WORKDIR /app');
      if (g.chance(0.3)) {
        out.push('COPY . .');
      } else out.push('COPY package.json package-lock.json ./');
      out.push(
        cache
          ? 'RUN --mount=type=cache,target=/root/.npm npm ci'
          : g.pick(['RUN npm ci', 'RUN npm install', 'RUN npm ci --omit=dev']),
      );
      out.push('', 'FROM deps AS build', 'COPY . .', `RUN npm run ${g.pick(NPM_SCRIPTS)}`);
      out.push('', `FROM node:${v}-${g.pick(['slim', 'alpine'])} AS runtime`);
      out.push('ENV NODE_ENV=production', 'WORKDIR /app');
      out.push('COPY --from=deps /app/node_modules ./node_modules');
      out.push('COPY --from=build /app/dist ./dist');
      out.push(`USER ${user === 'nonroot' ? 'node' : user}`);
      out.push(`EXPOSE ${g.pick([3000, 8080, 80])}`, 'CMD ["node", "dist/index.js"]');
      break;
    }
    case 'python': {
      const v = `3.${g.int(9, 13)}`;
      app.context.push('requirements.txt', 'app.py', 'pyproject.toml');
      out.push(`FROM python:${v}${g.pick(['', '-slim', '-slim-bookworm'])} AS builder`);
      out.push('ENV PYTHONDONTWRITEBYTECODE=1 \\', '    PYTHONUNBUFFERED=1');
      out.push('WORKDIR /app');
      out.push(
        `RUN apt-get update && apt-get install -y${g.chance(0.5) ? ' --no-install-recommends' : ''} \\`,
        ...g.some(APT_PACKAGES, 2, 6).map((p) => `    ${p} \\`),
        g.chance(0.6) ? '    && rm -rf /var/lib/apt/lists/*' : '    && echo done',
      );
      out.push('RUN python -m venv /opt/venv', 'ENV PATH="/opt/venv/bin:$PATH"');
      out.push('COPY requirements.txt .');
      out.push(
        cache
          ? 'RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt'
          : g.pick([
              'RUN pip install -r requirements.txt',
              'RUN pip install --no-cache-dir -r requirements.txt',
              `RUN pip install ${g.some(PY_PACKAGES, 1, 4).join(' ')}`,
            ]),
      );
      out.push('', `FROM python:${v}-slim`, 'WORKDIR /app');
      out.push('COPY --from=builder /opt/venv /opt/venv', 'ENV PATH="/opt/venv/bin:$PATH"');
      out.push('COPY . .', `USER ${user}`);
      out.push(
        g.pick([
          'CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]',
          'CMD python app.py',
          'ENTRYPOINT ["python", "-m", "app"]',
        ]),
      );
      break;
    }
    case 'go': {
      app.context.push('go.mod', 'go.sum', 'main.go', 'cmd/server/main.go');
      out.push(`FROM golang:1.${g.int(20, 23)}${g.pick(['', '-alpine', '-bookworm'])} AS build`);
      out.push('WORKDIR /src', 'COPY go.mod go.sum ./');
      out.push(
        cache ? 'RUN --mount=type=cache,target=/go/pkg/mod go mod download' : 'RUN go mod download',
      );
      out.push('COPY . .');
      out.push(
        `RUN ${cache ? '--mount=type=cache,target=/root/.cache/go-build ' : ''}CGO_ENABLED=0 GOOS=linux \\`,
        `    go build -trimpath -ldflags="-s -w -X main.version=${g.version()}" \\`,
        '    -o /out/server ./cmd/server',
      );
      out.push(
        '',
        `FROM ${g.pick(['gcr.io/distroless/static-debian12', 'scratch', 'alpine:3.20'])}`,
      );
      out.push('COPY --from=build /out/server /server', 'USER 65532:65532');
      out.push('ENTRYPOINT ["/server"]');
      break;
    }
    case 'java': {
      const gradle = g.chance(0.4);
      app.context.push(gradle ? 'build.gradle' : 'pom.xml', 'src/main/java/App.java');
      out.push(
        gradle
          ? `FROM gradle:8.${g.int(5, 10)}-jdk${g.pick([17, 21])} AS build`
          : `FROM maven:3.9-eclipse-temurin-${g.pick([17, 21])} AS build`,
      );
      out.push('WORKDIR /workspace');
      if (gradle) {
        out.push('COPY build.gradle settings.gradle ./', 'COPY src ./src');
        out.push(
          cache
            ? 'RUN --mount=type=cache,target=/home/gradle/.gradle gradle bootJar --no-daemon'
            : 'RUN gradle bootJar --no-daemon',
        );
      } else {
        out.push('COPY pom.xml .');
        out.push(
          cache
            ? 'RUN --mount=type=cache,target=/root/.m2 mvn -B dependency:go-offline'
            : 'RUN mvn -B dependency:go-offline',
        );
        out.push('COPY src ./src', 'RUN mvn -B package -DskipTests');
      }
      out.push('', `FROM eclipse-temurin:${g.pick([17, 21])}-jre${g.pick(['', '-alpine'])}`);
      out.push('WORKDIR /app', 'COPY --from=build /workspace/target/*.jar app.jar');
      out.push('EXPOSE 8080', 'ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "app.jar"]');
      break;
    }
    case 'rust': {
      app.context.push('Cargo.toml', 'Cargo.lock', 'src/main.rs');
      out.push(`FROM rust:1.${g.int(70, 82)} AS builder`, 'WORKDIR /usr/src/app');
      out.push('COPY Cargo.toml Cargo.lock ./');
      out.push('RUN mkdir src && echo "fn main() {}" > src/main.rs && cargo build --release');
      out.push('COPY . .');
      out.push(
        cache
          ? 'RUN --mount=type=cache,target=/usr/local/cargo/registry \\\n    --mount=type=cache,target=/usr/src/app/target \\\n    cargo build --release && cp target/release/app /app'
          : 'RUN cargo build --release && cp target/release/app /app',
      );
      out.push('', 'FROM debian:bookworm-slim');
      out.push(
        'RUN apt-get update && apt-get install -y ca-certificates && rm -rf /var/lib/apt/lists/*',
      );
      out.push('COPY --from=builder /app /usr/local/bin/app', 'CMD ["app"]');
      break;
    }
    case 'dotnet': {
      app.context.push('App.csproj', 'Program.cs');
      const v = g.pick(['6.0', '8.0', '9.0']);
      out.push(`FROM mcr.microsoft.com/dotnet/sdk:${v} AS build`, 'WORKDIR /source');
      out.push('COPY *.csproj .');
      out.push(
        cache
          ? 'RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages dotnet restore'
          : 'RUN dotnet restore',
      );
      out.push('COPY . .', 'RUN dotnet publish -c Release -o /app --no-restore');
      out.push('', `FROM mcr.microsoft.com/dotnet/aspnet:${v}`, 'WORKDIR /app');
      out.push('COPY --from=build /app .', 'USER $APP_UID', 'ENTRYPOINT ["dotnet", "App.dll"]');
      break;
    }
    case 'ruby': {
      app.context.push('Gemfile', 'Gemfile.lock', 'config.ru');
      out.push(`FROM ruby:3.${g.int(1, 3)}${g.pick(['', '-slim', '-alpine'])}`);
      out.push(
        'RUN apt-get update -qq && apt-get install -y nodejs postgresql-client && rm -rf /var/lib/apt/lists/*',
      );
      out.push('WORKDIR /myapp', 'COPY Gemfile Gemfile.lock ./');
      out.push('RUN bundle config set --local without "development test" && bundle install');
      out.push('COPY . .', 'EXPOSE 3000', 'CMD ["rails", "server", "-b", "0.0.0.0"]');
      break;
    }
  }
  if (g.chance(0.3)) {
    out.splice(
      out.length - 1,
      0,
      'HEALTHCHECK --interval=30s --timeout=3s \\',
      `  CMD curl -fsS http://localhost:${g.int(1000, 9999)}/healthz || exit 1`,
    );
  }
  if (g.chance(0.4)) {
    out.splice(
      out.findIndex((l) => l.startsWith('FROM')) + 1,
      0,
      `LABEL org.opencontainers.image.source="https://example.com/${lang}/app" \\`,
      `      org.opencontainers.image.version="${g.version()}"`,
    );
  }
  return { text: out.join('\n') + '\n', context: app.context };
}

/** BuildKit heredocs: inline scripts and inline config files. */
function heredocs(g: Gen): { text: string; context: string[] } {
  const out: string[] = [`# syntax=docker/dockerfile:1.${g.int(4, 9)}`];
  out.push(
    `FROM ${g.pick(['debian:bookworm-slim', 'ubuntu:24.04', 'alpine:3.20', 'python:3.12-slim'])}`,
  );
  const apt = !out[1]!.includes('alpine');
  out.push(g.pick(['RUN <<EOF', 'RUN <<-EOF', 'RUN bash <<EOF', "RUN <<'EOF'"]));
  const tab = out[2]!.includes('<<-') ? '\t' : '';
  out.push(`${tab}set -e`);
  if (apt) {
    out.push(`${tab}apt-get update`);
    out.push(`${tab}apt-get install -y ${g.some(APT_PACKAGES, 2, 7).join(' ')}`);
    if (g.chance(0.6)) out.push(`${tab}rm -rf /var/lib/apt/lists/*`);
  } else out.push(`${tab}apk add --no-cache ${g.some(APK_PACKAGES, 2, 6).join(' ')}`);
  for (let i = 0; i < g.int(1, 6); i++) out.push(`${tab}echo "step ${i}" >> /var/log/setup.log`);
  out.push(`${tab}EOF`, '');
  out.push(
    g.pick(['COPY <<EOF /etc/app/config.ini', 'COPY --chmod=644 <<EOF /etc/app/config.ini']),
  );
  for (let i = 0; i < g.int(3, 12); i++) out.push(`key${i} = value ${g.hex(8)}`);
  out.push('EOF', '');
  if (g.chance(0.5)) {
    out.push('RUN python3 <<PY', 'import sys', 'print(sys.version)', 'PY', '');
  }
  if (g.chance(0.5)) {
    out.push('COPY <<-"A" /a.txt <<-"B" /b.txt', '\tfirst', '\tA', '\tsecond', '\tB', '');
  }
  out.push('WORKDIR /srv', 'COPY . .', 'CMD ["/srv/start.sh"]', '');
  return { text: out.join('\n'), context: ['Dockerfile', 'start.sh'] };
}

/** Windows images: `# escape=\``, PowerShell, backslash paths, CRLF line ends. */
function windows(g: Gen): { text: string; context: string[] } {
  const out: string[] = ['# escape=`', ''];
  out.push(`FROM mcr.microsoft.com/windows/servercore:${g.pick(['ltsc2019', 'ltsc2022'])}`);
  out.push(
    'SHELL ["powershell", "-Command", "$ErrorActionPreference = \'Stop\'; $ProgressPreference = \'SilentlyContinue\';"]',
    '',
  );
  const ver = g.version();
  out.push(`ENV APP_VERSION ${ver}`);
  out.push(
    "RUN $url = ('https://downloads.example.com/app/{0}/app-{0}.zip' -f $env:APP_VERSION); `",
    "    Write-Host ('Downloading {0} ...' -f $url); `",
    "    Invoke-WebRequest -Uri $url -OutFile 'app.zip'; `",
    `    if ((Get-FileHash app.zip -Algorithm sha256).Hash -ne '${g.hex(64)}') { exit 1 }; \``,
    '    Expand-Archive app.zip -DestinationPath C:\\app; `',
    '    Remove-Item app.zip -Force; `',
    "    $env:PATH = 'C:\\app\\bin;' + $env:PATH; `",
    "    [Environment]::SetEnvironmentVariable('PATH', $env:PATH, [EnvironmentVariableTarget]::Machine)",
    '',
  );
  for (let i = 0; i < g.int(0, 4); i++) {
    out.push(
      `RUN choco install -y ${g.pick(['git', 'nodejs-lts', 'python3', '7zip', 'nuget.commandline'])}`,
    );
  }
  out.push('WORKDIR C:\\app', 'COPY . C:\\app\\src', 'EXPOSE 80');
  out.push('CMD ["C:\\\\app\\\\bin\\\\app.exe", "--serve"]', '');
  const text = out.join(g.chance(0.6) ? '\r\n' : '\n');
  return { text, context: ['Dockerfile', 'src'] };
}

/** ARG-heavy builds: parameterised registry, image, tags, many ENV pairs. */
function argHeavy(g: Gen): { text: string; context: string[] } {
  const out: string[] = [];
  const n = g.int(4, 14);
  out.push(
    'ARG REGISTRY=docker.io',
    'ARG IMAGE=library/debian',
    `ARG TAG=bookworm${g.chance(0.5) ? '-slim' : ''}`,
  );
  for (let i = 0; i < n; i++) out.push(`ARG OPT_${i}=${g.pick(['1', 'on', 'false', g.version()])}`);
  out.push('FROM ${REGISTRY}/${IMAGE}:${TAG} AS base');
  out.push('ARG TARGETARCH', 'ARG BUILDPLATFORM', `ARG APP_VERSION=${g.version()}`);
  const pairs: string[] = [];
  for (let i = 0; i < g.int(3, 10); i++) {
    pairs.push(
      `APP_SETTING_${i}="${g.pick(['${OPT_0:-x}', 'value with spaces', '/opt/app/bin', '${APP_VERSION}'])}"`,
    );
  }
  out.push(`ENV ${continuation(pairs)}`);
  out.push('ENV LEGACY_FORM value written the old way');
  for (let i = 0; i < g.int(2, 6); i++)
    out.push(`ARG BUILD_ARG_${i}`, `ENV BUILD_ENV_${i}=\${BUILD_ARG_${i}:-default${i}}`);
  out.push(
    'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\',
    '    --mount=type=cache,target=/var/lib/apt,sharing=locked \\',
    `    apt-get update && apt-get install -y --no-install-recommends ${g.some(APT_PACKAGES, 2, 6).join(' ')}`,
  );
  out.push('', 'FROM base AS final', 'ARG APP_VERSION', 'LABEL version="${APP_VERSION}"');
  out.push('COPY --chown=1000:1000 bin/ /usr/local/bin/', 'USER 1000', 'CMD ["app"]', '');
  return { text: out.join('\n'), context: ['Dockerfile', 'bin', 'bin/app'] };
}

function dockerignore(g: Gen, lang: string): string {
  const out: string[] = [];
  if (g.chance(0.5)) out.push('# Files the build does not need');
  out.push('.git', '.gitignore', g.pick(['.env', '.env*', '**/.env']));
  const byLang: Record<string, string[]> = {
    node: ['node_modules', 'npm-debug.log*', 'coverage', 'dist', '.next', '!.next/static'],
    python: [
      '__pycache__',
      '*.pyc',
      '**/*.py[cod]',
      '.venv',
      'venv',
      '.pytest_cache',
      '*.egg-info',
    ],
    go: ['bin/', 'vendor/', '*.test', 'coverage.out'],
    java: ['target/', '!target/*.jar', 'build/', '.gradle'],
    rust: ['target/', '**/*.rs.bk'],
    dotnet: ['bin/', 'obj/', '**/*.user'],
    ruby: ['log/*', 'tmp/*', '!log/.keep', '!tmp/.keep', 'vendor/bundle'],
  };
  out.push(...g.some(byLang[lang] ?? byLang.go!, 2, 7));
  for (let i = 0; i < g.int(0, 25); i++) {
    out.push(
      g.pick([
        `docs/**/*.${g.pick(['md', 'png', 'svg'])}`,
        `**/tmp${i}`,
        `!docs/keep-${i}.md`,
        `  build-${i}/  `,
        `# section ${i}`,
        '',
        `[a-c]*.log`,
        `data/?/cache-${i}`,
      ]),
    );
  }
  out.push('Dockerfile*', '.dockerignore');
  return out.join('\n') + '\n';
}

/** The throughput corpus: `count` Dockerfiles (and an ignore file for about half of them). */
export function generateCorpus(count = 320, seed = 20240607): CorpusFile[] {
  const g = new Gen(rng(seed));
  const files: CorpusFile[] = [];
  const kinds = [
    ['official', officialImage, 0.25],
    ['multistage', multiStage, 0.4],
    ['heredoc', heredocs, 0.12],
    ['windows', windows, 0.08],
    ['args', argHeavy, 0.15],
  ] as const;
  for (let i = 0; i < count; i++) {
    let x = g.r();
    let pick: (typeof kinds)[number] = kinds[0];
    for (const k of kinds) {
      if ((x -= k[2]) < 0) {
        pick = k;
        break;
      }
    }
    const dir = `${String(i).padStart(3, '0')}-${pick[0]}`;
    const { text, context } = pick[1](g);
    const file: CorpusFile = { name: `${dir}/Dockerfile`, kind: 'dockerfile', text, context };
    if (g.chance(0.5)) {
      const lang = pick[0] === 'multistage' ? g.pick(['node', 'python', 'go', 'java']) : 'go';
      file.ignore = dockerignore(g, lang);
      file.context.push('.dockerignore');
      files.push(file, {
        name: `${dir}/.dockerignore`,
        kind: 'dockerignore',
        text: file.ignore,
        context: [],
      });
    } else files.push(file);
  }
  return files;
}

/** A RUN of `lines` continuation lines (one package per line), as generated lockfile-style installs. */
export function longRun(lines: number): string {
  const out = [
    'FROM debian:bookworm-slim',
    'RUN apt-get update && apt-get install -y --no-install-recommends \\',
  ];
  for (let i = 0; i < lines - 1; i++) out.push(`    package-${i}=1.${i % 97}.${i % 13}-1 \\`);
  out.push('    && rm -rf /var/lib/apt/lists/*', 'CMD ["bash"]', '');
  return out.join('\n');
}

/** Corpus Dockerfiles concatenated (as extra stages) until the text has at least `lines` lines. */
export function longFile(lines: number, seed = 99): string {
  return concatUntil((_, n) => n >= lines, seed);
}

/** Corpus Dockerfiles concatenated until the text has at least `bytes` UTF-16 units. */
export function bigFile(bytes: number, seed = 98): string {
  return concatUntil((length) => length >= bytes, seed);
}

function concatUntil(done: (length: number, lines: number) => boolean, seed: number): string {
  const parts: string[] = [];
  let length = 0;
  let lines = 0;
  let round = 0;
  for (;;) {
    for (const f of generateCorpus(64, seed + round++)) {
      // Backtick-escape files change the whole file's escape character: keep the default here.
      if (f.kind !== 'dockerfile' || f.text.startsWith('# escape')) continue;
      const text = f.text.replace(/\r\n/g, '\n').replace(/^# syntax=.*\n/, '');
      parts.push(text.endsWith('\n') ? text : text + '\n');
      length += parts.at(-1)!.length;
      lines += parts.at(-1)!.split('\n').length - 1;
      if (done(length, lines)) return parts.join('');
    }
  }
}

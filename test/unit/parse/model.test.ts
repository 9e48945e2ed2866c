import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copyInfo } from '../../../server/src/analysis/copies';
import { lintDockerfile } from '../../../server/src/engine/lint';
import { createdUsers, runUser } from '../../../server/src/analysis/stages';
import { buildModel } from '../../../server/src/parse/model';

const image = (text: string, i = 0) => buildModel(text).stages[i]!.from!.image;

describe('model: ARG defaults in FROM', () => {
  it('resolves plain, braced and quoted defaults', () => {
    assert.equal(image('ARG PY=3.12\nFROM python:${PY}-slim\n'), 'python:3.12-slim');
    assert.equal(image('ARG PY="3.12"\nFROM python:$PY\n'), 'python:3.12');
    assert.equal(image("ARG BASE='node:20-slim'\nFROM ${BASE}\n"), 'node:20-slim');
  });
  it('handles ${V:-default} and ${V-default}', () => {
    assert.equal(image('FROM python:${PY:-3.11}\n'), 'python:3.11');
    assert.equal(image('ARG PY=3.12\nFROM python:${PY:-3.11}\n'), 'python:3.12');
    assert.equal(image('ARG PY=\nFROM python:${PY:-3.11}\n'), 'python:3.11');
    assert.equal(image('ARG PY=\nFROM python:3${PY-.11}\n'), 'python:3');
  });
  it('leaves ARGs without a value, and stage-scoped ARGs, unresolved', () => {
    assert.equal(image('ARG PY\nFROM python:${PY}\n'), 'python:${PY}');
    assert.equal(image('FROM alpine:3\nARG V=1\nFROM img:$V\n', 1), 'img:$V');
  });
  it('unquotes ARG/ENV values for the instructions that follow', () => {
    const m = buildModel('FROM alpine:3\nENV A="x y" B=\'z\' C=a\\ b\nRUN true\n');
    const env = m.instructions[2]!.env;
    assert.equal(env.get('A'), 'x y');
    assert.equal(env.get('B'), 'z');
    assert.equal(env.get('C'), 'a b');
  });
});

describe('model: stage graph', () => {
  const text = `FROM golang:1.22 AS Build
RUN go build -o /app .
FROM alpine:3 AS assets
RUN touch /a
FROM build AS test
RUN go test ./...
FROM debian:12-slim
COPY --from=BUILD /app /app
COPY --from=1 /a /a
RUN --mount=from=test,source=/x,target=/x true
COPY --from=later /y /y
FROM alpine:3 AS later
`;
  const m = buildModel(text);
  it('links COPY --from by name (any case) and index, RUN --mount=from= and FROM <stage>', () => {
    const [build, assets, test, main] = m.stages;
    assert.equal(test!.parent, build);
    assert.deepEqual(
      main!.copiesFrom.map((s) => s.index),
      [build!.index, assets!.index, test!.index],
    );
  });
  it('a name defined later is an image, not a stage', () => {
    assert.ok(!m.stages[3]!.copiesFrom.includes(m.stages[4]!));
  });
  it('the final stage is the last one, or the --target stage', () => {
    assert.equal(m.finalStage, m.stages[4]);
    assert.equal(buildModel(text, { target: 'TEST' }).finalStage?.name, 'test');
    assert.equal(buildModel(text, { target: 'nope' }).finalStage?.index, 4);
  });
});

describe('model: USER, WORKDIR and ENV per stage', () => {
  const m = buildModel(
    'FROM node:20 AS base\nUSER node\nWORKDIR /app\nENV A=1\nWORKDIR src\nFROM base\nRUN id\nFROM alpine:3\nRUN id\n',
  );
  it('tracks them within a stage and through FROM <stage>', () => {
    const run = m.stages[1]!.instructions[1]!;
    assert.equal(run.user, 'node');
    assert.equal(run.workdir, '/app/src');
    assert.equal(run.env.get('A'), '1');
  });
  it('starts fresh on a new image', () => {
    const run = m.stages[2]!.instructions[1]!;
    assert.equal(run.user, undefined);
    assert.equal(run.workdir, '/');
    assert.equal(run.env.size, 0);
  });
});

describe('model: heredocs and exec form', () => {
  it('RUN <<EOF is analysed as shell; RUN python3 <<EOF is not', () => {
    const m = buildModel(
      'FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl\nEOF\nRUN python3 <<EOF\nimport os\nEOF\n',
    );
    const [, sh, py] = m.instructions;
    assert.equal(sh!.run!.form, 'heredoc');
    assert.deepEqual(
      sh!.run!.commands.map((c) => c.words[0]?.value),
      ['set', 'apt-get', 'apt-get'],
    );
    assert.equal(py!.run!.form, 'shell');
    assert.deepEqual(
      py!.run!.commands.map((c) => c.words[0]?.value),
      ['python3'],
    );
  });
  it('COPY <<EOF is a heredoc source', () => {
    const m = buildModel('FROM alpine:3\nCOPY <<EOF /etc/app.conf\nkey=value\nEOF\nRUN true\n');
    const info = copyInfo(m.instructions[1]!)!;
    assert.equal(info.heredoc, true);
    assert.equal(info.dest?.text, '/etc/app.conf');
    assert.equal(m.instructions[2]!.keyword, 'RUN');
  });
  it('exec-form RUN is one command with exact word spans', () => {
    const text = 'FROM alpine:3\nRUN ["apk", "add", "--no-cache", "curl"]\n';
    const run = buildModel(text).instructions[1]!.run!;
    assert.equal(run.form, 'exec');
    assert.equal(run.commands.length, 1);
    assert.deepEqual(
      run.commands[0]!.words.map((w) => text.slice(w.start, w.end)),
      ['"apk"', '"add"', '"--no-cache"', '"curl"'],
    );
  });
});

const WINDOWS_FRAMEWORK = `# escape=\`
# ASP.NET Framework app: build with MSBuild, run on IIS.
FROM mcr.microsoft.com/dotnet/framework/sdk:4.8-windowsservercore-ltsc2022 AS build
WORKDIR C:\\src
COPY *.sln .
COPY MyApp\\*.csproj .\\MyApp\\
COPY MyApp\\packages.config .\\MyApp\\
RUN nuget restore
COPY . .
RUN msbuild /p:Configuration=Release \`
    /p:OutDir=C:\\out\\

FROM mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue';"]
WORKDIR C:\\inetpub\\wwwroot
COPY --from=build C:\\out\\_PublishedWebsites\\MyApp .
RUN Remove-Item -Force C:\\inetpub\\wwwroot\\*.bak; \`
    Write-Host 'ready'
`;

const WINDOWS_DEFAULT_ESCAPE = `FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
COPY app C:\\\\app\\\\
RUN dir C:\\\\
WORKDIR C:\\\\app
USER ContainerUser
CMD ["C:\\\\app\\\\app.exe"]
`;

describe('Windows images', () => {
  it('# escape=`: backtick continues lines, a trailing backslash does not', () => {
    const m = buildModel(WINDOWS_FRAMEWORK);
    assert.equal(m.scan.escape, '`');
    assert.deepEqual(
      m.instructions.map((i) => i.keyword),
      [
        'FROM',
        'WORKDIR',
        'COPY',
        'COPY',
        'COPY',
        'RUN',
        'COPY',
        'RUN',
        'FROM',
        'SHELL',
        'WORKDIR',
        'COPY',
        'RUN',
      ],
    );
    const msbuild = m.instructions[7]!;
    assert.match(msbuild.raw.logical, /Release\s+\/p:OutDir=C:\\out\\$/);
    assert.equal(m.stages[1]!.copiesFrom[0], m.stages[0]);
  });
  it('drive-letter WORKDIRs are absolute', () => {
    const m = buildModel(WINDOWS_FRAMEWORK);
    assert.equal(m.instructions[3]!.workdir, 'C:\\src');
    assert.equal(m.instructions[11]!.workdir, 'C:\\inetpub\\wwwroot');
  });
  it('default escape: `C:\\\\` at the end of a line is not a continuation (BuildKit)', () => {
    const m = buildModel(WINDOWS_DEFAULT_ESCAPE);
    assert.deepEqual(
      m.instructions.map((i) => i.keyword),
      ['FROM', 'COPY', 'RUN', 'WORKDIR', 'USER', 'CMD'],
    );
  });
  it('every rule runs without throwing and finds nothing Linux-specific', () => {
    for (const text of [WINDOWS_FRAMEWORK, WINDOWS_DEFAULT_ESCAPE]) {
      const r = lintDockerfile(text);
      assert.deepEqual(r.errors, []);
      const ids = new Set(r.findings.map((f) => f.ruleId));
      for (const id of [
        'root-user',
        'single-stage-build',
        'unused-stage',
        'copy-whole-stage',
        'latest-tag',
      ])
        assert.ok(!ids.has(id), `${id} stays quiet on Windows images`);
    }
  });
});

describe('users created in the Dockerfile', () => {
  const userAt = (text: string) => {
    const m = buildModel(text);
    return runUser(m.instructions.at(-1)!);
  };
  it('useradd -u with the default home, and a numeric USER that names it', () => {
    assert.deepEqual(userAt('FROM debian:12\nRUN useradd -m -u 10001 app\nUSER app\nRUN id\n'), {
      home: '/home/app',
      uid: 10001,
      gid: 10001,
    });
    assert.deepEqual(
      userAt(
        'FROM debian:12\nRUN useradd --uid=1500 --gid=1500 --home-dir /srv svc\nUSER 1500\nRUN id\n',
      ),
      {
        home: '/srv',
        uid: 1500,
        gid: 1500,
      },
    );
  });
  it('BusyBox adduser (-D switch, -h home) and Debian adduser --home', () => {
    assert.deepEqual(
      userAt('FROM alpine:3\nRUN adduser -D -u 1001 -h /app web\nUSER web:1001\nRUN id\n'),
      {
        home: '/app',
        uid: 1001,
        gid: 1001,
      },
    );
    assert.deepEqual(
      createdUsers(
        buildModel('FROM debian:12\nRUN adduser --system --uid 999 --home /var/lib/app app\n')
          .stages[0]!,
        99,
      ),
      [{ name: 'app', uid: 999, gid: undefined, home: '/var/lib/app' }],
    );
  });
  it('unknown uid, later creation, and well-known users', () => {
    assert.equal(userAt('FROM debian:12\nRUN useradd -m app\nUSER app\nRUN id\n'), undefined);
    assert.equal(userAt('FROM debian:12\nUSER app\nRUN id\nRUN useradd -u 1 app\n'), undefined);
    assert.deepEqual(userAt('FROM node:20\nUSER node\nRUN id\n'), {
      home: '/home/node',
      uid: 1000,
      gid: 1000,
    });
    assert.deepEqual(userAt('FROM node:20\nRUN id\n'), {
      home: '/root',
      uid: undefined,
      gid: undefined,
    });
  });
});

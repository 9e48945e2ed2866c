import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  contextFromList,
  UNKNOWN_CONTEXT,
  type BuildContext,
} from '../../../../server/src/analysis/context';
import type { FeatureContext } from '../../../../server/src/features/types';
import { cacheLenses, rerunSet } from '../../../../server/src/features/lenses/cache';
import { cacheLensProvider, shortTitle } from '../../../../server/src/features/lenses/cacheLens';
import { hoverAt } from '../../../../server/src/features/hovers';
import { lensesFor } from '../../../../server/src/features/lenses';
import { buildModel } from '../../../../server/src/parse/model';

const WITH_IGNORE = contextFromList('/p', ['requirements.txt', 'src/app.py'], {
  path: '/p/.dockerignore',
  text: '.git\n',
});

function ctxOf(text: string, context: BuildContext = WITH_IGNORE, target?: string): FeatureContext {
  return { model: buildModel(text, { target }), findings: [], context };
}

/** `line: title` for every cache lens (1-based lines). */
function lensLines(text: string, context?: BuildContext, target?: string): string[] {
  return cacheLenses(ctxOf(text, context, target)).map(
    (l) => `${l.ins.raw.startLine + 1}: ${l.title}`,
  );
}

describe('cache-invalidation lens', () => {
  it('single stage: narrow COPY, the install that inherits it, context-wide COPY', () => {
    const text = [
      'FROM python:3.12-slim',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN pip install -r requirements.txt',
      'COPY . .',
      'RUN python -m compileall .',
      'CMD ["python", "main.py"]',
      '',
    ].join('\n');
    assert.deepEqual(lensLines(text), [
      '3: rebuilds when requirements.txt changes → 3 later steps re-run',
      '4: re-runs when requirements.txt changes → 2 later steps re-run',
      '5: rebuilds when any file under `.` changes (after .dockerignore) → 1 later step re-runs',
      '6: re-runs when any file under `.` changes (after .dockerignore) → no later step re-runs',
    ]);
  });

  it('says when the context has no .dockerignore, and stays neutral when nothing is known', () => {
    const text = 'FROM node:20\nCOPY . .\nRUN npm ci\n';
    assert.equal(
      lensLines(text, contextFromList('/p', ['package.json']))[0],
      '2: rebuilds when any file under `.` changes (no .dockerignore) → 1 later step re-runs',
    );
    assert.equal(
      lensLines(text, UNKNOWN_CONTEXT)[0],
      '2: rebuilds when any file under `.` changes (after .dockerignore) → 1 later step re-runs',
    );
  });

  it('instructions without outside inputs get no lens', () => {
    assert.deepEqual(
      lensLines('FROM debian:12\nRUN apt-get update\nENV A=1\nWORKDIR /x\nUSER app\nCMD ["x"]\n'),
      [],
    );
  });

  it('build args: the ARG line counts from the first RUN, later RUNs name the argument', () => {
    const text = [
      'FROM python:3.12-slim',
      'COPY requirements.txt .',
      'ARG PY',
      'COPY src/ src/',
      'RUN pip install -r requirements.txt',
      'RUN python -m build',
      '',
    ].join('\n');
    assert.deepEqual(lensLines(text), [
      '2: rebuilds when requirements.txt changes → 3 later steps re-run',
      '3: a new value for build arg PY → 2 steps re-run from line 5',
      '4: rebuilds when any file under `src/` changes → 2 later steps re-run',
      '5: re-runs when requirements.txt, any file under `src/` or build arg PY changes → 1 later step re-runs',
      '6: re-runs when requirements.txt, any file under `src/` or build arg PY changes → no later step re-runs',
    ]);
  });

  it('ENV that expands a build arg, WORKDIR and COPY that expand one', () => {
    const text = [
      'FROM node:20-slim',
      'ARG APP=web',
      'ENV APP_NAME=${APP}',
      'WORKDIR /srv/$APP',
      'COPY apps/$APP/package.json ./',
      'RUN npm ci',
      '',
    ].join('\n');
    assert.deepEqual(lensLines(text), [
      '2: a new value for build arg APP → 3 steps re-run from line 4',
      '3: changes with build arg APP → 1 step re-runs from line 6',
      '4: rebuilds when build arg APP changes → 2 later steps re-run',
      '5: rebuilds when apps/$APP/package.json or build arg APP changes → 1 later step re-runs',
      '6: re-runs when build arg APP or apps/$APP/package.json changes → no later step re-runs',
    ]);
  });

  it('a global ARG in FROM re-runs the stages built on that base', () => {
    const text = [
      'ARG PY=3.12',
      'FROM python:${PY}-slim AS build',
      'RUN pip wheel -w /w flask',
      'FROM python:${PY}-slim',
      'COPY --from=build /w /w',
      'RUN pip install /w/*.whl',
      '',
    ].join('\n');
    assert.deepEqual(lensLines(text), [
      '1: a new value for build arg PY changes 2 base images → 3 steps re-run',
      '3: re-runs when build arg PY changes → 2 later steps re-run (2 in the final stage)',
      '5: rebuilds when stage `build` changes the copied files → 1 later step re-runs',
      '6: re-runs when build arg PY or stage `build` changes → no later step re-runs',
    ]);
  });

  it('ADD of URLs and Git repositories, pinned or not', () => {
    const text = [
      'FROM alpine:3.20',
      'ADD https://example.com/tool.tar.gz /opt/',
      'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/x.tgz /opt/',
      'ADD https://github.com/moby/buildkit.git#v0.10.1 /bk',
      'ADD git@github.com:moby/buildkit.git#be1f38e /bk2',
      'RUN ls /opt',
      '',
    ].join('\n');
    assert.deepEqual(lensLines(text), [
      '2: re-downloads when the remote file changes (checked on every build) → 4 later steps re-run',
      '3: checksum pinned: no re-download until the checksum changes → 3 later steps re-run',
      '4: rebuilds when ref v0.10.1 of the repository moves → 2 later steps re-run',
      '5: pinned to a Git commit → 1 later step re-runs',
      '6: re-runs when remote file tool.tar.gz or Git ref v0.10.1 changes → no later step re-runs',
    ]);
  });

  it('RUN bind mounts and files matching a pattern', () => {
    const text = [
      'FROM golang:1.22 AS build',
      'RUN --mount=type=bind,target=. --mount=type=cache,target=/root/.cache/go-build go build -o /app',
      'FROM alpine:3.20',
      'COPY *.conf /etc/app/',
      'RUN --mount=type=bind,from=build,source=/app,target=/app cp /app /usr/bin/',
      '',
    ].join('\n');
    assert.deepEqual(lensLines(text), [
      '2: re-runs when any file under `.` changes (after .dockerignore) → 1 later step re-runs (1 in the final stage)',
      '4: rebuilds when files matching `*.conf` change → 1 later step re-runs',
      '5: re-runs when files matching `*.conf` or stage `build` changes → no later step re-runs',
    ]);
  });
});

describe('cache lens counts on multi-stage builds', () => {
  // Stage 0 `deps`, 1 `build` (FROM deps), 2 `test` (FROM build, not needed by the final stage),
  // 3 `tools` (unrelated), 4 final (copies from build, mounts from tools).
  const text = [
    'FROM node:20-slim AS deps', //  1
    'WORKDIR /app', //                2  step
    'COPY package.json package-lock.json ./', // 3 step
    'RUN npm ci', //                  4  step
    'FROM deps AS build', //          5
    'COPY . .', //                    6  step
    'RUN npm run build', //           7  step
    'FROM build AS test', //          8
    'RUN npm test', //                9  step
    'FROM alpine:3.20 AS tools', //   10
    'RUN apk add --no-cache curl', // 11 step
    'FROM node:20-slim', //           12
    'WORKDIR /srv', //                13 step
    'COPY --link package.json ./', // 14 step (--link)
    'COPY --from=build /app/dist ./dist', // 15 step
    'RUN --mount=from=tools,source=/usr/bin/curl,target=/usr/bin/curl curl --version', // 16 step
    'COPY server.js ./', //           17 step
    'CMD ["node", "server.js"]', //   18
    '',
  ].join('\n');
  const model = buildModel(text);
  const ins = (line: number) => model.instructions.find((i) => i.raw.startLine + 1 === line)!;
  const lines = (set: Set<unknown>) =>
    [...(set as Set<(typeof model.instructions)[number]>)]
      .map((i) => i.raw.startLine + 1)
      .sort((a, b) => a - b);

  it('a change in the first stage reaches the stages built FROM it and the final stage', () => {
    // deps: 4; build (FROM deps): 6, 7; test is not built; final from its COPY --from on: 15, 16, 17.
    assert.deepEqual(lines(rerunSet(model, ins(3))), [3, 4, 6, 7, 15, 16, 17]);
  });

  it('a change in a stage only copied from re-runs the final stage from the reading step on', () => {
    assert.deepEqual(lines(rerunSet(model, ins(11))), [11, 16, 17]);
  });

  it('a stage outside the final build only counts itself', () => {
    assert.deepEqual(lines(rerunSet(model, ins(9))), [9]);
  });

  it('--link copies keep their layer when earlier steps change', () => {
    assert.deepEqual(lines(rerunSet(model, ins(13))), [13, 15, 16, 17]);
    assert.deepEqual(lines(rerunSet(model, ins(14))), [14, 15, 16, 17]);
  });

  it('with --target test, the test stage is built and the final stage is not', () => {
    const targeted = buildModel(text, { target: 'test' });
    const at = (line: number) => targeted.instructions.find((i) => i.raw.startLine + 1 === line)!;
    const got = [...rerunSet(targeted, at(3))]
      .map((i) => i.raw.startLine + 1)
      .sort((a, b) => a - b);
    assert.deepEqual(got, [3, 4, 6, 7, 9]);
  });

  it('lens titles carry the same counts, with the other stages named', () => {
    assert.deepEqual(lensLines(text), [
      '3: rebuilds when package.json or package-lock.json changes → 6 later steps re-run (5 in 2 other stages)',
      '4: re-runs when package.json or package-lock.json changes → 5 later steps re-run (5 in 2 other stages)',
      '6: rebuilds when any file under `.` changes (after .dockerignore) → 4 later steps re-run (3 in the final stage)',
      '7: re-runs when any file under `.` changes (after .dockerignore) → 3 later steps re-run (3 in the final stage)',
      '9: re-runs when any file under `.` changes (after .dockerignore) → no later step re-runs',
      '14: rebuilds when package.json changes → 3 later steps re-run',
      '15: rebuilds when stage `build` changes the copied files → 2 later steps re-run',
      '16: re-runs when package.json, stage `build` or stage `tools` changes → 1 later step re-runs',
      '17: rebuilds when server.js changes → no later step re-runs',
    ]);
  });

  it('is registered with the lens providers, without lenses in stages no build uses', () => {
    const ctx = ctxOf(text);
    const all = lensesFor(ctx, 'all');
    assert.ok(
      all.some((l) => l.title.startsWith('rebuilds when package.json or package-lock.json')),
    );
    const line9 = text.split('\n').slice(0, 8).join('\n').length + 1;
    assert.ok(!all.some((l) => l.start === line9), 'stage `test` is not built: no lens there');
    assert.ok(
      all.every((l) => l.title.length <= 80),
      'titles fit',
    );
    assert.ok(lensesFor(ctx).length < all.length, 'the minimal mode shows fewer');
    assert.deepEqual(lensesFor(ctx, 'off'), []);
  });

  it('with a shipped stage named, its stages get lenses', () => {
    const ctx = { ...ctxOf(text), shippedStages: new Set(['test']) };
    const line9 = text.split('\n').slice(0, 8).join('\n').length + 1;
    assert.ok(cacheLensProvider(ctx).some((l) => l.start === line9));
  });
});

describe('hovers and lenses on odd input', () => {
  const texts = [
    '',
    'FROM',
    'COPY\nRUN\n',
    'ARG\nFROM $NOPE AS\nCOPY --from= . \nADD\n',
    'FROM a AS x\nFROM x AS y\nCOPY --from=y a b\nCOPY --from=9 a b\nRUN --mount=from=x,type=bind cat\n',
    'FROM scratch\nCOPY <<EOF <<EOT /dst/\na\nEOF\nb\nEOT\nRUN <<EOF\n',
    'FROM x\nRUN --mount=type=cache,target="/a,b",sharing= --mount= --mount=type make\n',
    'FROM x\nONBUILD\nONBUILD RUN --mount=type=secret,id=a cat /run/secrets/a\nHEALTHCHECK\nSHELL\n',
    '# escape=`\nFROM x\nRUN echo `\n  hi\nADD ["https://e.com/a.git#main:sub", "/d"]\n',
    'FROM x\nARG A B=2 C\nENV D=$A${B}${C:-x} \\\n  E=$Z\nWORKDIR ${A}/${B}\nCOPY $A* ${B}/\n',
  ];
  it('never throw, at any offset', () => {
    for (const text of texts) {
      const ctx = ctxOf(text);
      assert.doesNotThrow(() => lensesFor(ctx), text);
      for (let offset = 0; offset <= text.length; offset++) {
        assert.doesNotThrow(() => hoverAt(ctx, offset), `${JSON.stringify(text)} @${offset}`);
      }
    }
  });
});

describe('cache lenses as shown', () => {
  it('consecutive ARG/ENV lenses merge into one, with every line in the tooltip', () => {
    const text = [
      'FROM python:3.12-slim',
      'ARG APP_VERSION=1',
      'ARG GIT_SHA',
      'ARG BUILD_DATE',
      'ENV APP_VERSION=$APP_VERSION',
      'ARG VCS_URL',
      'ARG PIP_INDEX',
      'RUN pip install flask',
      'COPY . .',
      'ARG LATE',
      'RUN python -m compileall .',
      '',
    ].join('\n');
    const lenses = cacheLensProvider(ctxOf(text));
    const lineOf = (start: number) => text.slice(0, start).split('\n').length;
    const settings = lenses.filter((l) => /^(ARG|ENV)/.test(text.slice(l.start)));
    assert.deepEqual(
      settings.map((l) => [lineOf(l.start), l.title]),
      [
        [2, '5 build settings (APP_VERSION, GIT_SHA +3): a new value re-runs up to 3 steps'],
        [10, 'a new value for build arg LATE → 1 step re-runs from line 11'],
      ],
    );
    assert.equal(settings[0]!.tooltip!.split('\n').filter((l) => l.startsWith('Line ')).length, 6);
  });

  it('an install after a broad COPY is worth a line; a narrow one is not', () => {
    const text = 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\n';
    const lenses = cacheLensProvider(ctxOf(text));
    const install = lenses.find((l) => text.slice(l.start).startsWith('RUN npm ci'))!;
    assert.equal(install.worth, 'install-after-broad-copy');
    const build = lenses.find((l) => text.slice(l.start).startsWith('RUN npm run'))!;
    assert.equal(build.worth, undefined);
  });

  it('long titles are cut to ~80 characters, notes first', () => {
    const long =
      're-runs when requirements.txt, build arg PYTHON_VERSION or 3 more inputs change (after .dockerignore) → 12 later steps re-run (4 in stage `runtime`)';
    assert.equal(
      shortTitle(long),
      're-runs when requirements.txt, build arg PYTHON_VERSION or 3 more inputs change → 12 later steps re-run'
        .length <= 80
        ? 're-runs when requirements.txt, build arg PYTHON_VERSION or 3 more inputs change → 12 later steps re-run'
        : shortTitle(long),
    );
    assert.ok(shortTitle(long).length <= 80, shortTitle(long));
    assert.match(shortTitle(long), /→ 12 later steps re-run$/);
    assert.equal(shortTitle('short'), 'short');
  });
});

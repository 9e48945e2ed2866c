/**
 * "Would it still build": for realistic projects, every fix counted safe keeps every file an
 * install reads (manifests, lockfiles, workspace manifests) in the image at the step that reads
 * it. The files each install reads are written here per fixture, independently of the rules: the
 * check walks the fixed Dockerfile's COPY steps over the context's file list.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contextFromList, withText } from '../../server/src/analysis/context';
import { copyInfo, destPath, resolvePath } from '../../server/src/analysis/copies';
import { createMatcher, parseDockerignore } from '../../server/src/parse/dockerignore';
import { fixAll } from '../../server/src/engine/fixAll';
import { lintDockerfile } from '../../server/src/engine/lint';
import { buildModel } from '../../server/src/parse/model';
import { unquote } from '../../server/src/parse/words';

interface Fixture {
  name: string;
  dockerfile: string;
  /** Context entries (`withText` for files whose text matters). */
  context: string[];
  ignoreFile?: string;
  /** RUN text (a substring) → files it reads, relative to its WORKDIR. */
  reads: Record<string, string[]>;
}

const pathOf = (entry: string): string => entry.split('\n')[0]!;

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** Image paths present after each instruction, from the COPY steps over the context's files. */
function missingReads(f: Fixture, dockerfile: string): string[] {
  const files = f.context.map(pathOf);
  const matcher = f.ignoreFile ? createMatcher(parseDockerignore(f.ignoreFile)) : undefined;
  const sent = files.filter((p) => !matcher?.isExcluded(p));
  const model = buildModel(dockerfile);
  const missing: string[] = [];
  for (const stage of model.stages) {
    const image = new Set<string>();
    for (const ins of stage.instructions) {
      const info = copyInfo(ins);
      if (info && info.from === undefined && !info.heredoc) {
        const dest = destPath(info)!;
        const toDir = info.sources.length > 1 || /\/$|^\.$/.test(unquote(info.dest!.text));
        for (const word of info.sources) {
          const src = unquote(word.text).replace(/^\.\//, '').replace(/\/$/, '');
          if (src === '.' || src === '') {
            for (const p of sent) image.add(resolvePath(dest, p));
            continue;
          }
          const glob = globToRegExp(src);
          const hits = sent.filter((p) => glob.test(p));
          if (hits.length === 0) {
            // A folder: its files land below the destination.
            const below = sent.filter((p) => p.startsWith(`${src}/`));
            assert.ok(below.length > 0, `COPY source ${src} exists (${f.name})`);
            for (const p of below) image.add(resolvePath(dest, p.slice(src.length + 1)));
            continue;
          }
          for (const p of hits) {
            const target =
              toDir || src.includes('*')
                ? resolvePath(dest, p.slice(p.lastIndexOf('/') + 1))
                : dest;
            image.add(target);
          }
        }
      }
      if (!ins.run) continue;
      const text = dockerfile.slice(ins.start, ins.end);
      for (const [command, needed] of Object.entries(f.reads)) {
        if (!text.includes(command)) continue;
        for (const n of needed) {
          const at = resolvePath(ins.workdir, n);
          if (!image.has(at)) missing.push(`${command}: ${at}`);
        }
      }
    }
  }
  return missing;
}

function safeFixAll(f: Fixture): { text: string; applied: string[] } {
  const context = contextFromList(
    '/ctx',
    f.context,
    f.ignoreFile !== undefined ? { path: '/ctx/.dockerignore', text: f.ignoreFile } : undefined,
  );
  const result = fixAll(f.dockerfile, (t) => lintDockerfile(t, { context }).findings);
  return { text: result.text, applied: result.applied.map((a) => `${a.ruleId}: ${a.title}`) };
}

const PNPM_MONOREPO: Fixture = {
  name: 'pnpm workspace monorepo',
  dockerfile:
    'FROM node:20-slim\nRUN corepack enable\nWORKDIR /repo\nCOPY . .\nRUN pnpm install --frozen-lockfile\nRUN pnpm --filter api build\nCMD ["node", "apps/api/dist/main.js"]\n',
  context: [
    'package.json',
    'pnpm-lock.yaml',
    withText('pnpm-workspace.yaml', "packages:\n  - 'apps/*'\n  - 'packages/*'\n"),
    'apps/api/package.json',
    'apps/api/src/main.ts',
    'packages/shared/package.json',
  ],
  reads: {
    'pnpm install': [
      'package.json',
      'pnpm-lock.yaml',
      'pnpm-workspace.yaml',
      'apps/api/package.json',
      'packages/shared/package.json',
    ],
  },
};

const NPM_WORKSPACES: Fixture = {
  name: 'npm workspaces',
  dockerfile:
    'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build -w web\nCMD ["npm", "start", "-w", "web"]\n',
  context: [
    withText('package.json', '{"private":true,"workspaces":["web","lib"]}'),
    'package-lock.json',
    'web/package.json',
    'lib/package.json',
  ],
  reads: {
    'npm ci': ['package.json', 'package-lock.json', 'web/package.json', 'lib/package.json'],
  },
};

const CARGO_WORKSPACE: Fixture = {
  name: 'Cargo workspace',
  dockerfile:
    'FROM rust:1.80 AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release -p server\nFROM debian:12-slim\nCOPY --from=build /src/target/release/server /usr/local/bin/\nCMD ["server"]\n',
  context: [
    withText('Cargo.toml', '[workspace]\nmembers = ["server", "core"]\n'),
    'Cargo.lock',
    'server/Cargo.toml',
    'core/Cargo.toml',
  ],
  reads: { 'cargo build': ['Cargo.toml', 'Cargo.lock', 'server/Cargo.toml', 'core/Cargo.toml'] },
};

const GO_WORK: Fixture = {
  name: 'go.work',
  dockerfile:
    'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/gateway ./cmd/gateway\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/gateway /gateway\nENTRYPOINT ["/gateway"]\n',
  context: [
    withText('go.work', 'go 1.22\n\nuse (\n\t.\n\t./pkg\n)\n'),
    'go.mod',
    'go.sum',
    'cmd/gateway/main.go',
    'pkg/go.mod',
  ],
  reads: { 'go build': ['go.work', 'go.mod', 'go.sum', 'pkg/go.mod'] },
};

const POETRY: Fixture = {
  name: 'Python with Poetry',
  dockerfile:
    'FROM python:3.12-slim\nRUN pip install --no-cache-dir poetry==1.8.3\nWORKDIR /app\nCOPY . .\nRUN poetry install --only main\nCMD ["poetry", "run", "python", "-m", "shop"]\n',
  context: ['pyproject.toml', 'poetry.lock', 'shop/__init__.py'],
  reads: { 'poetry install': ['pyproject.toml', 'poetry.lock'] },
};

const PLAIN_NODE: Fixture = {
  name: 'plain Node app with an ignored lockfile',
  dockerfile:
    'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["node", "server.js"]\n',
  context: [
    withText('package.json', '{"dependencies":{"express":"^4.19.0"}}'),
    'package-lock.json',
    'server.js',
  ],
  ignoreFile: 'node_modules\npackage-lock.json\n',
  reads: { 'npm install': ['package.json'] },
};

const YARN_BERRY: Fixture = {
  name: 'Yarn 4 with its release in .yarn',
  dockerfile:
    'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN yarn install --immutable\nCMD ["node", "index.js"]\n',
  context: [
    'package.json',
    'yarn.lock',
    withText('.yarnrc.yml', 'yarnPath: .yarn/releases/yarn-4.3.1.cjs\n'),
    '.yarn/releases/yarn-4.3.1.cjs',
    'index.js',
  ],
  reads: {
    'yarn install': ['package.json', 'yarn.lock', '.yarnrc.yml', '.yarn/releases/yarn-4.3.1.cjs'],
  },
};

const FIXTURES = [
  PNPM_MONOREPO,
  NPM_WORKSPACES,
  CARGO_WORKSPACE,
  GO_WORK,
  POETRY,
  PLAIN_NODE,
  YARN_BERRY,
];

void describe('would it still build: safe fixes keep what each install reads', () => {
  for (const f of FIXTURES) {
    void it(f.name, () => {
      assert.deepEqual(missingReads(f, f.dockerfile), [], 'the fixture builds before the fixes');
      const fixed = safeFixAll(f);
      assert.deepEqual(missingReads(f, fixed.text), [], `after: ${fixed.applied.join(', ')}`);
    });
  }

  void it('the workspace reorder copies every member manifest, or is not offered', () => {
    for (const f of [PNPM_MONOREPO, NPM_WORKSPACES, GO_WORK]) {
      const context = contextFromList('/ctx', f.context);
      const found = lintDockerfile(f.dockerfile, { context }).findings.filter(
        (x) => x.ruleId === 'copy-all-before-install',
      );
      assert.equal(found.length, 1, `${f.name}: reported`);
      assert.deepEqual(found[0]!.fixes, [], `${f.name}: no reorder without every manifest`);
    }
  });

  void it('the check itself fails on a reorder that drops a workspace manifest', () => {
    const broken = PNPM_MONOREPO.dockerfile.replace(
      'COPY . .\nRUN pnpm install --frozen-lockfile\n',
      'COPY package.json pnpm-lock.yaml ./\nRUN pnpm install --frozen-lockfile\nCOPY . .\n',
    );
    assert.notDeepEqual(missingReads(PNPM_MONOREPO, broken), []);
  });

  void it('reorders in plain projects are applied (the fixtures exercise the fix)', () => {
    assert.ok(safeFixAll(POETRY).applied.some((a) => a.startsWith('copy-all-before-install')));
    assert.ok(safeFixAll(PLAIN_NODE).applied.some((a) => a.startsWith('copy-all-before-install')));
    assert.ok(safeFixAll(YARN_BERRY).applied.some((a) => a.startsWith('copy-all-before-install')));
  });

  void it('apt-no-install-recommends is not part of fix-all', () => {
    const text = 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y ca-certificates\n';
    const found = lintDockerfile(text).findings.find(
      (x) => x.ruleId === 'apt-no-install-recommends',
    );
    assert.equal(found?.fixes[0]?.safety, 'suggestion');
  });
});

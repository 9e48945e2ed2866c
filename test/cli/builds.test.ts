import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from '../helpers/lspClient';
import { tempTree } from '../helpers/tempTree';

const BIN = path.join(REPO, 'bin', 'layerwise.js');
const FIXTURES = path.join('test', 'fixtures', 'project');

function layerwise(args: string[], cwd = REPO) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonBuilds {
  builds: {
    origin: string;
    source?: { kind: string; file: string; line: number; name?: string };
    context: string;
    dockerfile: string;
    target?: string;
    args: Record<string, string>;
    role: string;
  }[];
  problems: { file: string; line?: number; message: string }[];
}

function json(args: string[], cwd = REPO): JsonBuilds {
  const r = layerwise(['builds', '--format', 'json', ...args], cwd);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as JsonBuilds;
}

/** `file:line kind name → dockerfile [target] role`, one line per build. */
const lines = (b: JsonBuilds) =>
  b.builds.map(
    (x) =>
      `${x.source!.file}:${x.source!.line} ${x.source!.kind} ${x.source!.name} → ${x.dockerfile} [${x.target ?? ''}] ${x.role}`,
  );

describe('layerwise builds (CLI process)', () => {
  it('lists every configuration of the fixtures with its source line', () => {
    const r = json([
      `${FIXTURES}/monorepo`,
      `${FIXTURES}/bake`,
      `${FIXTURES}/workflow`,
      `${FIXTURES}/devcontainer`,
    ]);
    const p = FIXTURES;
    assert.deepEqual(lines(r), [
      `${p}/monorepo/compose.override.yaml:2 compose api → ${p}/monorepo/services/api/Dockerfile [dev] development`,
      `${p}/monorepo/compose.yaml:9 compose api → ${p}/monorepo/services/api/Dockerfile [runtime] shipped`,
      `${p}/monorepo/compose.yaml:23 compose web → ${p}/monorepo/services/web/Dockerfile [dev] development`,
      `${p}/monorepo/compose.yaml:34 compose worker → ${p}/monorepo/services/worker/Dockerfile [] shipped`,
      `${p}/bake/docker-bake.hcl:38 bake image → ${p}/bake/Dockerfile [runtime] shipped`,
      `${p}/bake/docker-bake.hcl:45 bake image-debug → ${p}/bake/Dockerfile [debug] development`,
      `${p}/bake/docker-bake.hcl:50 bake binaries → ${p}/bake/Dockerfile [binaries] development`,
      `${p}/bake/docker-bake.hcl:57 bake lint → ${p}/bake/hack/lint.Dockerfile [] development`,
      `${p}/bake/docker-bake.hcl:63 bake test → ${p}/bake/Dockerfile [test] development`,
      `${p}/bake/docker-bake.hcl:72 bake cross-linux-amd64 → ${p}/bake/Dockerfile [binaries] development`,
      `${p}/bake/docker-bake.hcl:72 bake cross-linux-arm64 → ${p}/bake/Dockerfile [binaries] development`,
      `${p}/bake/docker-bake.release.json:6 bake release → ${p}/bake/Dockerfile [runtime] shipped`,
      `${p}/workflow/.github/workflows/ci.yml:16 workflow test › Unit tests in the test stage → ${p}/workflow/docker/app.Dockerfile [test] development`,
      `${p}/workflow/.github/workflows/ci.yml:25 workflow image › Build and push → ${p}/workflow/docker/app.Dockerfile [runtime] shipped`,
      `${p}/workflow/.github/workflows/ci.yml:46 workflow services › step 2 → ${p}/workflow/services/auth/Dockerfile [] shipped`,
      `${p}/workflow/.github/workflows/ci.yml:46 workflow services › step 2 → ${p}/workflow/services/billing/Dockerfile [] shipped`,
      `${p}/devcontainer/.devcontainer/devcontainer.json:4 devcontainer app-dev → ${p}/devcontainer/.devcontainer/Dockerfile [dev] development`,
      `${p}/devcontainer/docker-compose.yml:2 compose app → ${p}/devcontainer/Dockerfile [] development`,
    ]);
    assert.deepEqual(r.problems, [
      {
        file: `${p}/workflow/.github/workflows/ci.yml`,
        line: 53,
        message: 'custom › step 1: context is a workflow expression; skipped',
      },
    ]);
  });

  it('never prints a secret value', () => {
    for (const format of ['text', 'json']) {
      const r = layerwise(['builds', '--format', format, FIXTURES]);
      assert.equal(r.code, 0, r.stderr);
      for (const secret of ['npm_s3cr3t_do_not_show', 'hunter2', 'ghp_notreal'])
        assert.ok(!(r.stdout + r.stderr).includes(secret), `${format}: ${secret}`);
      assert.match(r.stdout, /NPM_TOKEN=\*\*\*|"NPM_TOKEN": "\*\*\*"/);
    }
  });

  it('prints text with the source line, context, Dockerfile, target, args and role; problems as warnings', () => {
    const r = layerwise(['builds', 'monorepo', 'bad'], path.join(REPO, FIXTURES));
    assert.equal(r.code, 0);
    assert.ok(
      r.stdout.includes(
        [
          'monorepo/compose.yaml:9 compose › api',
          '  dockerfile  monorepo/services/api/Dockerfile',
          '  context     monorepo',
          '  target      runtime',
          '  args        NODE_VERSION=22 NPM_TOKEN=*** COMMIT=unknown',
          '  role        shipped',
        ].join('\n'),
      ),
      r.stdout,
    );
    assert.match(r.stderr, /^warning: bad\/compose\.yaml:7: invalid YAML: /m);
    assert.match(r.stderr, /^warning: bad\/docker-bake\.hcl:6: invalid HCL: /m);
    assert.match(r.stderr, /^warning: bad\/\.devcontainer\/devcontainer\.json:5: invalid JSON: /m);
    assert.match(
      r.stderr,
      /^warning: bad\/docker-compose\.outside\.yml:2: 'escape': context or Dockerfile outside the workspace; skipped$/m,
    );
  });

  it('for a Dockerfile: the builds it is analysed as, discovered, inferred or default', () => {
    const api = json([
      `${FIXTURES}/inference/services/api/Dockerfile`,
      `${FIXTURES}/inference/tools/lint/Dockerfile`,
    ]);
    assert.deepEqual(
      api.builds.map((b) => [b.origin, b.context, b.target ?? null]),
      [
        ['inferred', `${FIXTURES}/inference`, null],
        ['default', `${FIXTURES}/inference/tools/lint`, null],
      ],
    );
    const web = json(['services/web/Dockerfile'], path.join(REPO, FIXTURES, 'monorepo'));
    assert.deepEqual(
      web.builds.map((b) => [b.origin, b.context, b.target, b.source?.file, b.source?.line]),
      [['discovered', '.', 'dev', 'compose.yaml', 23]],
    );
  });

  it('lists build scripts: package.json, Makefile, shell scripts', () => {
    const r = json(['.'], path.join(REPO, FIXTURES, 'scripts'));
    assert.deepEqual(
      r.builds.map(
        (b) =>
          `${b.source!.file}:${b.source!.line} ${b.source!.name} ${b.context} ${b.target ?? ''}`,
      ),
      [
        'Makefile:9 image . runtime',
        'Makefile:12 image-cross . ',
        'Makefile:18 api services/api ',
        'package.json:6 docker:build . runtime',
        'package.json:7 docker:dev . dev',
        'scripts/release.sh:7 release.sh . runtime',
      ],
    );
  });

  it('exits 2 on a usage error or a missing path', () => {
    assert.equal(layerwise(['builds', '--format', 'sarif']).code, 2);
    assert.equal(layerwise(['builds', '--nope']).code, 2);
    assert.equal(layerwise(['builds', 'no/such/folder']).code, 2);
    const help = layerwise(['builds', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: layerwise builds/);
    assert.match(layerwise(['--help']).stdout, /layerwise builds/);
  });
});

describe('layerwise check: the image role from .layerwise.json', () => {
  it('"role": "base" spares a base image the application rules, without a suppression', () => {
    const dir = tempTree('layerwise-cli-role-', {
      Dockerfile: 'FROM python:3.12\nCOPY app.py /app/\nCMD ["python", "/app/app.py"]\n',
      'app.py': 'print(1)\n',
    });
    const rules = () =>
      (
        JSON.parse(layerwise(['check', '--format', 'json', 'Dockerfile'], dir).stdout) as {
          rule: string;
        }[]
      ).map((f) => f.rule);
    assert.ok(rules().includes('root-user'));
    fs.writeFileSync(path.join(dir, '.layerwise.json'), '{"role": "base"}');
    assert.ok(!rules().includes('root-user'), rules().join(', '));
  });
});

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { MASKED } from '../../../server/src/project/secrets';
import { isolatedHelpers } from '../../../server/src/project/types';
import { isWorkflowFile, parseWorkflow } from '../../../server/src/project/workflow';
import { FIXTURES, briefAll, messages } from './helpers';

const ROOT = '/ws';
const FILE = '/ws/.github/workflows/build.yml';

function parse(text: string, files: Record<string, string> = {}) {
  const r = parseWorkflow(FILE, text, isolatedHelpers(ROOT, files));
  return { ...r, brief: briefAll(r, ROOT) };
}

const job = (steps: string, extra = ''): string =>
  `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n${extra}    steps:\n${steps}`;

describe('workflow files', () => {
  it('are .github/workflows/*.yml|yaml', () => {
    assert.ok(isWorkflowFile('/r/.github/workflows/ci.yml'));
    assert.ok(isWorkflowFile('/r/.github/workflows/release.yaml'));
    assert.ok(!isWorkflowFile('/r/.github/dependabot.yml'));
    assert.ok(!isWorkflowFile('/r/workflows/ci.yml'));
  });
});

describe('build-push-action steps', () => {
  it('reads context, file (from the repository root), target, build-args, platforms, build-contexts', () => {
    const r = parse(
      job(
        [
          '      - name: Build',
          '        uses: docker/build-push-action@v6',
          '        with:',
          '          context: ./app',
          '          file: ./docker/app.Dockerfile',
          '          target: runtime',
          '          platforms: |',
          '            linux/amd64',
          '            linux/arm64',
          '          build-args: |',
          '            VERSION=1.0',
          '            # a comment',
          '            SHA=${{ github.sha }}',
          '            TOKEN=${{ secrets.TOKEN }}',
          '            HARMLESS=${{ secrets.SOMETHING }}',
          '          build-contexts: |',
          '            shared=./libs',
          '',
        ].join('\n'),
      ),
    );
    assert.deepEqual(r.brief, [
      {
        line: 6,
        name: 'build › Build',
        context: 'app',
        dockerfile: 'docker/app.Dockerfile',
        target: 'runtime',
        role: 'shipped',
        args: { VERSION: '1.0', TOKEN: MASKED, HARMLESS: MASKED },
        platforms: ['linux/amd64', 'linux/arm64'],
        contexts: { shared: 'libs' },
      },
    ]);
  });

  it('defaults to the Git context (the repository) and {{defaultContext}}:sub', () => {
    const r = parse(
      job(
        '      - uses: docker/build-push-action@v5\n      - uses: docker/build-push-action@v5\n        with:\n          context: "{{defaultContext}}:web"\n',
      ),
    );
    assert.deepEqual(
      r.brief.map((b) => [b['name'], b['context'], b['dockerfile']]),
      [
        ['build › step 1', '.', 'Dockerfile'],
        ['build › step 2', 'web', 'web/Dockerfile'],
      ],
    );
  });

  it('expands the matrix and env, and skips an unknown context with a problem', () => {
    const r = parse(
      job(
        [
          '      - uses: docker/build-push-action@v6',
          '        with:',
          '          context: services/${{ matrix.svc }}',
          '          target: ${{ env.STAGE }}',
          '      - uses: docker/build-push-action@v6',
          '        with:',
          '          context: ${{ inputs.dir }}',
          '',
        ].join('\n'),
        '    env:\n      STAGE: prod\n    strategy:\n      matrix:\n        svc: [a, b]\n        include:\n          - svc: c\n',
      ),
    );
    assert.deepEqual(
      r.brief.map((b) => [b['context'], b['target']]),
      [
        ['services/a', 'prod'],
        ['services/b', 'prod'],
        ['services/c', 'prod'],
      ],
    );
    assert.deepEqual(messages(r), ['build › step 2: context is a workflow expression; skipped']);
  });
});

describe('run steps', () => {
  it('reads docker build command lines on their own lines, in the working directory', () => {
    const r = parse(
      job(
        [
          '      - name: Images',
          '        working-directory: services',
          '        run: |',
          '          echo building',
          '          docker build -f api/Dockerfile --target test -t api:test api',
          '          docker buildx build --platform linux/amd64,linux/arm64 \\',
          '            --build-arg VERSION=${{ github.ref_name }} --build-arg CHANNEL=$CHANNEL -o type=local,dest=out web',
          '          cd worker && podman build -t worker .',
          '      - run: docker build .',
          '',
        ].join('\n'),
        '    env:\n      CHANNEL: beta\n',
      ),
      { '/ws/services/worker/Containerfile': 'FROM alpine\n' },
    );
    assert.deepEqual(r.brief, [
      {
        line: 12,
        name: 'build › Images',
        context: 'services/api',
        dockerfile: 'services/api/Dockerfile',
        target: 'test',
        role: 'development',
      },
      {
        line: 13,
        name: 'build › Images',
        context: 'services/web',
        dockerfile: 'services/web/Dockerfile',
        role: 'development',
        args: { CHANNEL: 'beta' },
        platforms: ['linux/amd64', 'linux/arm64'],
      },
      {
        line: 15,
        name: 'build › Images',
        context: 'services/worker',
        dockerfile: 'services/worker/Containerfile',
        role: 'shipped',
      },
      { line: 16, name: 'build › step 2', context: '.', dockerfile: 'Dockerfile', role: 'shipped' },
    ]);
  });

  it('reports malformed YAML and never throws on odd shapes', () => {
    const r = parse('jobs:\n  a: [\n');
    assert.match(messages(r)[0]!, /^invalid YAML/);
    for (const t of [
      '',
      'jobs: 1',
      'jobs:\n  a:\n    steps: 3\n',
      'jobs:\n  a:\n    steps:\n      - 1\n      - run: 5\n      - uses: docker/build-push-action@v6\n        with: 7\n',
    ])
      assert.doesNotThrow(() => parse(t));
  });

  it('reads the fixture workflow', () => {
    const dir = path.join(FIXTURES, 'workflow');
    const file = path.join(dir, '.github', 'workflows', 'ci.yml');
    const r = parseWorkflow(file, fs.readFileSync(file, 'utf8'), {
      root: dir,
      readFile: () => undefined,
      exists: (p) => fs.existsSync(p),
    });
    assert.deepEqual(
      briefAll(r, dir).map((b) => [
        b['line'],
        b['name'],
        b['context'],
        b['dockerfile'],
        b['target'] ?? null,
        b['role'],
      ]),
      [
        [
          16,
          'test › Unit tests in the test stage',
          '.',
          'docker/app.Dockerfile',
          'test',
          'development',
        ],
        [25, 'image › Build and push', '.', 'docker/app.Dockerfile', 'runtime', 'shipped'],
        [46, 'services › step 2', 'services/auth', 'services/auth/Dockerfile', null, 'shipped'],
        [
          46,
          'services › step 2',
          'services/billing',
          'services/billing/Dockerfile',
          null,
          'shipped',
        ],
      ],
    );
    assert.deepEqual(r.configs[1]!.args, { NODE_ENV: 'production', NPM_AUTH: MASKED });
    assert.deepEqual(messages(r), ['custom › step 1: context is a workflow expression; skipped']);
  });
});

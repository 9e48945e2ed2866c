import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDevcontainerFile, parseDevcontainer } from '../../../server/src/project/devcontainer';
import { parseJsonc } from '../../../server/src/project/jsonc';
import { MASKED } from '../../../server/src/project/secrets';
import { isolatedHelpers } from '../../../server/src/project/types';
import { briefAll, messages } from './helpers';

const ROOT = '/ws';

function parse(text: string, file = '/ws/.devcontainer/devcontainer.json') {
  const r = parseDevcontainer(file, text, isolatedHelpers(ROOT));
  return { ...r, brief: briefAll(r, ROOT) };
}

describe('dev container files', () => {
  it('are .devcontainer/devcontainer.json, .devcontainer/<name>/devcontainer.json and .devcontainer.json', () => {
    assert.ok(isDevcontainerFile('/ws/.devcontainer/devcontainer.json'));
    assert.ok(isDevcontainerFile('/ws/.devcontainer/python/devcontainer.json'));
    assert.ok(isDevcontainerFile('/ws/.devcontainer.json'));
    assert.ok(!isDevcontainerFile('/ws/devcontainer.json'));
    assert.ok(!isDevcontainerFile('/ws/.devcontainer/a/b/devcontainer.json'));
  });
});

describe('JSON with comments', () => {
  it('blanks comments and trailing commas, keeping offsets', () => {
    const text = '{\n  // c\n  "a": "//not a comment", /* x */\n  "b": [1, 2,],\n}';
    const r = parseJsonc(text);
    assert.ok(r.ok);
    if (r.ok && r.node.type === 'object') {
      assert.deepEqual(
        r.node.props.map((p) => p.key),
        ['a', 'b'],
      );
      assert.equal(r.lines.lineAt(r.node.props[1]!.keyStart), 4);
    }
  });
});

describe('dev container builds', () => {
  it('reads build.dockerfile and build.context relative to the file, target and args; role development', () => {
    const r = parse(
      '{\n  // comment\n  "name": "dev",\n  "build": {\n    "dockerfile": "Dockerfile",\n    "context": "..",\n    "target": "tools",\n    "args": { "V": "1", "NPM_TOKEN": "x", },\n  },\n}',
    );
    assert.deepEqual(r.brief, [
      {
        line: 4,
        name: 'dev',
        context: '.',
        dockerfile: '.devcontainer/Dockerfile',
        target: 'tools',
        role: 'development',
        args: { V: '1', NPM_TOKEN: MASKED },
      },
    ]);
  });

  it('defaults the context to the file folder; reads the legacy dockerFile/context keys', () => {
    assert.deepEqual(
      parse('{ "build": { "dockerfile": "Dockerfile" } }').brief[0]!['context'],
      '.devcontainer',
    );
    assert.deepEqual(parse('{ "dockerFile": "../docker/dev.Dockerfile", "context": ".." }').brief, [
      {
        line: 1,
        name: '.devcontainer',
        context: '.',
        dockerfile: 'docker/dev.Dockerfile',
        role: 'development',
      },
    ]);
  });

  it('expands ${localWorkspaceFolder}; other variables skip the build with a problem', () => {
    assert.equal(
      parse('{ "build": { "dockerfile": "${localWorkspaceFolder}/Dockerfile" } }').brief[0]![
        'dockerfile'
      ],
      'Dockerfile',
    );
    const r = parse('{ "build": { "dockerfile": "${localEnv:DF}" } }');
    assert.deepEqual(r.configs, []);
    assert.equal(messages(r).length, 1);
  });

  it('names the compose services it runs', () => {
    const r = parse(
      '{ "dockerComposeFile": ["../compose.yaml", "compose.dev.yaml"], "service": "app" }',
      '/ws/.devcontainer/app/devcontainer.json',
    );
    assert.deepEqual(r.configs, []);
    assert.deepEqual(r.developmentServices, [
      { composeFile: '/ws/.devcontainer/compose.yaml', service: 'app' },
      { composeFile: '/ws/.devcontainer/app/compose.dev.yaml', service: 'app' },
    ]);
  });

  it('image-only dev containers build nothing; malformed JSON is a problem', () => {
    assert.deepEqual(parse('{ "image": "mcr.microsoft.com/devcontainers/base" }').configs, []);
    const r = parse('{\n  "build": { "dockerfile": "x" \n}');
    assert.match(messages(r)[0]!, /^invalid JSON/);
    assert.equal(r.problems[0]!.line, 3);
  });
});

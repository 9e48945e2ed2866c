import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { contextFromSetting } from '../../../server/src/lsp/buildContexts';
import { findIgnoreFile } from '../../../server/src/disk/fsContext';
import { ignoreFileSetup, ignoreOwner } from '../../../server/src/disk/ignoreContext';
import { tempTree } from '../../helpers/tempTree';

const dirs: string[] = [];
function tree(files: Record<string, string>): string {
  const root = tempTree('layerwise-ictx-', files);
  dirs.push(root);
  return root;
}

describe('which ignore file applies, and to what', () => {
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('<Dockerfile>.dockerignore next to the Dockerfile wins over the context .dockerignore', () => {
    const root = tree({
      'docker/app.Dockerfile': 'FROM a',
      'docker/app.Dockerfile.dockerignore': 'own\n',
      '.dockerignore': 'root\n',
      Dockerfile: 'FROM a',
    });
    assert.equal(findIgnoreFile(path.join(root, 'docker/app.Dockerfile'), root)?.text, 'own\n');
    assert.equal(findIgnoreFile(path.join(root, 'Dockerfile'), root)?.text, 'root\n');
    // An unsaved editor text counts as the file.
    const overlay = (p: string) =>
      p === path.join(root, 'Dockerfile.dockerignore') ? 'open\n' : undefined;
    assert.equal(findIgnoreFile(path.join(root, 'Dockerfile'), root, overlay)?.text, 'open\n');
  });

  it('a .dockerignore serves the Dockerfiles built from its folder without their own file', () => {
    const root = tree({
      '.dockerignore': '',
      Dockerfile: 'FROM a',
      'dev.Dockerfile': 'FROM b',
      'prod.Dockerfile': 'FROM c',
      'prod.Dockerfile.dockerignore': '',
      'README.md': '',
      'sub/Dockerfile': 'FROM d',
    });
    const setup = ignoreFileSetup(path.join(root, '.dockerignore'), 'x\n', {
      contextDirFor: (f) => path.dirname(f),
      candidates: [path.join(root, 'sub/Dockerfile')],
    });
    assert.deepEqual(setup.dockerfiles.map((d) => path.basename(d.path)).sort(), [
      'Dockerfile',
      'dev.Dockerfile',
    ]);
    assert.equal(setup.context.root, root);
    assert.equal(setup.context.ignoreFile?.text, 'x\n');
    // With the sub folder's context moved to the root, it is served too.
    const moved = ignoreFileSetup(path.join(root, '.dockerignore'), '', {
      contextDirFor: () => root,
      candidates: [path.join(root, 'sub/Dockerfile')],
    });
    assert.equal(moved.dockerfiles.length, 3);
  });

  it('a <name>.dockerignore belongs to its Dockerfile and that Dockerfile’s context', () => {
    const root = tree({
      'docker/app.Dockerfile': 'FROM a',
      'docker/app.Dockerfile.dockerignore': '',
    });
    const ignore = path.join(root, 'docker/app.Dockerfile.dockerignore');
    assert.equal(ignoreOwner(ignore), path.join(root, 'docker/app.Dockerfile'));
    assert.equal(ignoreOwner(path.join(root, 'docker/none.dockerignore')), undefined);
    const setup = ignoreFileSetup(ignore, '', { contextDirFor: () => root });
    assert.equal(setup.context.root, root);
    assert.deepEqual(
      setup.dockerfiles.map((d) => d.text),
      ['FROM a'],
    );
  });

  it('layerwise.buildContexts maps Dockerfile patterns to context folders', () => {
    const ws = path.resolve('/ws');
    const map = { 'services/*/Dockerfile': '.', 'tools/**': '${workspaceFolder}/tools' };
    assert.equal(contextFromSetting(path.join(ws, 'services/api/Dockerfile'), map, [ws]), ws);
    assert.equal(
      contextFromSetting(path.join(ws, 'tools/x/build.Dockerfile'), map, [ws]),
      path.join(ws, 'tools'),
    );
    assert.equal(contextFromSetting(path.join(ws, 'other/Dockerfile'), map, [ws]), undefined);
    // Outside any workspace folder: relative to the Dockerfile's folder.
    assert.equal(
      contextFromSetting(path.resolve('/elsewhere/app/Dockerfile'), { Dockerfile: '..' }, [ws]),
      path.resolve('/elsewhere'),
    );
  });
});

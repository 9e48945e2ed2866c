/**
 * Docker sends a symlink in the build context as a link and never follows it: the context scans
 * (size lens, pattern hovers) and the ignore-file setup must not look through a link to a folder
 * outside the context. Real folders and links made in a temp folder.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigLoader } from '../../../server/src/config/load';
import { scanContextSize, scanPatternStats } from '../../../server/src/disk/contextScan';
import { fsContext } from '../../../server/src/disk/fsContext';
import { ignoreFileSetup } from '../../../server/src/disk/ignoreContext';
import { parseDockerignore } from '../../../server/src/parse/dockerignore';

describe('a symlink to a folder outside the build context', () => {
  let top: string;
  let ctx: string;
  let outside: string;
  /** Files really in the context, with their sizes. */
  const own: Record<string, number> = {};

  before(() => {
    top = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-links-'));
    ctx = path.join(top, 'ctx');
    outside = path.join(top, 'outside');
    fs.mkdirSync(path.join(outside, 'keys'), { recursive: true });
    for (let i = 0; i < 200; i++)
      fs.writeFileSync(path.join(outside, `f${i}.bin`), 'o'.repeat(1000));
    fs.writeFileSync(path.join(outside, 'keys', 'id_rsa'), 'secret');
    fs.writeFileSync(path.join(outside, 'Dockerfile'), 'FROM python:3.12\nCOPY . .\n');
    fs.mkdirSync(path.join(ctx, 'src'), { recursive: true });
    for (const [rel, text] of [
      ['Dockerfile', 'FROM scratch\nCOPY . .\n'],
      ['src/main.go', 'package main\n'],
    ] as const) {
      fs.writeFileSync(path.join(ctx, rel), text);
      own[rel] = text.length;
    }
    fs.symlinkSync(outside, path.join(ctx, 'abs')); // absolute target
    fs.symlinkSync('../outside', path.join(ctx, 'rel')); // relative target
    fs.symlinkSync('abs', path.join(ctx, 'chain')); // a link to a link
    fs.symlinkSync('../../outside/keys', path.join(ctx, 'src', 'deep')); // below a folder
  });
  after(() => fs.rmSync(top, { recursive: true, force: true }));

  const links = ['abs', 'rel', 'chain', 'src/deep'];
  const linkBytes = () => links.reduce((n, l) => n + fs.lstatSync(path.join(ctx, l)).size, 0);

  it('the size scan counts each link as one entry of its own size, never what it points to', async () => {
    const s = await scanContextSize(ctx, undefined);
    assert.equal(s.complete, true);
    assert.equal(s.files, Object.keys(own).length + links.length);
    const ownBytes = Object.values(own).reduce((a, b) => a + b, 0);
    assert.equal(s.bytes, ownBytes + linkBytes());
    // 2 files, 1 folder, 4 links: the 201 files outside were never listed.
    assert.equal(s.visited, 7);
    assert.deepEqual(
      s.folders.map((f) => f.path),
      ['src'],
    );
  });

  it('pattern hovers match the link by its own name, nothing below it', async () => {
    const text = 'abs\nabs/**\n**/id_rsa\nrel/keys\nsrc/deep/*\n../outside/**\n*.bin\n';
    const stats = await scanPatternStats(ctx, parseDockerignore(text));
    const matched = stats.patterns.map((p) => p.matched);
    assert.deepEqual(matched, [1, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(stats.patterns[0]!.examples, ['abs']);
    assert.equal(stats.visited, 7);
  });

  it('the ignore file setup does not read a Dockerfile that is a link out', () => {
    fs.symlinkSync(path.join(outside, 'Dockerfile'), path.join(ctx, 'Dockerfile.out'));
    try {
      const setup = ignoreFileSetup(path.join(ctx, '.dockerignore'), '*.bin\n', {
        contextDirFor: (f) => path.dirname(f),
      });
      assert.deepEqual(
        setup.dockerfiles.map((d) => path.basename(d.path)),
        ['Dockerfile'],
      );
      assert.equal(setup.context.exists('abs/keys/id_rsa'), false);
      assert.equal(setup.context.exists('src/deep/id_rsa'), false);
      assert.equal(setup.context.exists('../outside/keys/id_rsa'), false);
      assert.equal(setup.context.isDirectory?.('rel'), false, 'a link, not a folder');
    } finally {
      fs.rmSync(path.join(ctx, 'Dockerfile.out'));
    }
  });

  it('a config context out of the project falls back to the Dockerfile folder for ignore files too', () => {
    fs.mkdirSync(path.join(ctx, '.git'));
    fs.writeFileSync(
      path.join(ctx, '.layerwise.json'),
      JSON.stringify({ dockerfiles: { 'app.Dockerfile': { context: '../outside' } } }),
    );
    fs.writeFileSync(path.join(ctx, 'app.Dockerfile'), 'FROM scratch\n');
    try {
      const loader = new ConfigLoader();
      const setup = ignoreFileSetup(path.join(ctx, 'app.Dockerfile.dockerignore'), '*\n', {
        contextDirFor: (f) => loader.forFile(f).context ?? path.dirname(f),
      });
      assert.equal(setup.owner, path.join(ctx, 'app.Dockerfile'));
      assert.equal(setup.context.root, ctx);
      assert.equal(fsContext(path.join(ctx, 'app.Dockerfile'), setup.context.root).known, true);
    } finally {
      for (const f of ['.git', '.layerwise.json', 'app.Dockerfile'])
        fs.rmSync(path.join(ctx, f), { recursive: true });
    }
  });
});

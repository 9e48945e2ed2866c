/**
 * A discovered `.layerwise.json` / `.hadolint.yaml` comes with the repository and may be hostile:
 * it is read only where it really lies inside its project, and a build context it names is used
 * only if it really lies inside too (links resolved). Real files and links in temp folders.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { contextDirOf } from '../../../server/src/service/buildPlan';
import { after, describe, it } from 'node:test';
import { ConfigLoader, realPath } from '../../../server/src/config/load';
import {
  defaultAnalysisFlags,
  makeLoader,
  prepare,
  type AnalysisFlags,
} from '../../../server/src/cli/analyze';
import { writeFiles } from '../../helpers/tempTree';

const dirs: string[] = [];

/** `<top>/ws` (with `.git` unless `git: false`) and `<top>/outside`, holding a few files. */
function setup(
  files: Record<string, string>,
  git = true,
): { top: string; ws: string; out: string } {
  const top = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-bound-'));
  dirs.push(top);
  const ws = path.join(top, 'ws');
  const out = path.join(top, 'outside');
  fs.mkdirSync(path.join(out, 'keys'), { recursive: true });
  fs.writeFileSync(path.join(out, 'keys', 'id_rsa'), 'secret');
  fs.writeFileSync(path.join(out, 'config.json'), '{"auths": {}, "credsStore": "desktop"}');
  fs.writeFileSync(
    path.join(out, 'layerwise.json'),
    JSON.stringify({ rules: { 'pip-no-cache-dir': 'off' } }),
  );
  fs.mkdirSync(ws);
  if (git) fs.mkdirSync(path.join(ws, '.git'));
  writeFiles(ws, files);
  return { top, ws, out };
}

const contexts = (map: Record<string, string>) =>
  JSON.stringify({
    dockerfiles: Object.fromEntries(Object.entries(map).map(([k, v]) => [k, { context: v }])),
  });

after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('build contexts named by a discovered config stay inside the project', () => {
  it('inside the repository: used as written, no problem', () => {
    const { ws } = setup({
      '.layerwise.json': contexts({ 'a/Dockerfile': '.', 'b/Dockerfile': 'x/../services' }),
      'services/x': '',
    });
    const loader = new ConfigLoader();
    assert.equal(loader.forFile(path.join(ws, 'a/Dockerfile')).context, ws);
    const b = loader.forFile(path.join(ws, 'b/Dockerfile'));
    assert.equal(b.context, path.join(ws, 'services'));
    assert.deepEqual(b.source!.problems, []);
  });

  it('`..`, an absolute path, or `/` out of the repository: ignored, one warning on the value', () => {
    const { ws, out } = setup({});
    const text = contexts({
      'up/Dockerfile': '../outside',
      'abs/Dockerfile': out,
      'root/Dockerfile': '/',
      'deep/Dockerfile': '../../../..',
      'missing/Dockerfile': '../not-there/yet',
    });
    fs.writeFileSync(path.join(ws, '.layerwise.json'), text);
    const loader = new ConfigLoader();
    for (const d of ['up', 'abs', 'root', 'deep', 'missing'])
      assert.equal(loader.forFile(path.join(ws, d, 'Dockerfile')).context, undefined, d);
    const problems = loader.forFile(path.join(ws, 'up/Dockerfile')).source!.problems;
    assert.deepEqual(
      problems.map((p) => text.slice(p.start, p.end)),
      ['"../outside"', JSON.stringify(out), '"/"', '"../../../.."', '"../not-there/yet"'],
    );
    for (const p of problems) {
      assert.equal(p.severity, 'warning');
      assert.match(p.message, /is outside the repository \(.*\); ignored, .*own folder/);
    }
  });

  it('a folder inside that is a link out of the repository: ignored, on the way or at the end', () => {
    const { ws, out } = setup({ 'services/api/main.go': '' });
    fs.symlinkSync(out, path.join(ws, 'abs-link'));
    fs.symlinkSync('../outside', path.join(ws, 'rel-link'));
    fs.symlinkSync('services', path.join(ws, 'in-link'));
    fs.writeFileSync(
      path.join(ws, '.layerwise.json'),
      contexts({
        'a/Dockerfile': 'abs-link',
        'b/Dockerfile': 'rel-link/keys',
        'c/Dockerfile': 'in-link/api',
      }),
    );
    const loader = new ConfigLoader();
    assert.equal(loader.forFile(path.join(ws, 'a/Dockerfile')).context, undefined);
    assert.equal(loader.forFile(path.join(ws, 'b/Dockerfile')).context, undefined);
    // A link that stays inside is fine; the path is kept as written (not the resolved one).
    const c = loader.forFile(path.join(ws, 'c/Dockerfile'));
    assert.equal(c.context, path.join(ws, 'in-link/api'));
    assert.equal(c.source!.problems.length, 2);
  });

  it('checked on every use: a context folder that later becomes a link out is dropped', () => {
    const { ws, out } = setup({ '.layerwise.json': contexts({ Dockerfile: 'ctx' }), 'ctx/a': '' });
    const loader = new ConfigLoader();
    const file = path.join(ws, 'Dockerfile');
    assert.equal(loader.forFile(file).context, path.join(ws, 'ctx'));
    fs.rmSync(path.join(ws, 'ctx'), { recursive: true });
    fs.symlinkSync(out, path.join(ws, 'ctx'));
    assert.equal(loader.forFile(file).context, undefined, 'no clear() needed');
  });

  it('workspace folders (the editor) bound the configs inside them', () => {
    // No .git: without the editor's folders, a config is bounded by its own folder.
    const { ws } = setup({ 'app/.layerwise.json': contexts({ Dockerfile: '..' }) }, false);
    const file = path.join(ws, 'app/Dockerfile');
    const alone = new ConfigLoader().forFile(file);
    assert.equal(alone.context, undefined);
    assert.match(alone.source!.problems[0]!.message, /outside the folder of \.layerwise\.json/);
    assert.equal(new ConfigLoader({ roots: [ws] }).forFile(file).context, ws);
    assert.equal(new ConfigLoader({ roots: () => [ws] }).forFile(file).context, ws);
    // The innermost folder holding the config applies.
    const inner = new ConfigLoader({ roots: [ws, path.join(ws, 'app')] }).forFile(file);
    assert.equal(inner.context, undefined);
    assert.match(inner.source!.problems[0]!.message, /outside the workspace folder/);
  });

  it('a workspace folder reached through a link still bounds its own files', () => {
    const { top, ws } = setup({ '.layerwise.json': contexts({ Dockerfile: 'sub' }), 'sub/x': '' });
    const alias = path.join(top, 'alias');
    fs.symlinkSync(ws, alias);
    const cfg = new ConfigLoader({ roots: [alias] }).forFile(path.join(alias, 'Dockerfile'));
    assert.equal(cfg.context, path.join(alias, 'sub'));
    assert.deepEqual(cfg.source!.problems, []);
  });

  it('the command line: --config is taken as given, a discovered file is checked', () => {
    const contextRoot = (p: ReturnType<typeof prepare>) => contextDirOf(p.doc.path!, p.host);
    const { ws } = setup({ '.layerwise.json': contexts({ Dockerfile: '../outside' }) });
    const flags: AnalysisFlags = defaultAnalysisFlags();
    const target = { abs: path.join(ws, 'Dockerfile'), shown: 'Dockerfile', explicit: true };
    const bytes = Buffer.from('FROM scratch\nCOPY . .\n');
    const found = prepare(target, bytes, flags, makeLoader(flags, ws), ws);
    assert.equal(contextRoot(found), ws, 'the Dockerfile folder instead');
    const named = { ...flags, config: '.layerwise.json' };
    const explicit = prepare(target, bytes, named, makeLoader(named, ws), ws);
    assert.equal(contextRoot(explicit), path.join(path.dirname(ws), 'outside'));
    const flag = { ...flags, context: '../outside' };
    assert.equal(
      contextRoot(prepare(target, bytes, flag, makeLoader(flag, ws), ws)),
      path.join(path.dirname(ws), 'outside'),
      '--context is the user’s choice',
    );
  });
});

describe('a config file that is a link out of the project is not read', () => {
  it('.layerwise.json → a JSON file elsewhere: defaults, one error, nothing of it reported', () => {
    const { ws, out } = setup({});
    fs.symlinkSync(path.join(out, 'config.json'), path.join(ws, '.layerwise.json'));
    const cfg = new ConfigLoader().forFile(path.join(ws, 'Dockerfile'));
    assert.equal(cfg.source!.path, path.join(ws, '.layerwise.json'));
    assert.equal(cfg.source!.text, '');
    assert.equal(cfg.source!.problems.length, 1);
    const [p] = cfg.source!.problems;
    assert.equal(p!.severity, 'error');
    assert.match(p!.message, /^Not read: \.layerwise\.json leads outside the repository/);
    assert.doesNotMatch(p!.message, /auths|credsStore/);
  });

  it('a link out is not skipped for a farther config: it stops the search, with its message', () => {
    const { ws, out } = setup({ '.layerwise.json': '{"target": "root"}' });
    fs.mkdirSync(path.join(ws, 'app'));
    fs.symlinkSync(path.join(out, 'layerwise.json'), path.join(ws, 'app', '.layerwise.json'));
    const cfg = new ConfigLoader().forFile(path.join(ws, 'app', 'Dockerfile'));
    assert.deepEqual(cfg.rules, {}, 'the outside file sets pip-no-cache-dir off: not applied');
    assert.equal(cfg.target, undefined);
    assert.match(cfg.source!.problems[0]!.message, /^Not read/);
  });

  it('.hadolint.yaml → elsewhere: not read either', () => {
    const { ws, out } = setup({});
    fs.writeFileSync(path.join(out, 'hadolint.yaml'), 'ignored: [DL3042]\n');
    fs.symlinkSync(path.join(out, 'hadolint.yaml'), path.join(ws, '.hadolint.yaml'));
    const cfg = new ConfigLoader().forFile(path.join(ws, 'Dockerfile'));
    assert.deepEqual(cfg.rules, {});
    assert.equal(cfg.source!.kind, 'hadolint');
    assert.match(cfg.source!.problems[0]!.message, /^Not read: \.hadolint\.yaml/);
  });

  it('a Dockerfile below a linked folder: the config found there is outside too', () => {
    const { ws, out } = setup({});
    fs.writeFileSync(path.join(out, '.layerwise.json'), '{"rules": {"pip-no-cache-dir": "off"}}');
    fs.symlinkSync(out, path.join(ws, 'vendor'));
    const cfg = new ConfigLoader().forFile(path.join(ws, 'vendor', 'Dockerfile'));
    assert.deepEqual(cfg.rules, {});
    assert.match(cfg.source!.problems[0]!.message, /^Not read/);
  });

  it('a link that stays inside the repository is read as usual', () => {
    const { ws } = setup({ 'shared/base.json': '{"rules": {"pip-no-cache-dir": "off"}}' });
    fs.mkdirSync(path.join(ws, 'app'));
    fs.symlinkSync('../shared/base.json', path.join(ws, 'app', '.layerwise.json'));
    const cfg = new ConfigLoader().forFile(path.join(ws, 'app', 'Dockerfile'));
    assert.deepEqual(cfg.rules, { 'pip-no-cache-dir': 'off' });
    assert.deepEqual(cfg.source!.problems, []);
    assert.equal(cfg.source!.path, path.join(ws, 'app', '.layerwise.json'));
  });

  it('--config through a link is the user’s choice: read', () => {
    const { ws, out } = setup({});
    fs.symlinkSync(path.join(out, 'layerwise.json'), path.join(ws, 'mine.json'));
    const loader = new ConfigLoader({ explicit: path.join(ws, 'mine.json') });
    assert.deepEqual(loader.forFile(path.join(ws, 'Dockerfile')).rules, {
      'pip-no-cache-dir': 'off',
    });
  });
});

describe('realPath', () => {
  it('follows links; for a missing path, resolves what exists and appends the rest', () => {
    const { top, ws } = setup({});
    fs.symlinkSync(ws, path.join(top, 'alias'));
    const real = fs.realpathSync(ws);
    assert.equal(realPath(path.join(top, 'alias')), real);
    assert.equal(realPath(path.join(top, 'alias', 'a', 'b')), path.join(real, 'a', 'b'));
    fs.symlinkSync('loop2', path.join(ws, 'loop1'));
    fs.symlinkSync('loop1', path.join(ws, 'loop2'));
    assert.equal(realPath(path.join(ws, 'loop1', 'x')), undefined, 'a loop is never inside');
  });
});

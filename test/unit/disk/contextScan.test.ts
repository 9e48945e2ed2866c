import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  ContextScanner,
  scanContextSize,
  scanPatternStats,
} from '../../../server/src/disk/contextScan';
import {
  createMatcher,
  parseDockerignore,
  patternMatches,
} from '../../../server/src/parse/dockerignore';
import { tempTree } from '../../helpers/tempTree';

const dirs: string[] = [];
function tree(files: Record<string, string>): string {
  const root = tempTree('layerwise-scan-', files);
  dirs.push(root);
  return root;
}

/** Every file and symlink (links not followed), independently of the scanner. */
function walk(root: string, rel = ''): { rel: string; size: number }[] {
  const out: { rel: string; size: number }[] = [];
  for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(root, r));
    else out.push({ rel: r, size: fs.lstatSync(path.join(root, r)).size });
  }
  return out;
}

const IGNORE = 'node_modules\n*.log\n!important.log\nbuild\n!build/keep/**\ndocs/**/*.md\n';

function sample(): string {
  const files: Record<string, string> = {
    'package.json': '{}',
    'important.log': 'i',
    'debug.log': 'd'.repeat(100),
    'docs/a/b/page.md': 'p',
    'docs/readme.txt': 'r',
    'build/keep/x.bin': 'k'.repeat(7),
    'build/drop/y.bin': 'y',
  };
  for (let i = 0; i < 20; i++) files[`src/f${i}.ts`] = 's'.repeat(i);
  for (let i = 0; i < 50; i++) files[`node_modules/p${i}/index.js`] = 'n';
  const root = tree(files);
  fs.symlinkSync(os.tmpdir(), path.join(root, 'tmp-link')); // a folder link: sent as a link
  fs.symlinkSync('package.json', path.join(root, 'pkg-link'));
  return root;
}

describe('context scan', () => {
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('counts what BuildKit sends: files and bytes after the ignore file, links not followed', async () => {
    const root = sample();
    const matcher = createMatcher(parseDockerignore(IGNORE));
    const sent = walk(root).filter((f) => !matcher.isExcluded(f.rel));
    const s = await scanContextSize(root, { path: path.join(root, '.dockerignore'), text: IGNORE });
    assert.equal(s.complete, true);
    assert.equal(s.files, sent.length);
    assert.equal(
      s.bytes,
      sent.reduce((n, f) => n + f.size, 0),
    );
    assert.deepEqual(s.folders[0], { path: 'src', files: 20, bytes: 190 });
    assert.ok(
      s.folders.some((f) => f.path === 'build'),
      'build/keep comes back',
    );
    // node_modules (50 packages) is skipped without being read.
    assert.ok(s.visited < walk(root).length, `${s.visited} entries looked at`);
  });

  it('stops at the entry budget and says so', async () => {
    const root = sample();
    const s = await scanContextSize(root, undefined, { budget: { maxEntries: 10, maxMs: 60_000 } });
    assert.equal(s.complete, false);
    assert.equal(s.stoppedBy, 'files');
    assert.equal(s.visited, 10);
    assert.ok(s.files <= 10);
  });

  it('per pattern: files matched and decided, with examples', async () => {
    const root = sample();
    const file = parseDockerignore(IGNORE);
    const stats = await scanPatternStats(root, file);
    const all = walk(root);
    const matcher = createMatcher(file);
    file.patterns.forEach((p, i) => {
      const matched = all.filter((f) => patternMatches(p, f.rel));
      assert.equal(stats.patterns[i]!.matched, matched.length, p.text);
      const decided = all.filter((f) => matcher.decidingPattern(f.rel) === i).length;
      assert.equal(stats.patterns[i]!.decided, decided, p.text);
      for (const e of stats.patterns[i]!.examples) assert.ok(patternMatches(p, e));
    });
    assert.equal(stats.patterns[0]!.matched, 50);
  });

  it('caches per root and ignore text until invalidated', async () => {
    const root = sample();
    const scanner = new ContextScanner();
    const a = scanner.size(root, undefined);
    assert.equal(scanner.size(root, undefined), a, 'one scan for concurrent requests');
    const first = await a;
    fs.writeFileSync(path.join(root, 'new.txt'), 'new');
    assert.equal((await scanner.size(root, undefined)).files, first.files, 'cached');
    scanner.invalidate(path.join(root, 'new.txt'));
    assert.equal((await scanner.size(root, undefined)).files, first.files + 1);
    const other = await scanner.size(root, { path: `${root}/.dockerignore`, text: '*.txt\n' });
    assert.ok(other.files < first.files + 1, 'another ignore text is another scan');
  });

  it('a scan for newer ignore text replaces one still running', async () => {
    const root = sample();
    const scanner = new ContextScanner();
    const ignore = (text: string) => ({ path: path.join(root, '.dockerignore'), text });
    const older = scanner.size(root, ignore('a\n'));
    const newer = scanner.size(root, ignore('ab\n'));
    assert.equal((await older).stoppedBy, 'cancelled');
    assert.equal((await newer).complete, true);
    // The partial result is not kept.
    assert.equal((await scanner.size(root, ignore('a\n'))).complete, true);
  });

  it('a missing root is an empty context, not an error', async () => {
    const s = await scanContextSize(path.join(os.tmpdir(), 'layerwise-no-such-dir'), undefined);
    assert.deepEqual([s.files, s.complete], [0, true]);
  });
});

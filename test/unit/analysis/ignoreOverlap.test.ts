import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  accepts,
  cleanedLanguage,
  covers,
  intersects,
  patternLanguage,
  withDescendants,
  type PatternLanguage,
} from '../../../server/src/analysis/ignoreOverlap';
import { parseDockerignore, patternMatches } from '../../../server/src/parse/dockerignore';

const lang = (p: string): PatternLanguage => {
  const l = cleanedLanguage(p);
  assert.ok(l, `a language for ${p}`);
  return l;
};
const below = (p: string) => withDescendants(lang(p));

describe('ignore pattern languages', () => {
  it('cover: what an earlier pattern already excludes', () => {
    assert.ok(covers(below('node_modules'), lang('node_modules/.cache')));
    assert.ok(covers(below('*.log'), lang('debug.log')));
    assert.ok(!covers(below('*.log'), lang('a/debug.log')), '* stays in one folder');
    assert.ok(covers(below('**/x'), lang('a/b/x')));
    assert.ok(covers(below('foo**'), lang('foobar')), 'prefix kind');
    assert.ok(covers(below('**foo'), lang('xfoo')), 'suffix kind');
    assert.ok(!covers(below('a**b'), lang('axb')), 'a**b is a(.*/)?b');
    assert.ok(covers(below('a**b'), lang('ax/b')));
    assert.ok(!covers(below('[ab].txt'), lang('a.txt')), 'a widened class proves nothing');
    assert.ok(covers(below('docs'), lang('docs/**/*.md')));
  });

  it('intersect: can two patterns meet', () => {
    assert.ok(!intersects(lang('src'), below('*.md')));
    assert.ok(intersects(lang('README.md'), below('*.md')));
    assert.ok(intersects(lang('**/keep.txt'), below('build')));
    assert.ok(!intersects(lang('a'), below('a/b')), 'a parent is not excluded by a child pattern');
    assert.ok(intersects(lang('.env.example'), below('.env*')));
  });

  it('gives up on regexp syntax it does not model', () => {
    for (const p of ['x|*', 'a\\d*', 'v{2}*', 'a^*'])
      assert.equal(cleanedLanguage(p), undefined, p);
    assert.equal(cleanedLanguage('a|b')?.exact, true, 'without wildcards | is a literal');
    assert.equal(cleanedLanguage('[ab]*')?.exact, false);
    // Docker's regexp for [*] is [[^/]*]: a class, a star and a ']' (it matches '[]').
    assert.equal(cleanedLanguage('[*]'), undefined, 'a wildcard inside brackets');
    assert.equal(cleanedLanguage('[a?]b'), undefined);
  });

  it('agrees with the Docker matcher on random patterns and paths', () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pick = <T>(xs: readonly T[]) => xs[rand(xs.length)]!;
    const PARTS = ['a', 'b', '/', '*', '?', '.', '**', '**/', '[ab]', '\\*', 'ab', '/a'];
    const PATH = ['a', 'b', '/', '.', 'x', '*'];
    let checked = 0;
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: 1 + rand(5) }, () => pick(PARTS)).join('');
      const p = parseDockerignore(text).patterns[0];
      if (!p) continue;
      const l = patternLanguage(p);
      if (!l) continue;
      const w = withDescendants(l);
      for (let k = 0; k < 20; k++) {
        const path = Array.from({ length: 1 + rand(6) }, () => pick(PATH))
          .join('')
          .replace(/\/+/g, '/')
          .replace(/^\/|\/$/g, '');
        if (!path) continue;
        const docker = patternMatches(p, path);
        const ours = accepts(w, path);
        // Exact languages agree; widened ones only ever accept more.
        if (l.exact) assert.equal(ours, docker, `${text} on ${path}`);
        else if (docker) assert.ok(ours, `${text} on ${path}`);
        checked++;
      }
    }
    assert.ok(checked > 10000, `${checked} checks`);
  });
});

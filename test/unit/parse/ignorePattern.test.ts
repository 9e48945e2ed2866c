import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compilePattern,
  PatternError,
  translatePattern,
  type MatchKind,
} from '../../../server/src/parse/ignorePattern';

/** moby/patternmatcher's Pattern.compile, transcribed from the Go code: the oracle. */
function mobyCompile(p: string): { kind: MatchKind; source: string } {
  let re = '^';
  let kind: MatchKind = 'exact';
  const chars = Array.from(p);
  let i = chars[0] === '\uFEFF' ? 1 : 0;
  for (let n = 0; i < chars.length; n++) {
    const c = chars[i++]!;
    if (c === '*' && chars[i] === '*') {
      i++;
      if (chars[i] === '/') i++;
      if (i >= chars.length) {
        if (kind === 'exact') kind = 'prefix';
        else [re, kind] = [re + '.*', 'regexp'];
      } else [re, kind] = [re + '(.*/)?', 'regexp'];
      if (n === 0) kind = 'suffix';
    } else if (c === '*') [re, kind] = [re + '[^/]*', 'regexp'];
    else if (c === '?') [re, kind] = [re + '[^/]', 'regexp'];
    else if ('.+()$'.includes(c)) re += '\\' + c;
    else if (c === '\\') {
      if (i < chars.length) [re, kind] = [re + '\\' + chars[i++], 'regexp'];
      else re += '\\';
    } else if (c === '[' || c === ']') [re, kind] = [re + c, 'regexp'];
    else re += c;
  }
  return { kind, source: re + '$' };
}

const pieces = (p: string): string[] =>
  translatePattern(p).pieces.map((x) => (x.t === 'char' ? x.c : `${x.t}:${x.re}`));

describe("Docker's pattern translation", () => {
  it('gives the kind and the regexp Pattern.compile gives', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const PARTS = ['a', '/', '*', '?', '.', '**', '**/', '[ab]', '[*]', '[^a]', '[', ']', '\\*'];
    const MORE = ['\\d', '\\', '|', '{2}', '^', '$', '+', '()', '\uFEFF', '😀', '[[:alpha:]]'];
    const all = [...PARTS, ...MORE];
    for (let n = 0; n < 5000; n++) {
      const p = Array.from({ length: 1 + rand(6) }, () => all[rand(all.length)]!).join('');
      const ours = translatePattern(p);
      const moby = mobyCompile(p);
      assert.equal(ours.kind, moby.kind, p);
      if (moby.kind === 'regexp') assert.equal(ours.source, moby.source, p);
    }
  });

  it('says what each piece of the regexp means', () => {
    assert.deepEqual(pieces('a*.t?'), ['a', 'segment:[^/]*', '.', 't', 'segmentChar:[^/]']);
    assert.deepEqual(pieces('**/x/**'), ['folders:(.*/)?', 'x', '/', 'rest:.*']);
    assert.deepEqual(pieces('[^a]\\*\\d'), ['class:[^a]', '*', 'syntax:\\d']);
    assert.deepEqual(pieces('a|b{2}'), ['a', 'syntax:|', 'b', 'syntax:{', '2', 'syntax:}']);
    assert.deepEqual(pieces('[[:alpha:]]'), ['class:[[:alpha:]]']);
    // '*' inside brackets breaks the class apart in Docker's regexp: `[[^/]*]`.
    assert.deepEqual(pieces('[*]'), ['syntax:[', 'segment:[^/]*', ']']);
    assert.deepEqual(pieces('\uFEFFa?'), ['a', 'segmentChar:[^/]'], 'a leading BOM is skipped');
  });

  it('gives what the kinds compare with', () => {
    const t = (p: string) => {
      const { kind, literal } = translatePattern(p);
      return [kind, literal];
    };
    assert.deepEqual(t('a/b'), ['exact', 'a/b']);
    assert.deepEqual(t('a|b'), ['exact', 'a|b'], 'no wildcard: compared as text');
    assert.deepEqual(t('node_modules/**'), ['prefix', 'node_modules/']);
    assert.deepEqual(t('**/x'), ['suffix', '/x']);
    assert.deepEqual(t('src/*.ts'), ['regexp', 'src/']);
    assert.deepEqual(t('a\\*b*'), ['regexp', 'a*b']);
    assert.deepEqual(t('a{0}b*'), ['regexp', ''], 'RE2 syntax: no prefix is certain');
    assert.deepEqual(t('a|b*'), ['regexp', '']);
  });

  it('compiles for the matcher, rejecting what Docker rejects', () => {
    assert.equal(compilePattern('*.md').kind, 'regexp');
    assert.throws(() => compilePattern('a['), PatternError);
    assert.throws(() => compilePattern('a\\'), PatternError);
    assert.throws(() => compilePattern('x\\C*'), /Go regexp fails/);
    assert.equal(compilePattern('docs/**').literal, 'docs/');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileGoRegexp, RegexpSyntaxError } from '../../../server/src/parse/regexp';

const test = (source: string, s: string): boolean => compileGoRegexp(source).test(s);

describe('Go regexp engine', () => {
  it("matches as Go's MatchString does", () => {
    assert.ok(test('^a[^/]*$', 'abc'));
    assert.ok(!test('^a[^/]*$', 'a/c'));
    assert.ok(test('b', 'abc'), 'unanchored: a match anywhere');
    assert.ok(test('^x|c$', 'abc'), '| splits the whole regexp');
    assert.ok(test('^v{2}$', 'vv'));
    assert.ok(!test('^v{2}$', 'v'));
    assert.ok(test('^\\d\\b', '7 '));
    assert.ok(test('^[[:alpha:]]+$', 'abc'));
    assert.ok(test('^\\p{Greek}$', 'λ'));
    assert.ok(test('^.$', '😀'), 'one code point');
    assert.ok(!test('^.$', '\n'), '. leaves out the newline');
    assert.ok(test('^\\Qa.b', 'a.b'));
  });

  it('answers for every prefix in one pass', () => {
    const s = 'a/b/c';
    const out = new Uint8Array(4);
    compileGoRegexp('^a(/[^/]*)?$').scan(s, [1, 3, 5], out, 1);
    assert.deepEqual([...out], [0, 1, 1, 0]);
  });

  it("rejects what Go rejects, with Go's message", () => {
    assert.throws(() => compileGoRegexp('a**'), RegexpSyntaxError);
    assert.throws(() => compileGoRegexp('[a'), /missing closing \]/);
    assert.throws(() => compileGoRegexp('a)'), /unexpected \)/);
    assert.throws(() => compileGoRegexp('\\C'), /invalid escape sequence/);
    assert.throws(() => compileGoRegexp('x{1001}'), /invalid repeat count/);
  });

  it('takes linear time on patterns that make backtracking engines explode', () => {
    const started = performance.now();
    assert.ok(!test('^(a*)*(a|b)*c$', 'a'.repeat(50_000)));
    assert.ok(performance.now() - started < 2000);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseDockerignore, patternMatches } from '../../../server/src/parse/dockerignore';
import { simpleGlobScan, type Scan } from '../../../server/src/parse/simpleGlob';

/** Docker's translation of a `*`/`?` pattern, as a JS regexp (`u`: `?` is one code point, as in Go). */
function dockerRegExp(pattern: string): RegExp {
  let source = '^';
  for (const c of pattern) {
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(source + '$', 'u');
}

function levels(path: string): number[] {
  const ends: number[] = [];
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) ends.push(i);
  ends.push(path.length);
  return ends;
}

function run(scan: Scan, path: string): number[] {
  const ends = levels(path);
  const out = new Uint8Array(ends.length);
  scan(path, ends, out, 0);
  return [...out];
}

function expected(pattern: string, path: string): number[] {
  const re = dockerRegExp(pattern);
  return levels(path).map((end) => (re.test(path.slice(0, end)) ? 1 : 0));
}

const regexpScan = (pattern: string) => (): Scan => {
  const re = dockerRegExp(pattern);
  return (path, ends, out, base) => {
    ends.forEach((end, k) => {
      if (re.test(path.slice(0, end))) out[base + k] = 1;
    });
  };
};

describe('simple ignore patterns (`*` and `?` only) match as Docker’s regexp does', () => {
  it('agrees with the regexp on random patterns and paths (surrogates included)', () => {
    const pattern = fc
      .array(fc.constantFrom('a', 'b', '.', '*', '?', '/', 'é', '-'), {
        minLength: 1,
        maxLength: 10,
      })
      .map((cs) => cs.join(''))
      .filter((p) => !p.includes('**') && !p.includes('//') && !p.startsWith('/'));
    const path = fc
      .array(fc.constantFrom('a', 'b', '.', '/', 'é', '😀', '\n', '-'), { maxLength: 14 })
      .map((cs) => cs.join(''))
      .filter((p) => !p.includes('//') && !p.startsWith('/') && !p.endsWith('/'));
    fc.assert(
      fc.property(pattern, path, (p, s) => {
        const scan = simpleGlobScan(p, regexpScan(p));
        assert.ok(scan, p);
        assert.deepEqual(run(scan, s), expected(p, s), `${p} on ${JSON.stringify(s)}`);
      }),
      { numRuns: 5000 },
    );
  });

  it('examples: one level only, never across a slash', () => {
    const scan = (p: string) => simpleGlobScan(p, regexpScan(p))!;
    assert.deepEqual(run(scan('*.pyc'), 'a.pyc'), [1]);
    assert.deepEqual(run(scan('*.pyc'), 'src/a.pyc'), [0, 0]);
    assert.deepEqual(run(scan('log/*'), 'log/a/b'), [0, 1, 0]);
    assert.deepEqual(run(scan('data/?/cache-1'), 'data/x/cache-1'), [0, 0, 1]);
    assert.deepEqual(run(scan('.env*'), '.env.local'), [1]);
    assert.deepEqual(run(scan('*a*a*b'), 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'), [0]);
  });

  it('leaves everything else to the regexp engine', () => {
    for (const p of [
      '**/*.md',
      'a/**',
      '[a-c]*.log',
      'a\\*b',
      'a|b',
      'x{2}',
      '^a',
      'ab😀',
      '\uFEFF*.md',
      'x'.repeat(300),
    ]) {
      assert.equal(simpleGlobScan(p, regexpScan(p)), undefined, p);
    }
  });

  it('a pattern starting with a byte-order mark matches as Docker’s scanner reads it (mark skipped)', () => {
    const p = parseDockerignore('x\n\uFEFF*.md').patterns[1]!;
    assert.equal(patternMatches(p, 'README.md'), true);
    assert.equal(patternMatches(p, 'docs/README.md'), false);
  });
});

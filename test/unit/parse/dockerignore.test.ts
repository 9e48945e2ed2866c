import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createMatcher,
  parseDockerignore,
  patternMatches,
} from '../../../server/src/parse/dockerignore';

const excluded = (file: string, path: string): boolean =>
  createMatcher(parseDockerignore(file)).isExcluded(path);

/** [.dockerignore text, path, Docker leaves it out of the context, why] */
type Row = [file: string, path: string, excluded: boolean, why?: string];

function table(name: string, rows: Row[]): void {
  describe(name, () => {
    for (const [file, path, want, why] of rows) {
      const title = `${JSON.stringify(file)} ${want ? 'excludes' : 'keeps'} ${JSON.stringify(path)}`;
      it(why === undefined ? title : `${title}: ${why}`, () =>
        assert.equal(excluded(file, path), want),
      );
    }
  });
}

// docs.docker.com, Build context › .dockerignore files (docker/docs content/manuals/build/concepts/context.md).
table("Docker's documented examples", [
  ['# comment\n*/temp*\n*/*/temp*\ntemp?', 'somedir/temporary.txt', true],
  ['# comment\n*/temp*\n*/*/temp*\ntemp?', 'somedir/temp', true],
  ['# comment\n*/temp*\n*/*/temp*\ntemp?', 'somedir/temp/inside.txt', true],
  ['# comment\n*/temp*\n*/*/temp*\ntemp?', 'somedir/subdir/temporary.txt', true],
  ['# comment\n*/temp*\n*/*/temp*\ntemp?', 'tempa', true],
  ['# comment\n*/temp*\n*/*/temp*\ntemp?', 'tempb', true],
  ['# comment\n*/temp*\n*/*/temp*\ntemp?', 'temporary.txt', false, 'no rule for the root'],
  ['# comment\n*/temp*\n*/*/temp*\ntemp?', 'temp', false, '? needs one character'],
  ['# comment\n*/temp*\n*/*/temp*\ntemp?', 'a/b/c/temp.txt', false, 'three levels down'],
  ['# comment', '# comment', false, 'a comment is not a pattern'],
  ['**/*.go', 'main.go', true, '** matches zero directories'],
  ['**/*.go', 'cmd/tool/main.go', true],
  ['**/*.go', 'main.go.txt', false],
  ['*.md\n!README.md', 'README.md', false],
  ['*.md\n!README.md', 'CHANGELOG.md', true],
  ['*.md\n!README.md', 'docs/guide.md', false, 'markdown under subdirectories stays'],
  ['*.md\n!README*.md\nREADME-secret.md', 'README-secret.md', true],
  ['*.md\n!README*.md\nREADME-secret.md', 'README-public.md', false],
  ['*.md\n!README*.md\nREADME-secret.md', 'notes.md', true],
  ['*.md\nREADME-secret.md\n!README*.md', 'README-secret.md', false, 'the last matching line wins'],
  ['/foo/bar/', 'foo/bar', true],
  ['/foo/bar', 'foo/bar/baz.txt', true],
  ['foo/bar/', 'foo/bar', true],
  ['foo/bar', 'foo/bar', true],
  ['foo/bar', 'bar', false],
  ['foo/bar', 'x/foo/bar', false],
  ['#/this/is/a/comment', 'this/is/a/comment', false],
  ['.', 'a', false, 'the pattern "." is ignored'],
]);

// moby/patternmatcher patternmatcher_test.go TestMatches (paths with a trailing '/' are cleaned first).
const mobyRows: [string, string, boolean][] = [
  ['**', 'file', true],
  ['**', 'file/', true],
  ['**/', 'file', true],
  ['**', 'dir/file', true],
  ['**/', 'dir/file/', true],
  ['**/**', 'dir/file', true],
  ['dir/**', 'dir/file', true],
  ['dir/**', 'dir/dir2/file', true],
  ['**/dir', 'dir', true],
  ['**/dir', 'dir/file', true],
  ['**/dir2/*', 'dir/dir2/file', true],
  ['**/dir2/**', 'dir/dir2/dir3/file', true],
  ['**file', 'file', true],
  ['**file', 'dir/file', true],
  ['**/file', 'dir/dir/file', true],
  ['**/file*', 'dir/dir/file.txt', true],
  ['**/file*txt', 'dir/dir/file.txt', true],
  ['**/file*.txt*', 'dir/dir/file.txt', true],
  ['**/**/*.txt', 'dir/dir/file.txt', true],
  ['**/**/*.txt2', 'dir/dir/file.txt', false],
  ['**/*.txt', 'file.txt', true],
  ['**/**/*.txt', 'file.txt', true],
  ['a**/*.txt', 'a/file.txt', true],
  ['a**/*.txt', 'a/dir/dir/file.txt', true],
  ['a/*.txt', 'a/dir/file.txt', false],
  ['a/*.txt', 'a/file.txt', true],
  ['a/*.txt**', 'a/file.txt', true],
  ['a[b-d]e', 'ae', false],
  ['a[b-d]e', 'ace', true],
  ['a[b-d]e', 'aae', false],
  ['a[^b-d]e', 'aze', true],
  ['.*', '.foo', true],
  ['.*', 'foo', false],
  ['abc.def', 'abcdef', false],
  ['abc.def', 'abc.def', true],
  ['abc.def', 'abcZdef', false],
  ['abc?def', 'abcZdef', true],
  ['abc?def', 'abcdef', false],
  ['**/foo/bar', 'foo/bar', true],
  ['**/foo/bar', 'dir/dir2/foo/bar', true],
  ['abc/**', 'abc', false],
  ['abc/**', 'abc/def/ghi', true],
  ['**/.foo', '.foo', true],
  ['**/.foo', 'bar.foo', false],
  ['a(b)c/def', 'a(b)c/def', true],
  ['a(b)c/def', 'a(b)c/xyz', false],
  ['a.|)$(}+{bc', 'a.|)$(}+{bc', true],
  ['dist/*.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', true],
  ['a\\\\', 'a\\', true],
  ['a\\*b', 'a*b', true],
];
table(
  'moby/patternmatcher TestMatches',
  mobyRows.map(([pattern, path, want]) => [pattern, path, want]),
);
table('moby/patternmatcher multi-pattern cases', [
  ['**\n!util/docker/web', 'util/docker/web/foo', false],
  ['**\n!util/docker/web\nutil/docker/web/foo', 'util/docker/web/foo', true],
  ['**\n!dist/*.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', false],
  ['docs\n!docs/README.md', 'docs/README.md', false],
  ['docs/\n!docs/README.md', 'docs/README.md', false],
  ['docs/*\n!docs/README.md', 'docs/README.md', false],
  ['!fileutils.go\n*.go', 'fileutils.go', true],
  ['*.go\n!fileutils.go', 'fileutils.go', false],
]);

// Go path/filepath match_test.go cases, as moby/patternmatcher reuses them.
table('Go filepath.Match syntax', [
  ['*c', 'abc', true],
  ['a*', 'ab/c', true, 'the parent "ab" matches'],
  ['a*/b', 'abc/b', true],
  ['a*/b', 'a/c/b', false, '* does not cross /'],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
  ['a*b?c*x', 'abxbbxdbxebxczzx', true],
  ['a*b?c*x', 'abxbbxdbxebxczzy', false],
  ['ab[^c]', 'abc', false],
  ['ab[^e-g]', 'abc', true],
  ['a?b', 'a☺b', true, '? is one character, not one byte'],
  ['a???b', 'a☺b', false],
  ['a[^a][^a][^a]b', 'a☺b', false],
  ['[a-ζ]*', 'α', true],
  ['*[a-ζ]', 'A', false],
  ['a?b', 'a/b', false],
  ['a*b', 'a/b', false],
  ['[\\]a]', ']', true],
  ['[\\-]', '-', true],
  ['[x\\-]', '-', true],
  ['[x\\-]', 'z', false],
  ['[\\-x]', 'a', false],
  ['*x', 'xxx', true],
]);

table('tricky cases', [
  ['**', 'a/b/c', true, '** alone'],
  ['**/node_modules', 'node_modules', true, '** at the start matches zero directories'],
  ['**/node_modules', 'a/b/node_modules/x/y.js', true],
  ['a/**/b', 'a/b', true, '** in the middle matches zero directories'],
  ['a/**/b', 'a/x/y/b', true],
  ['a/**/b', 'ab', false],
  ['a/**', 'a', false, 'a/** is what is inside a, not a'],
  ['a/**', 'a/x', true],
  ['./foo', 'foo', true],
  ['/foo', 'foo', true],
  ['foo/', 'foo/x', true],
  ['foo/../bar', 'bar', true],
  ['*.MD', 'readme.md', false, 'case-sensitive'],
  ['[!a]x', '!x', true, "'!' does not negate a Go class"],
  ['[!a]x', 'bx', false],
  ['[^a]x', 'bx', true],
  ['src\\build', 'src/build', false, "'\\' escapes on Linux/macOS; it is not a separator"],
  ['dir\\\\file', 'dir\\file', true, 'an escaped backslash is a literal backslash'],
  ['file (1).txt', 'file (1).txt', true],
  ['a+b', 'a+b', true],
  ['a+b', 'aab', false],
  ['c++/*.o', 'c++/x.o', true],
  ['$HOME*', '$HOME.bak', true],
  [' #notes', '#notes', true, "'#' after column 1 is part of the pattern"],
  ['a#b', 'a#b', true],
  ['! secret.txt\n*.txt\n!secret.txt', 'secret.txt', false],
]);

// Quirks of Docker's pattern-to-regexp translation, confirmed against the Go code itself.
table("quirks of Docker's translation", [
  ['**foo', 'xfoo', true, 'a leading ** with no wildcard after it is a plain suffix test'],
  ['**.log', 'a/b/c.log', true],
  ['foo**', 'food/x', true, 'a trailing ** with no wildcard before it is a plain prefix test'],
  ['a**b', 'a/x/b', true],
  ['a**b', 'axb', false, '** becomes (.*/)? so it needs a / here'],
  ['[?]', '^]', true, '? turns into [^/] even inside brackets'],
  ['[?]', '?', false],
  ['log\\d', 'log7', true, '\\d reaches the Go regexp as a digit class'],
  ['log\\d', 'logd', false],
  ['[[:digit:]]x', '7x', true, 'POSIX classes pass through'],
  ['a[^x]b', 'a/b', true, 'a negated class also matches /'],
  ['a^*', 'a^b', false, '^ is an anchor once the pattern is a regexp'],
  ['a^b', 'a^b', true, 'but a plain string without wildcards is compared as is'],
  [
    'x|*',
    'anything/at/all',
    true,
    "'|' is not escaped (moby's escape table overflows): x OR [^/]*, which matches any path",
  ],
  ['*.log|*.tmp', 'deep/dir/x.tmp', true, 'the second alternative is not anchored at the start'],
  ['*.log|*.tmp', 'a.logger', true, 'the first is not anchored at the end'],
  ['*.log|*.tmp', 'a.txt', false],
  ['foo|bar', 'foo', false, 'without wildcards the | is literal'],
  ['foo|bar', 'foo|bar', true],
  ['v{2}*', 'vv.txt', true, "'{n}' is a Go regexp repeat"],
  ['*.{js,ts}', 'a.{js,ts}', true, 'no brace expansion: {js,ts} is literal'],
  ['*.{js,ts}', 'a.js', false],
  ['/!keep', 'keep', false, 'cleaning leaves "!keep", which Docker reads as an exception'],
  ['!!x', '!x', false, 'only the first ! negates'],
]);

table('exceptions inside excluded directories (BuildKit walk)', [
  ['build\n!build/keep.txt', 'build/keep.txt', false],
  ['build\n!build/keep.txt', 'build/other.txt', true],
  ['build\n!build/keep.txt', 'build/sub/keep.txt', true],
  ['build\n!**/keep.txt', 'build/sub/keep.txt', false, 'wildcard exceptions reach any depth'],
  ['*\n!src', 'src/a/b.ts', false],
  ['*\n!src', 'lib/a.ts', true],
  ['*\n!src/*.ts', 'src/a.ts', false],
  ['*\n!src/*.ts', 'src/a.js', true],
  ['**\n!keep/**', 'keep/x/y', false],
  [
    '**\n!keep/**',
    'keep',
    true,
    'the directory itself stays excluded (BuildKit adds it back as a parent)',
  ],
  [
    'a/b\n!a',
    'a/b/c',
    true,
    'BuildKit: !a was skipped at "a" (nothing excluded yet) and does not reach a/b (the classic builder would keep it)',
  ],
  ['a/b\n!a', 'a/c', false],
]);

describe('mayReincludeUnder', () => {
  const cases: [string, string, boolean][] = [
    ['node_modules', 'node_modules', false],
    ['build\n!build/keep.txt', 'build', true],
    ['build\n!build/keep.txt', 'build/sub', false],
    ['build\n!other/x', 'build', false],
    ['build\n!**/keep.txt', 'build', true],
    ['*\n!src/*.ts', 'lib', false],
    ['*\n!src/*.ts', 'src', true],
    ['*\n!src/**', 'src', true],
    ['src', 'lib', true],
  ];
  for (const [file, dir, want] of cases) {
    it(`${JSON.stringify(file)} under ${dir}: ${want}`, () => {
      assert.equal(createMatcher(parseDockerignore(file)).mayReincludeUnder(dir), want);
    });
  }
  it('is consistent with isExcluded for everything below', () => {
    const files = ['build\n!build/a/keep', 'a/b\n!a', '*\n!src/*.ts', '**\n!keep/**', 'x\n!**/y'];
    const dirs = ['build', 'build/a', 'a', 'a/b', 'src', 'lib', 'keep', 'x', 'x/z'];
    const leaves = ['keep', 'y', 'a.ts', 'q/keep', 'a/keep', 'z/y'];
    for (const file of files) {
      const m = createMatcher(parseDockerignore(file));
      for (const dir of dirs) {
        if (!m.isExcluded(dir) || m.mayReincludeUnder(dir)) continue;
        for (const leaf of leaves)
          assert.ok(m.isExcluded(`${dir}/${leaf}`), `${file} ${dir}/${leaf}`);
      }
    }
  });
});

describe('decidingPattern', () => {
  const m = createMatcher(parseDockerignore('[\n*.md\n!README.md\nbuild'));
  it('indexes IgnoreFile.patterns, skipped invalid ones included', () => {
    assert.equal(m.decidingPattern('notes.md'), 1);
    assert.equal(m.decidingPattern('README.md'), 2);
    assert.equal(m.decidingPattern('build/x/y'), 3);
    assert.equal(m.decidingPattern('src/a.ts'), -1);
  });
});

describe('patternMatches', () => {
  const [dir, neg, bad] = parseDockerignore('docs\n!docs/*.md\n[').patterns;
  it('matches a path or any of its parents', () => {
    assert.equal(patternMatches(dir!, 'docs'), true);
    assert.equal(patternMatches(dir!, 'docs/a/b.txt'), true);
    assert.equal(patternMatches(dir!, 'src/docs'), false);
  });
  it("tests the cleaned pattern, ignoring '!'", () => {
    assert.equal(patternMatches(neg!, 'docs/a.md'), true);
    assert.equal(patternMatches(neg!, 'docs/a.txt'), false);
  });
  it('never matches with an invalid pattern', () => assert.equal(patternMatches(bad!, '['), false));
});

describe('parseDockerignore', () => {
  it('reads comments, patterns, offsets and lines', () => {
    const text = '# top\n  node_modules  \n\n!README.md\n\t#not-a-comment';
    const f = parseDockerignore(text);
    assert.deepEqual(f.comments, [{ line: 0, start: 0, end: 5 }]);
    assert.deepEqual(
      f.patterns.map((p) => [p.line, text.slice(p.start, p.end), p.text, p.negated, p.cleaned]),
      [
        [1, 'node_modules', 'node_modules', false, 'node_modules'],
        [3, '!README.md', '!README.md', true, 'README.md'],
        [4, '#not-a-comment', '#not-a-comment', false, '#not-a-comment'],
      ],
    );
  });
  it('handles CRLF, a BOM and no final newline', () => {
    const text = '\uFEFF# c\r\n/dist/\r\n! a \r\nb';
    const f = parseDockerignore(text);
    assert.deepEqual(f.comments, [{ line: 0, start: 1, end: 4 }]);
    assert.deepEqual(
      f.patterns.map((p) => [p.line, p.start, p.end, p.text, p.cleaned]),
      [
        [1, 6, 12, '/dist/', 'dist'],
        [2, 14, 17, '! a', 'a'],
        [3, 20, 21, 'b', 'b'],
      ],
    );
  });
  it('counts a lone CR as a line break for positions, though Docker splits on LF only', () => {
    const f = parseDockerignore('a\rb\nc');
    assert.deepEqual(
      f.patterns.map((p) => [p.line, p.text]),
      [
        [0, 'a\rb'],
        [2, 'c'],
      ],
    );
  });
  it("trims what Go's TrimSpace trims", () => {
    assert.equal(parseDockerignore('\u00a0foo\u0085\u3000').patterns[0]!.text, 'foo');
    assert.equal(
      parseDockerignore('x\n\uFEFFfoo').patterns[1]!.cleaned,
      '\uFEFFfoo',
      'a BOM is only stripped at the start',
    );
  });
  const cleaning: [string, string, boolean][] = [
    ['./foo', 'foo', false],
    ['/foo', 'foo', false],
    ['foo/', 'foo', false],
    ['foo//bar/./baz/../', 'foo/bar', false],
    ['../foo', '../foo', false],
    ['!/foo/', 'foo', true],
    ['!  foo', 'foo', true],
    ['/!foo', 'foo', true],
    ['!!foo', '!foo', true],
    ['/', '/', false],
  ];
  for (const [line, cleaned, negated] of cleaning) {
    it(`cleans ${JSON.stringify(line)} to ${JSON.stringify(cleaned)}`, () => {
      const [p] = parseDockerignore(line).patterns;
      assert.deepEqual([p!.cleaned, p!.negated, p!.error], [cleaned, negated, undefined]);
    });
  }
});

describe('invalid patterns are reported, never thrown', () => {
  const invalid: [string, RegExp][] = [
    ['[', /unterminated/],
    ['a[', /unterminated/],
    ['[^', /unterminated/],
    ['[]a]', /empty character class/],
    ['[-]', /unescaped '-'/],
    ['[x-]', /no upper end/],
    ['[a-b-c]', /unescaped '-'/],
    ['a\\', /trailing backslash/],
    ['!', /illegal exclusion/],
    ['!/', /illegal exclusion/],
    ['[z-a]', /invalid character class range/],
    ['[Local-Only]/', /invalid character class range/],
    ['a\\q*', /invalid escape/],
    ['[[:foo:]]', /invalid character class range/],
    ['x{1001}*', /invalid repeat count/],
  ];
  for (const [line, why] of invalid) {
    it(`rejects ${JSON.stringify(line)}`, () => {
      const f = parseDockerignore(`${line}\nok`);
      assert.match(f.patterns[0]!.error ?? '', why);
      assert.equal(f.patterns[1]!.error, undefined);
      const m = createMatcher(f);
      assert.equal(m.isExcluded('ok'), true);
      assert.equal(m.isExcluded(line), false, 'skipped for matching');
    });
  }
  it("accepts what Go's Match lets through: nothing after a failing chunk is checked", () => {
    const [lenient, strict] = parseDockerignore('b*[a-]\nb[a-]').patterns;
    assert.equal(lenient!.error, undefined);
    assert.equal(patternMatches(lenient!, 'bx-'), true);
    assert.match(strict!.error ?? '', /no upper end/);
  });
  it('flags a line of 64 KiB or more, which makes Docker fail to read the file', () => {
    const f = parseDockerignore(`ok\n${'a'.repeat(70_000)}\nb`);
    assert.equal(f.patterns[0]!.error, undefined);
    assert.match(f.patterns[1]!.error ?? '', /64 KiB/);
  });
  it('survives random input', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const alphabet = 'ab/*?[]^!\\-{}|()$.:#\r\n \t☺dpPQE0x';
    for (let n = 0; n < 2000; n++) {
      let text = '';
      for (let k = Math.floor(rnd() * 30); k > 0; k--)
        text += alphabet[Math.floor(rnd() * alphabet.length)];
      const m = createMatcher(parseDockerignore(text));
      for (const p of ['a', 'a/b', 'ab/[/x', '☺/?']) {
        m.isExcluded(p);
        m.mayReincludeUnder(p);
      }
    }
  });
});

describe('speed', () => {
  const MB = 1 << 20;
  const within = (ms: number, fn: () => void): void => {
    const t = performance.now();
    fn();
    const took = performance.now() - t;
    assert.ok(took < ms, `took ${took.toFixed(0)} ms, limit ${ms} ms`);
  };
  const adversarial: [string, string][] = [
    ['*a*a*a*a*a*b', 'a'.repeat(MB)],
    ['**/**/**/**/x', 'a/'.repeat(MB / 2)],
    ['x|*a*a*a*b*', 'a'.repeat(MB)],
    ['?{1000}x', 'a'.repeat(MB)],
    ['\\d*\\b*\\B*a', '1a'.repeat(MB / 2)],
  ];
  for (const [pattern, subject] of adversarial) {
    it(`${pattern} on a 1 MB path stays linear`, () => {
      const f = parseDockerignore(pattern);
      assert.equal(f.patterns[0]!.error, undefined);
      within(3000, () => {
        patternMatches(f.patterns[0]!, subject);
        createMatcher(f).isExcluded(subject);
      });
    });
  }
  it('10,000 paths × 30 patterns', () => {
    const patterns = [
      'node_modules',
      '.git',
      'dist/',
      'build',
      '*.log',
      '**/*.tmp',
      '**/__pycache__',
      'coverage',
      '*.md',
      '!README.md',
      'docs/**',
      '!docs/api/*.md',
      '.env*',
      '**/.DS_Store',
      'tmp?',
      'src/**/*.test.ts',
      '**/fixtures/**',
      '*.swp',
      '.vscode',
      '.idea',
      'out',
      'target/',
      '**/*.class',
      'vendor/**',
      '!vendor/keep/**',
      '*.tar.gz',
      'secrets/*',
      '**/node_modules/**',
      'Dockerfile*',
      '!Dockerfile',
    ];
    const segments = [
      'src',
      'lib',
      'docs',
      'api',
      'node_modules',
      'build',
      'fixtures',
      'vendor',
      'keep',
    ];
    const paths = Array.from({ length: 10_000 }, (_, i) => {
      const dirs = Array.from(
        { length: 1 + (i % 5) },
        (_, k) => segments[(i * 7 + k * 3) % segments.length],
      );
      return [...dirs, `f${i}${['.ts', '.md', '.log', '.tmp', ''][i % 5]}`].join('/');
    });
    within(3000, () => {
      const m = createMatcher(parseDockerignore(patterns.join('\n')));
      for (const p of paths) m.isExcluded(p);
    });
  });
});

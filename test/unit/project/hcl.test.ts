import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HclError, parseHcl } from '../../../server/src/project/hcl';
import {
  STANDARD_FUNCTIONS,
  UNKNOWN,
  evaluate,
  type Value,
} from '../../../server/src/project/hclEval';

/** The value of `x = <expr>` with these variables. */
function value(expr: string, vars: Record<string, Value> = {}): Value {
  const body = parseHcl(`x = ${expr}\n`);
  return evaluate(body.attributes[0]!.expr, {
    variable: (n) => (n in vars ? vars[n] : undefined),
    fn: (n) => STANDARD_FUNCTIONS[n],
  });
}

describe('HCL parser', () => {
  it('reads blocks with labels, attributes and their lines', () => {
    const body = parseHcl(
      [
        '# comment',
        'variable "TAG" {',
        '  default = "latest" // trailing comment',
        '}',
        '/* block',
        '   comment */',
        'target "app" {',
        '  cache-to = ["type=inline"]',
        '  nested label "two" {',
        '  }',
        '}',
        'top = 1',
      ].join('\n'),
    );
    assert.deepEqual(
      body.blocks.map((b) => [b.type, b.labels, b.line]),
      [
        ['variable', ['TAG'], 2],
        ['target', ['app'], 7],
      ],
    );
    assert.deepEqual(
      body.blocks[1]!.body.attributes.map((a) => [a.name, a.line]),
      [['cache-to', 8]],
    );
    assert.deepEqual(
      body.blocks[1]!.body.blocks.map((b) => [b.type, b.labels]),
      [['nested', ['label', 'two']]],
    );
    assert.deepEqual(
      body.attributes.map((a) => a.name),
      ['top'],
    );
  });

  const table: [string, Value][] = [
    ['"text"', 'text'],
    ['"a ${1 + 2} b"', 'a 3 b'],
    ['"esc \\" \\n \\u0041"', 'esc " \n A'],
    ['"$${literal} %%{x}"', '${literal} %{x}'],
    ['42', 42],
    ['-1.5e2', -150],
    ['true', true],
    ['null', null],
    ['[1, "two", [3],]', [1, 'two', [3]]],
    ['{ a = 1, "b" = 2\n c: 3 }', { a: 1, b: 2, c: 3 }],
    ['{\n  a = [\n    1,\n  ]\n  b = "x"\n}', { a: [1], b: 'x' }],
    ['V', 'v'],
    ['M.k', 'mv'],
    ['L[1]', 'l1'],
    ['"${V}-${M.k}"', 'v-mv'],
    ['V == "v" ? "yes" : "no"', 'yes'],
    ['N != null && N != "" ? N : "fallback"', 'fallback'],
    ['!(1 < 2) || 3 >= 3', true],
    ['(1 + 2) * 3 % 4 - 10 / 5', -1],
    ['[for s in L : upper(s)]', ['L0', 'L1']],
    ['[for i, s in L : "${i}:${s}" if s != "l0"]', ['1:l1']],
    ['{for k, v in M : v => k}', { mv: 'k' }],
    ['notequal("", V)', true],
    ['join(",", concat(L, ["x"]))', 'l0,l1,x'],
    ['replace("linux/arm64", "/", "-")', 'linux-arm64'],
    ['trimprefix("refs/tags/v1", "refs/tags/")', 'v1'],
    ['coalesce(N, "", "c")', 'c'],
    ['<<EOT\nline ${V}\nEOT\n', 'line v\n'],
    ['<<-EOT\n    indented\n      more\n    EOT\n', 'indented\n  more\n'],
    ['UNDEFINED', UNKNOWN],
    ['timestamp()', UNKNOWN],
    ['"a-${UNDEFINED}"', UNKNOWN],
    ['UNDEFINED == "x" ? "a" : "b"', UNKNOWN],
    ['false && UNDEFINED', false],
    ['"%{ if true }x%{ endif }"', UNKNOWN],
    ['L[*]', UNKNOWN],
  ];
  const vars: Record<string, Value> = { V: 'v', M: { k: 'mv' }, L: ['l0', 'l1'], N: null };
  for (const [expr, expected] of table) {
    it(`${JSON.stringify(expr)} → ${String(typeof expected === 'symbol' ? 'unknown' : JSON.stringify(expected))}`, () => {
      assert.deepEqual(value(expr, vars), expected);
    });
  }

  const errors: [string, number][] = [
    ['target "a" {\n  x = "unterminated\n}', 2],
    ['target "a" {\n  x = 1\n', 3],
    ['target "a" {\n  x = [1, 2\n}\n', 3],
    ['a = 1 2\n', 1],
    ['x = <<EOT\nno end\n', 1],
    ['/* open', 1],
    ['= 1', 1],
  ];
  for (const [text, line] of errors) {
    it(`rejects ${JSON.stringify(text)} at line ${line}`, () => {
      assert.throws(
        () => parseHcl(text),
        (e: unknown) => e instanceof HclError && e.line === line,
      );
    });
  }

  it('stops at deep nesting instead of overflowing the stack', () => {
    assert.throws(() => parseHcl(`x = ${'['.repeat(5000)}`), HclError);
    assert.throws(() => parseHcl(`x = ${'!'.repeat(5000)}true`), HclError);
  });
});

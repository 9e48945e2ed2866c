import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interpolate, parseDotEnv } from '../../../server/src/project/interpolate';

const vars = new Map([
  ['SET', 'value'],
  ['EMPTY', ''],
]);

describe('compose interpolation', () => {
  const table: [string, string, string[]][] = [
    ['plain', 'plain', []],
    ['${SET}', 'value', []],
    ['$SET/x', 'value/x', []],
    ['${UNSET}', '', ['UNSET']],
    ['${UNSET:-def}', 'def', []],
    ['${EMPTY:-def}', 'def', []],
    ['${EMPTY-def}', '', []],
    ['${UNSET-def}', 'def', []],
    ['${SET:+alt}', 'alt', []],
    ['${EMPTY:+alt}', '', []],
    ['${EMPTY+alt}', 'alt', []],
    ['${UNSET:?need it}', '', ['UNSET']],
    ['$${SET} and $$', '${SET} and $', []],
    ['${UNSET:-${SET}}', 'value', []],
    ['${UNSET:-a-${UNSET2:-b}}', 'a-b', []],
    ['cost: 5$', 'cost: 5$', []],
  ];
  for (const [text, value, unset] of table) {
    it(`${text} → ${JSON.stringify(value)}`, () => {
      const r = interpolate(text, vars);
      assert.equal(r.value, value);
      assert.deepEqual(r.unset, unset);
    });
  }
  it('records the variables read', () => {
    assert.deepEqual(interpolate('${SET}-${UNSET:-x}', vars).used, ['SET', 'UNSET']);
  });
});

describe('.env files', () => {
  it('reads the forms Compose reads', () => {
    const env = parseDotEnv(
      [
        '# comment',
        'A=1',
        'export B = two ',
        "C='single $A # kept'",
        'D="double ${A}\\nline"',
        'E=unquoted # comment',
        'F=${A}-${B}',
        'not a line',
        'G=',
        'H="multi',
        'line"',
      ].join('\n'),
    );
    assert.deepEqual(Object.fromEntries(env), {
      A: '1',
      B: 'two',
      C: 'single $A # kept',
      D: 'double 1\nline',
      E: 'unquoted',
      F: '1-two',
      G: '',
      H: 'multi\nline',
    });
  });
  it('accepts CRLF line ends', () => {
    assert.deepEqual(Object.fromEntries(parseDotEnv('A=1\r\nB=2\r\n')), { A: '1', B: '2' });
  });
});

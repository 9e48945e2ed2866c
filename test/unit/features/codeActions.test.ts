import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanMenu, editKey, type MenuEntry } from '../../../server/src/features/codeActions';

const pipMount = {
  edits: [{ start: 40, end: 40, newText: '--mount=type=cache,target=/root/.cache/pip ' }],
};
const noCacheDir = { edits: [{ start: 70, end: 70, newText: ' --no-cache-dir' }] };
const ignoreLine = (id: string) => ({
  edits: [{ start: 30, end: 30, newText: `# layerwise ignore=${id}\n` }],
});
const ignoreFile = (id: string) => ({
  edits: [{ start: 0, end: 0, newText: `# layerwise ignore-file=${id}\n` }],
});

type E = MenuEntry<string>;
const fix = (title: string, edit: unknown, d: string, more: Partial<E> = {}): E => ({
  title,
  group: 'fix',
  edit,
  diagnostics: [d],
  ...more,
});
const ignore = (id: string, scope: 'instruction' | 'file'): E => ({
  title: `Ignore ${id} ${scope === 'file' ? 'in this file' : 'for this instruction'}`,
  group: 'ignore',
  scope,
  edit: scope === 'file' ? ignoreFile(id) : ignoreLine(id),
  diagnostics: [id],
});

const show = (menu: E[]) =>
  menu.map((e) => `${e.title} [${e.diagnostics.join(',')}]${e.preferred ? ' *' : ''}`);

describe('cleanMenu', () => {
  const cases: [name: string, input: E[], expected: string[]][] = [
    [
      'two titles for one edit become one entry resolving both findings; the clearer title stays',
      [
        fix('Insert cache mount', pipMount, 'missing-cache-mount'),
        fix('Insert a pip cache mount instead', pipMount, 'pip-no-cache-dir'),
        fix('Add --no-cache-dir', noCacheDir, 'pip-no-cache-dir'),
        ignore('missing-cache-mount', 'instruction'),
        ignore('missing-cache-mount', 'file'),
        ignore('pip-no-cache-dir', 'instruction'),
        ignore('pip-no-cache-dir', 'file'),
      ],
      [
        'Insert a pip cache mount instead [missing-cache-mount,pip-no-cache-dir]',
        'Add --no-cache-dir [pip-no-cache-dir]',
        'Ignore missing-cache-mount for this instruction [missing-cache-mount]',
        'Ignore missing-cache-mount in this file [missing-cache-mount]',
      ],
    ],
    [
      'a preferred entry keeps its title and comes first; refactors after fixes; ignores last',
      [
        ignore('a', 'file'),
        { title: 'Rewrite as heredoc', group: 'refactor', edit: { x: 1 }, diagnostics: ['a'] },
        fix('Add --no-cache-dir', noCacheDir, 'a'),
        fix('Use a cache mount (keeps the cache between builds)', pipMount, 'a'),
        fix('Mount', pipMount, 'b', { preferred: true }),
      ],
      [
        'Mount [a,b] *',
        'Add --no-cache-dir [a]',
        'Rewrite as heredoc [a]',
        'Ignore a in this file [a]',
      ],
    ],
    [
      'a refactor with the same edit as a fix is shown once, as a fix',
      [
        {
          title: 'Split the long RUN into lines',
          group: 'refactor',
          edit: { y: 2 },
          diagnostics: ['r'],
        },
        fix('Split', { y: 2 }, 'q'),
      ],
      ['Split [r,q]'],
    ],
    [
      'edits equal up to key order are the same edit',
      [
        fix('One', { a: 1, b: [1, { c: 2, d: 3 }] }, 'x'),
        fix('Two', { b: [1, { d: 3, c: 2 }], a: 1 }, 'y'),
      ],
      ['One [x,y]'],
    ],
    ['an empty menu stays empty', [], []],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.deepEqual(show(cleanMenu(input)), expected));
  }

  it('no two entries share an edit, and the input is not modified', () => {
    const input = cases[0]![1];
    const copy = JSON.parse(JSON.stringify(input)) as E[];
    const menu = cleanMenu(input);
    assert.equal(new Set(menu.map((e) => editKey(e.edit))).size, menu.length);
    assert.deepEqual(input, copy);
  });

  it('editKey tells different edits apart', () => {
    assert.notEqual(editKey(pipMount), editKey(noCacheDir));
    assert.notEqual(editKey([1, 2]), editKey([2, 1]));
  });
});

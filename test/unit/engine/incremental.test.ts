/**
 * The incremental path (an editor's re-analysis with the previous model: unchanged instructions
 * reuse their parse, moved to their new offsets) must give exactly what a fresh analysis gives:
 * the same model and the same findings, fixes included, after any sequence of edits.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { contextFromList } from '../../../server/src/analysis/context';
import { lintDockerfile } from '../../../server/src/engine/lint';
import { buildModel, type DockerfileModel } from '../../../server/src/parse/model';
import type { ShellWord } from '../../../server/src/parse/shell';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const REALISTIC = path.join(REPO, 'test', 'fixtures', 'realistic');

const BASES: string[] = [
  ...fs
    .readdirSync(REALISTIC)
    .map((d) => path.join(REALISTIC, d, 'Dockerfile'))
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f, 'utf8')),
  'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "main.py"]\n',
  '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command `\n    Write-Host hi\nCOPY . C:\\app\n',
];

const CONTEXT = contextFromList(
  '/ctx',
  ['package.json', 'package-lock.json', 'requirements.txt', 'go.mod', 'go.sum', 'src/main.py'],
  { path: '/ctx/.dockerignore', text: '.git\nnode_modules\n' },
);

/** Pieces of Dockerfile syntax an edit inserts: the ones that move instruction boundaries most. */
const PIECES = [
  'x',
  ' ',
  '\n',
  '\r\n',
  '\\\n',
  '\\',
  '`',
  '#',
  '# c\n',
  '"',
  "'",
  '&&',
  '; ',
  '$(',
  ')',
  '<<EOF\n',
  'EOF\n',
  '<<-"E" ',
  '\tE\n',
  'RUN ',
  'FROM node:20 AS build\n',
  'FROM build\n',
  'ONBUILD ',
  'ARG V=1\n',
  'ENV A="b c" D=e\n',
  'USER app\n',
  'WORKDIR /srv\n',
  'COPY --from=build /a /b\n',
  'COPY . .\n',
  'RUN --mount=type=cache,target=/root/.npm npm ci\n',
  'RUN apt-get update && apt-get install -y curl\n',
  'RUN pip install flask\n',
  'sh -c "npm install x" ',
  '["a", "b"]',
  '# escape=`\n',
  '\ufeff',
];

type Edit = { at: number; remove: number; insert: string };

const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 4, max: 60 })),
  insert: fc.oneof(
    fc.constant(''),
    fc.constantFrom(...PIECES),
    fc.array(fc.constantFrom(...PIECES), { minLength: 2, maxLength: 4 }).map((a) => a.join('')),
  ),
});

function apply(text: string, e: { at: number; remove: number; insert: string }): string {
  const at = Math.min(text.length, Math.floor(e.at * (text.length + 1)));
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

const word = (w: ShellWord) => ({ value: w.value, start: w.start, end: w.end, offsets: w.offsets });

/** Everything a rule can read from a model, as plain data. */
function snapshot(m: DockerfileModel) {
  const stageIndex = (s: { index: number } | undefined) => s?.index;
  return {
    escape: m.scan.escape,
    directives: m.scan.directives,
    comments: m.scan.comments,
    instructions: m.instructions.map((i) => ({
      index: i.index,
      keyword: i.keyword,
      onbuild: i.onbuild,
      start: i.start,
      end: i.end,
      raw: {
        keyword: i.raw.keyword,
        keywordStart: i.raw.keywordStart,
        keywordEnd: i.raw.keywordEnd,
        startLine: i.raw.startLine,
        endLine: i.raw.endLine,
        logical: i.raw.logical,
        map: Array.from(i.raw.map),
        heredocs: i.raw.heredocs,
      },
      flags: i.flags,
      words: i.words,
      json: i.json,
      run: i.run && {
        form: i.run.form,
        commands: i.run.commands.map((c) => ({
          ...c,
          words: c.words.map(word),
          assignments: c.assignments.map(word),
        })),
        mounts: i.run.mounts.map((mt) => ({ ...mt, flag: i.flags.indexOf(mt.flag) })),
      },
      properties: i.properties,
      user: i.user,
      workdir: i.workdir,
      env: [...i.env],
      stage: i.stage.index,
    })),
    stages: m.stages.map((s) => ({
      index: s.index,
      name: s.name,
      from: s.from,
      fromInstruction: s.fromInstruction?.index,
      instructions: s.instructions.map((i) => i.index),
      parent: stageIndex(s.parent),
      copiesFrom: s.copiesFrom.map((c) => c.index),
      isFinal: s.isFinal,
    })),
    preamble: m.preamble?.instructions.map((i) => i.index),
    finalStage: stageIndex(m.finalStage),
    globalArgs: [...m.globalArgs],
  };
}

describe('incremental analysis', () => {
  it('gives exactly the fresh model and findings after thousands of random edits', () => {
    let edits = 0;
    let reused = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...BASES),
        fc.array(edit, { minLength: 10, maxLength: 30 }),
        (base, sequence: Edit[]) => {
          let text = base;
          let previous = lintDockerfile(text, { context: CONTEXT, incremental: true }).model;
          for (const e of sequence) {
            text = apply(text, e);
            edits++;
            const inc = lintDockerfile(text, { context: CONTEXT, previous, incremental: true });
            const fresh = lintDockerfile(text, { context: CONTEXT });
            assert.deepStrictEqual(inc.findings, fresh.findings);
            assert.deepStrictEqual(inc.notices, fresh.notices);
            if (inc.model && fresh.model) {
              assert.deepStrictEqual(snapshot(inc.model), snapshot(fresh.model));
              const before = new Set(previous?.instructions.map((i) => i.words));
              reused += inc.model.instructions.filter((i) => before.has(i.words)).length;
            } else assert.equal(inc.model, fresh.model);
            previous = inc.model;
          }
        },
      ),
      { numRuns: 150, seed: 7 },
    );
    assert.ok(edits >= 2000, `${edits} edits`);
    // Not vacuous: the path under test did reuse earlier parses.
    assert.ok(reused > edits, `${reused} instructions reused over ${edits} edits`);
  });

  it('reuses unchanged instructions and moves the ones after an edit', () => {
    const v1 = 'FROM node:20\nWORKDIR /app\nRUN npm ci && npm run build\nCMD ["node", "x"]\n';
    const m1 = buildModel(v1, { incremental: true });
    const v2 = v1.replace('WORKDIR /app', 'WORKDIR /srv/app');
    const m2 = buildModel(v2, { previous: m1 });
    assert.equal(
      m2.instructions[0]!.words,
      m1.instructions[0]!.words,
      'before the edit: same parse',
    );
    const run1 = m1.instructions[2]!.run!.commands[1]!.words[2]!;
    const run2 = m2.instructions[2]!.run!.commands[1]!.words[2]!;
    assert.equal(run2.value, 'build');
    assert.equal(run2.start, run1.start + 4, 'after the edit: moved by the edit length');
    assert.deepStrictEqual(
      run2.offsets,
      run1.offsets.map((o) => o + 4),
    );
    assert.deepStrictEqual(snapshot(m2), snapshot(buildModel(v2)));
  });

  it('reuses nothing when the escape character changed', () => {
    const v1 = 'FROM a\nRUN echo a `\n  b\n';
    const m1 = buildModel(v1, { incremental: true });
    const v2 = '# escape=`\n' + v1;
    const m2 = buildModel(v2, { previous: m1 });
    assert.deepStrictEqual(snapshot(m2), snapshot(buildModel(v2)));
    assert.equal(m2.instructions[1]!.raw.logical, 'RUN echo a   b');
  });
});

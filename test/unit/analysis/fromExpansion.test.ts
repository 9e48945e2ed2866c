import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandAll, stagesNamedByArgFrom } from '../../../server/src/analysis/fromExpansion';
import { buildModel } from '../../../server/src/parse/model';

describe('ARG-built FROM expansion', () => {
  const values = (table: Record<string, string[]>) => (name: string) => table[name] ?? [];
  const cases: { text: string; table: Record<string, string[]>; want: string[] | undefined }[] = [
    {
      text: 'base-${TARGETARCH}',
      table: { TARGETARCH: ['amd64', 'arm64'] },
      want: ['base-amd64', 'base-arm64'],
    },
    { text: 'app-${VARIANT:-cpu}', table: { VARIANT: ['gpu'] }, want: ['app-gpu', 'app-cpu'] },
    { text: 'app-${VARIANT:-cpu}', table: {}, want: ['app-cpu'] },
    { text: 'img${DEBUG:+-debug}', table: {}, want: ['img-debug', 'img'] },
    {
      text: '$OS-$ARCH',
      table: { OS: ['linux'], ARCH: ['amd64', 'arm64'] },
      want: ['linux-amd64', 'linux-arm64'],
    },
    { text: 'flavor-${FLAVOR}', table: {}, want: undefined },
  ];
  for (const c of cases)
    it(`${c.text} over ${JSON.stringify(c.table)}`, () => {
      assert.deepEqual(expandAll(c.text, values(c.table)), c.want);
    });

  it('names stages through ARG defaults, passed build args and platform ARGs', () => {
    const model = buildModel(
      'ARG FLAVOR=slim\nFROM alpine:3 AS base-arm64\nFROM alpine:3 AS run-slim\nFROM alpine:3 AS run-fat\nFROM alpine:3 AS other\nFROM base-${TARGETARCH}\nFROM run-${FLAVOR}\n',
    );
    const names = (m: Set<{ name: string | undefined }>) => [...m].map((s) => s.name).sort();
    assert.deepEqual(names(stagesNamedByArgFrom(model)), ['base-arm64', 'run-slim']);
    const passed = new Map([['FLAVOR', ['fat']]]);
    assert.deepEqual(names(stagesNamedByArgFrom(model, passed)), [
      'base-arm64',
      'run-fat',
      'run-slim',
    ]);
  });
});

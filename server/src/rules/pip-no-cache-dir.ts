import { cacheDiscarded, hasCacheMount } from '../analysis/cacheMounts';
import { isUnshippedBuilder, shippedStages } from '../analysis/copies';
import { declaredFor, declaredName, insertArgAfter } from '../analysis/edits';
import { toolUses } from '../analysis/tools';
import type { DockerfileRule, Fix } from './types';

export const rule: DockerfileRule = {
  meta: {
    id: 'pip-no-cache-dir',
    category: 'size',
    severity: 'warning',
    appliesTo: 'dockerfile',
    platforms: ['linux'],
    fixable: true,
    aliases: ['hadolint DL3042'],
    docs: {
      summary: '`pip install` keeps its download cache in the image layer.',
      why: 'pip saves every wheel it downloads under `~/.cache/pip`. In an image that cache is never used again but ships with the layer, often doubling the size of the installed packages.',
      before:
        'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n',
      after:
        'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n',
      fix: '**Add --no-cache-dir** inserts the flag after `install` (safe: the same packages are installed). The alternative, a BuildKit cache mount that keeps the cache outside the image and between builds, is offered once, by `missing-cache-mount` on the same command (**Insert cache mount on … (needs BuildKit)**); either choice resolves both findings. Not reported when `PIP_NO_CACHE_DIR` is set (ENV, ARG, a `NAME=value` prefix or an `export` earlier in the RUN: pip turns the cache off for any value, even `false`), when a later `pip cache purge` or removal of `~/.cache/pip` in the same RUN empties it, or when a cache mount covers `~/.cache/pip`. In a builder stage that is not shipped, the finding is information only.',
    },
  },
  check({ model, report }) {
    const shipped = shippedStages(model);
    for (const use of toolUses(model.instructions)) {
      if (use.tool !== 'pip' || use.verb !== 'install') continue;
      // The flag, PIP_NO_CACHE_DIR (ENV, ARG, prefix or `export`), or a later `pip cache purge`.
      if (cacheDiscarded(use)) continue;
      if (hasCacheMount('pip', use.instruction, [], use.command)) continue;
      const verb = use.verbWord!;
      // The cache-mount alternative is offered once, by missing-cache-mount on the same command.
      const edits = [insertArgAfter(use.instruction, verb, '--no-cache-dir')];
      const fixes: Fix[] = [
        {
          title: 'Add --no-cache-dir',
          safety: 'safe',
          kind: 'quickfix',
          edits,
          preferred: true,
          changes: declaredFor(model, use.instruction, use.command, edits, [
            {
              kind: 'adds-flag',
              command: declaredName(model, use.command),
              flag: '--no-cache-dir',
            },
          ]),
        },
      ];
      const builder = isUnshippedBuilder(use.instruction.stage, shipped);
      report({
        message: builder
          ? '`pip install` keeps its download cache in this builder stage’s layer (not shipped): add `--no-cache-dir` to keep the build cache small.'
          : '`pip install` keeps its download cache in the layer: add `--no-cache-dir` (or mount a BuildKit cache).',
        start: use.command.words[0]!.start,
        end: verb.end,
        severity: builder ? 'info' : undefined,
        fixes,
      });
    }
  },
};

import { hasCacheMount, insertCacheMountFix } from '../analysis/cacheMounts';
import { insertAfterWord } from '../analysis/edits';
import { hasArg, toolUses } from '../analysis/tools';
import type { DockerfileRule, Fix } from './types';

export const rule: DockerfileRule = {
  meta: {
    id: 'pip-no-cache-dir',
    category: 'size',
    severity: 'warning',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: ['hadolint DL3042'],
    docs: {
      summary: '`pip install` keeps its download cache in the image layer.',
      why: 'pip saves every wheel it downloads under `~/.cache/pip`. In an image that cache is never used again but ships with the layer, often doubling the size of the installed packages.',
      before:
        'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n',
      after:
        'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n',
      fix: '**Add --no-cache-dir** inserts the flag after `install` (safe). The alternative action **Insert a pip cache mount instead** keeps the cache outside the image and between builds (a suggestion: it needs BuildKit).',
    },
  },
  check({ model, report }) {
    for (const use of toolUses(model.instructions)) {
      if (use.tool !== 'pip' || use.verb !== 'install') continue;
      if (hasArg(use, '--no-cache-dir')) continue;
      if (use.instruction.env.has('PIP_NO_CACHE_DIR')) continue;
      if (use.command.assignments.some((a) => a.value.startsWith('PIP_NO_CACHE_DIR='))) continue;
      if (hasCacheMount('pip', use.instruction)) continue;
      const verb = use.verbWord!;
      const fixes: Fix[] = [
        {
          title: 'Add --no-cache-dir',
          safety: 'safe',
          kind: 'quickfix',
          edits: [insertAfterWord(verb, '--no-cache-dir')],
          preferred: true,
        },
      ];
      const mount = insertCacheMountFix(model, use);
      if (mount) fixes.push({ ...mount, title: 'Insert a pip cache mount instead' });
      report({
        message:
          '`pip install` keeps its download cache in the layer: add `--no-cache-dir` (or mount a cache).',
        start: use.command.words[0]!.start,
        end: verb.end,
        fixes,
      });
    }
  },
};

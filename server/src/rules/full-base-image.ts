import { baseImage } from '../analysis/stages';
import { toolUses } from '../analysis/tools';
import type { DockerfileRule, Fix } from './types';

export const rule: DockerfileRule = {
  meta: {
    id: 'full-base-image',
    category: 'size',
    severity: 'info',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: [],
    docs: {
      summary:
        'The shipped image is built on the full variant of an image that publishes a slimmer one.',
      why: 'Full variants of the official language images carry compilers, headers and hundreds of Debian packages: `python:3.12` is several times the size of `python:3.12-slim`. A runtime rarely needs them; build in a full image if you must, and ship a slim one.',
      before: 'FROM python:3.12\nCOPY app.py .\nCMD ["python", "app.py"]\n',
      after: 'FROM python:3.12-slim\nCOPY app.py .\nCMD ["python", "app.py"]\n',
      fix: '**Switch to `<tag>-slim`** rewrites the image reference (alternative: the `-alpine` variant, with a note about musl libc). A suggestion: check that the program needs nothing from the full image (compilers, headers, extra system libraries). Not offered for ARG-built references.',
    },
  },
  check({ model, report }) {
    const stage = model.finalStage;
    const from = stage?.from;
    if (!stage || !from || stage.parent) return;
    const info = baseImage(stage)?.info; // no parent stage: its own FROM image
    if (!info || !info.isFullVariant) return;
    // An ARG-built reference cannot be rewritten without dropping the ARG, nor one split by a
    // line continuation (the edit would swallow the lines in between, comments included).
    const editable =
      from.imageText === from.image &&
      model.text.slice(from.imageStart, from.imageEnd) === from.imageText;
    const fixes: Fix[] = [];
    if (editable && info.slimRef) {
      fixes.push({
        title: `Switch to ${info.slimRef}`,
        safety: 'suggestion',
        kind: 'quickfix',
        edits: [{ start: from.imageStart, end: from.imageEnd, newText: info.slimRef }],
        preferred: true,
      });
    }
    // Alpine has no apt: a stage that runs apt-get would no longer build there.
    const usesApt = toolUses(stage.instructions).some((u) => u.tool === 'apt');
    if (editable && info.alpineRef && !usesApt) {
      fixes.push({
        title: `Switch to ${info.alpineRef} (musl libc: check native dependencies)`,
        safety: 'suggestion',
        kind: 'quickfix',
        edits: [{ start: from.imageStart, end: from.imageEnd, newText: info.alpineRef }],
      });
    }
    const slimmer = info.slimRef ?? info.alpineRef;
    report({
      message: `\`${from.image}\` is the full ${info.familyTitle} image${slimmer ? `; \`${slimmer}\` is a far smaller variant of the same version` : ''}.`,
      start: from.imageStart,
      end: from.imageEnd,
      fixes,
    });
  },
};

import { isGenerated } from '../analysis/generated';
import type { DockerfileRule } from './types';

export const rule: DockerfileRule = {
  meta: {
    id: 'generated-file',
    category: 'context',
    severity: 'info',
    appliesTo: 'dockerfile',
    fixable: false,
    inGeneratedFiles: true,
    aliases: [],
    docs: {
      summary: 'The Dockerfile says it is generated from a template: change the template instead.',
      why: 'Official-image repositories and build systems write many Dockerfiles from one template and check that the copies match it. A finding in a copy is a finding in the template, repeated once per copy, and an edit to a copy is undone (or fails the check) the next time the copies are written. Layerwise reports the file once, points to the template where the repository shows one, and reports none of its other findings (`layerwise check --skip-generated` leaves such files out entirely).',
      before:
        '#\n# NOTE: THIS DOCKERFILE IS GENERATED VIA "apply-templates.sh"\n#\n# PLEASE DO NOT EDIT IT DIRECTLY.\n#\nFROM debian:bookworm-slim\nCMD ["bash"]\n',
      after: '# Runtime image for the API.\nFROM debian:bookworm-slim\nCMD ["bash"]\n',
      context: ['apply-templates.sh', 'Dockerfile.template'],
      fix: 'No automatic fix: edit the template and generate the copies again.',
    },
  },
  check({ model, context, report }) {
    const info = isGenerated(model, context);
    if (!info.generated) return;
    const where = info.template
      ? ` Its template appears to be \`${info.template}\`: change that and generate again.`
      : ' Change the template it is made from and generate again.';
    report({
      message: `This file says it is generated ("${info.evidence}"): its findings belong to its template.${where}`,
      start: info.start ?? 0,
      end: info.end ?? 0,
    });
  },
};

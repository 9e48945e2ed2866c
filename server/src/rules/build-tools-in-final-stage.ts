import {
  globalNodeDevTools,
  isBuildTool,
  packageInstalls,
  removedLater,
} from '../analysis/packages';
import { shippedStages } from '../analysis/copies';
import { imageRole, ruleAppliesTo } from '../analysis/roles';
import { stagePlatform } from '../analysis/platform';
import { startCommand } from '../analysis/roleSignals';
import { detectSingleStageBuild } from '../analysis/multiStage';
import type { DockerfileRule } from './types';

export const rule: DockerfileRule = {
  meta: {
    id: 'build-tools-in-final-stage',
    category: 'size',
    severity: 'info',
    appliesTo: 'dockerfile',
    fixable: false,
    aliases: [],
    // Base, SDK, test and development images carry their tools on purpose.
    roles: ['application'],
    docs: {
      summary:
        'The shipped image installs compilers, build tools or development headers and keeps them.',
      why: 'Compilers and `-dev` packages are needed to build native code, not to run it: `build-essential` alone (gcc, g++, make, libc headers) added about 140 MB to one image (308 → 450 MB, https://github.com/GoogleCloudPlatform/cloud-builders/pull/214) and about 180 MB to another (1.37 → 1.55 GB, https://github.com/jupyter/docker-stacks/pull/1383), and every extra binary is more attack surface. Build in a builder stage and copy only the result, or remove the tools in the same RUN that used them.',
      before:
        'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n',
      after:
        'FROM python:3.12-slim AS builder\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nRUN python -m venv /opt/venv\nCOPY requirements.txt .\nRUN /opt/venv/bin/pip install --no-cache-dir -r requirements.txt\n\nFROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\nCOPY --from=builder /opt/venv /opt/venv\nENV PATH="/opt/venv/bin:$PATH"\n',
      fix: 'No automatic fix here: which runtime libraries replace the `-dev` packages is a decision for you. When the whole file is a single-stage build, `single-stage-build` offers **Convert to a multi-stage build**; otherwise move the install into a builder stage, or purge the tools at the end of the same RUN (`apt-get purge -y --auto-remove gcc`, `apk del .build-deps`). Also reports Node.js build CLIs installed globally (`npm install -g typescript`, `yarn global add @angular/cli`) unless the image starts with that CLI. Judges application images only: base, SDK/toolchain, test and development images carry their tools on purpose (see image roles).',
    },
  },
  check({ model, report }) {
    const final = model.finalStage;
    if (!final) return;
    if (!ruleAppliesTo(rule.meta, imageRole(model, final).role, stagePlatform(final))) return;
    const start = startCommand(final);
    // A CLI the image starts with (`CMD ["ts-node", …]`) is a runtime dependency.
    const started = new Set(
      [...(start.entrypoint ?? []), ...(start.cmd ?? [])].flatMap((a) =>
        a.split(/\s+/).map((w) => w.replace(/^.*\//, '')),
      ),
    );
    // ts-node and tsx compile with the installed TypeScript when the program starts.
    if (started.has('ts-node') || started.has('tsx')) started.add('typescript');
    const convertible = detectSingleStageBuild(model);
    const pointer = convertible
      ? ' `single-stage-build` offers **Convert to a multi-stage build** for this file.'
      : '';
    for (const stage of shippedStages(model)) {
      for (const ins of stage.instructions) {
        if (!ins.run || ins.onbuild) continue;
        for (const install of packageInstalls(ins)) {
          const kept = install.packages.filter(
            (p) => isBuildTool(p.name) && !removedLater(install, p),
          );
          if (kept.length === 0) continue;
          const names = [...new Set(kept.map((p) => p.name))];
          report({
            message: `The shipped image keeps build tools: ${names.map((n) => `\`${n}\``).join(', ')}. Build in a separate stage and copy only the result (or remove them in this RUN).${pointer}`,
            start: kept[0]!.word.start,
            end: kept[0]!.word.end,
          });
        }
        const nodeTools = globalNodeDevTools(ins).filter(
          (p) => !started.has(p.name.replace(/^.*\//, '')),
        );
        if (nodeTools.length > 0) {
          const names = [...new Set(nodeTools.map((p) => p.name))];
          report({
            message: `The shipped image keeps Node.js build tools installed globally: ${names.map((n) => `\`${n}\``).join(', ')}. Build in a separate stage and copy only the output.`,
            start: nodeTools[0]!.word.start,
            end: nodeTools[0]!.word.end,
          });
        }
      }
    }
  },
};

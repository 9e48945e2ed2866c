import { stagesNamedByArgFrom } from '../analysis/fromExpansion';
import { isReferenced, lastStage } from '../analysis/stages';
import type { DockerfileRule } from './types';

export const rule: DockerfileRule = {
  meta: {
    id: 'unused-stage',
    category: 'speed',
    severity: 'info',
    appliesTo: 'dockerfile',
    fixable: false,
    aliases: [],
    docs: {
      summary: 'A build stage that neither is the final stage nor is used by any other stage.',
      why: 'BuildKit builds only the stages the target needs, so an unused stage is skipped silently: its RUNs never run and mistakes in it go unnoticed. The legacy builder builds every stage, so there it only costs time. Either it is dead code, or it is meant to be built with `--target` (a test or dev stage) and the build command should say so.',
      before:
        'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/app .\n\nFROM golang:1.22 AS lint\nRUN go vet ./...\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /out/app /app\nCMD ["/app"]\n',
      after:
        'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/app .\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /out/app /app\nCMD ["/app"]\n',
      fix: 'No automatic fix: delete the stage, reference it from the stage that needs it, or build it on purpose with `docker build --target <stage>` (Layerwise treats the `--target` stage as used; set it with the CLI’s `--target`).',
    },
  },
  check({ model, build, report }) {
    const last = lastStage(model);
    let argNamed: Set<(typeof model.stages)[number]> | undefined;
    for (const stage of model.stages) {
      if (stage === last || stage === model.finalStage || !stage.from) continue;
      if (isReferenced(model, stage)) continue;
      // A compose file, bake file, workflow or script builds it with --target.
      if (stage.name && build.targets.has(stage.name)) continue;
      // `FROM base-${TARGETARCH}` may pick it when the build runs.
      argNamed ??= stagesNamedByArgFrom(model, build.args);
      if (argNamed.has(stage)) continue;
      const start = stage.from.nameStart ?? stage.from.imageStart;
      const end = stage.from.nameEnd ?? stage.from.imageEnd;
      const label = stage.name ? `Stage \`${stage.name}\`` : `Stage ${stage.index}`;
      report({
        message: `${label} is not the final stage and no other stage uses it (\`COPY --from\`, \`RUN --mount=from=\`, \`FROM\`): BuildKit skips it${stage.name ? ` unless you build it with \`--target ${stage.name}\`` : ''}.`,
        start,
        end,
      });
    }
  },
};

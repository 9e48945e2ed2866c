import type { DockerfileModel, Stage } from '../parse/model';
import { ownInstructions, shippedStages } from '../analysis/copies';
import type { ToolUse } from '../analysis/tools';
import { cgoSetting, goBuilds, linksStatically, setCgoDisabledEdit } from '../analysis/golang';
import { isBuildTool, packageInstalls } from '../analysis/packages';
import { baseImage, chainInstructions, feedingStages } from '../analysis/stages';
import { declaredFor, declaredName } from '../analysis/edits';
import type { DeclaredChange, DockerfileRule, Fix } from './types';

/** Whether a C compiler was installed in the stage (or the stages it is built on) before `index`. */
function installsCompiler(stage: Stage, index: number): boolean {
  return chainInstructions(stage).some(
    (i) =>
      i.index < index &&
      packageInstalls(i).some((p) =>
        p.packages.some(
          (x) => isBuildTool(x.name) && !/-(dev|devel)$/.test(x.name) && x.name !== 'git',
        ),
      ),
  );
}

export const rule: DockerfileRule = {
  meta: {
    id: 'go-cgo-static',
    category: 'size',
    severity: 'error',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: [],
    // Test and toolchain images do not ship the binary they build.
    docs: {
      summary:
        'A Go binary built with cgo on is copied into an image without glibc (`scratch`, distroless static, Alpine).',
      why: 'With cgo enabled (the default when a C compiler is present, as in the Debian-based `golang` images) `go build` links the binary dynamically against glibc. `scratch` and distroless static have no libc at all and Alpine has musl, so the container fails at start with `exec /app: no such file or directory` (e.g. https://github.com/cs3org/reva/issues/1765, https://github.com/hacdias/webdav/pull/44). `CGO_ENABLED=0` builds a static binary.',
      before:
        'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -ldflags="-s -w" -o /out/app .\n\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
      after:
        'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/app .\n\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
      fix: '**Set CGO_ENABLED=0** puts `CGO_ENABLED=0` in front of the build command (or changes an explicit `CGO_ENABLED=1`). A suggestion: a program that really calls C code will not build without cgo; build it statically instead (`-ldflags "-linkmode external -extldflags -static"`) or ship an image with glibc (`gcr.io/distroless/base`). Not reported when cgo is off (ENV, ARG, `export`, `go env -w`), when the build links statically, when an Alpine builder without a C compiler has cgo off by default (Go 1.20+), or when the final image has glibc.',
    },
  },
  check({ model, report }) {
    const final = model.finalStage;
    if (!final) return;
    const target = baseImage(final);
    if (!target) return;
    const targetLibc = target.scratch ? 'none' : target.info?.libc;
    if (targetLibc !== 'none' && targetLibc !== 'musl') return;
    const shipped = shippedStages(model);
    const feeding = [...feedingStages(model)].filter((s) => !shipped.has(s));
    feeding.sort((a, b) => a.index - b.index);
    for (const stage of feeding) {
      const builder = baseImage(stage);
      for (const use of goBuilds(ownInstructions(stage))) {
        const cgo = cgoSetting(use, stage);
        if (cgo === '0' || linksStatically(use)) continue;
        const compiler = installsCompiler(stage, use.instruction.index);
        const golangDebian = builder?.info?.family === 'golang' && builder.info.libc === 'glibc';
        // Go 1.20+ turns cgo off by default when no C compiler is installed.
        if (cgo === undefined && !golangDebian && !compiler) continue;
        const linked = builder?.info?.libc ?? 'unknown';
        if (targetLibc === 'musl' && linked !== 'glibc') continue;
        const edit = setCgoDisabledEdit(use);
        const fixes: Fix[] = edit
          ? [
              {
                title: 'Set CGO_ENABLED=0',
                safety: 'suggestion',
                kind: 'quickfix',
                edits: [edit],
                preferred: true,
                changes: declaredFor(
                  model,
                  use.instruction,
                  use.command,
                  [edit],
                  [cgoChange(model, use)],
                ),
              },
            ]
          : [];
        const image = target.scratch ? '`scratch`' : `\`${target.image}\``;
        report({
          message: `This \`go ${use.verb}\` runs with cgo on, so the binary links ${linked === 'musl' ? 'musl' : 'glibc'} dynamically; ${image} ${targetLibc === 'none' ? 'has no libc' : 'has musl, not glibc'}, so it will fail to start ("no such file or directory"). Set \`CGO_ENABLED=0\`.`,
          start: use.head[0]!.start,
          end: use.verbWord!.end,
          fixes,
        });
      }
    }
  },
};

/** What the CGO_ENABLED=0 fix changes: a prefix set, or an `env CGO_ENABLED=…` word replaced. */
function cgoChange(model: DockerfileModel, use: ToolUse): DeclaredChange {
  const command = declaredName(model, use.command);
  const word = use.command.words.find((w) => w.value.startsWith('CGO_ENABLED='));
  return word
    ? {
        kind: 'replaces-word',
        command,
        from: model.text.slice(word.start, word.end),
        to: 'CGO_ENABLED=0',
      }
    : { kind: 'sets-variable', command, assignment: 'CGO_ENABLED=0' };
}

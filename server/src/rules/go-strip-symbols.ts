import { ownInstructions } from '../analysis/copies';
import {
  goBuilds,
  isDebugBuild,
  ldflagsOf,
  missingStripFlags,
  outputOf,
  stripFlagsEdit,
} from '../analysis/golang';
import { feedingStages } from '../analysis/stages';
import { positionals } from '../analysis/tools';
import type { DockerfileRule, Fix } from './types';

export const rule: DockerfileRule = {
  meta: {
    id: 'go-strip-symbols',
    category: 'size',
    severity: 'info',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: [],
    // Test and toolchain images do not ship the binary they build.
    docs: {
      summary:
        'A Go binary for the shipped image is built with its symbol table and DWARF debug data.',
      why: '`-ldflags="-s -w"` drops the symbol table and DWARF data, which the program never reads: projects report 10–30 % smaller binaries (12 MB → 8.8 MB for anycable-go on linux/amd64, https://github.com/anycable/anycable-go/pull/45; about 10 % for crane, https://github.com/wolfi-dev/os/pull/2377). Panics still print full stack traces, since the runtime keeps its own line tables; only debuggers and `go tool nm` lose symbols. Since Go 1.22 `-s` implies `-w` (https://go.dev/doc/go1.22#linker).',
      before:
        'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /out/app /app\nCMD ["/app"]\n',
      after:
        'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/app .\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /out/app /app\nCMD ["/app"]\n',
      fix: '**Add -ldflags="-s -w"** inserts the flag after `build`, or adds `-s -w` to the existing `-ldflags` value (a second `-ldflags` would replace the first). Safe: the program behaves the same, minus the debug data. Not offered when the existing value is built from an unquoted variable. Builds in stages that do not reach the final image (tests, dev tools) and debug builds (`-gcflags=all=-N -l`) are not reported.',
    },
  },
  check({ model, report }) {
    const feeding = feedingStages(model);
    for (const stage of model.stages) {
      if (!feeding.has(stage)) continue;
      for (const use of goBuilds(ownInstructions(stage))) {
        if (isDebugBuild(use)) continue;
        if ((use.instruction.env.get('GOFLAGS') ?? '').includes('-ldflags')) continue;
        // `go build ./...` without -o only compiles: nothing is written.
        if (!outputOf(use) && positionals(use).some((w) => w.value.endsWith('...'))) continue;
        const ld = ldflagsOf(use);
        // `-ldflags="$LDFLAGS"`: the flags come from a variable Layerwise cannot see.
        if (ld?.flags.some((f) => /^\$\{?\w+\}?$/.test(f))) continue;
        const missing = missingStripFlags(ld);
        if (missing.length === 0) continue;
        const edit = stripFlagsEdit(model.text, use, missing);
        const fixes: Fix[] = edit
          ? [
              {
                title: 'Add -ldflags="-s -w"',
                safety: 'safe',
                kind: 'quickfix',
                edits: [edit],
                preferred: true,
              },
            ]
          : [];
        report({
          message: `\`go ${use.verb}\` keeps the symbol table${missing.includes('-w') ? ' and DWARF debug data' : ''} in a binary that ships: add \`-ldflags="-s -w"\` (often 10–30 % smaller).`,
          start: use.head[0]!.start,
          end: use.verbWord!.end,
          fixes,
        });
      }
    }
  },
};

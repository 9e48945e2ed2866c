import { convertToMultiStage, detectSingleStageBuild } from '../analysis/multiStage';
import type { DockerfileRule } from './types';
import { SIZES } from '../knowledge/images/figures';

const GO = SIZES.golangFull;
const STATIC = SIZES.distrolessStatic;

const WHAT: Record<string, string> = {
  go: 'the Go toolchain',
  rust: 'the Rust toolchain',
  java: 'a JDK and the build tool',
  dotnet: 'the .NET SDK',
  node: 'dev dependencies and the build toolchain',
  python: 'compilers and headers',
  native: 'compilers and headers',
};

export const rule: DockerfileRule = {
  meta: {
    id: 'single-stage-build',
    category: 'size',
    severity: 'info',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: [],
    docs: {
      summary:
        'The image builds and runs in the same stage, so it ships the whole toolchain with the program.',
      why: `A compiler image is large (\`${GO.measuredOn}\` is about ${GO.compressedMB} MB compressed, ${GO.source.url}) while the binary it builds needs none of it: \`${STATIC.measuredOn}\` is about ${STATIC.uncompressedMB} MB on disk (${STATIC.source.url}), so a builder stage that compiles and a runtime stage that only holds the binary shrink the image by hundreds of megabytes. The same holds for \`npm run build\` (dev dependencies) and for native Python packages (gcc and headers).`,
      before:
        'FROM golang:1.22\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
      after:
        'FROM golang:1.22 AS builder\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o server .\nCMD ["./server"]\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=builder /app/server /server\nUSER nonroot:nonroot\nCMD ["/server"]\n',
      fix: '**Convert to a multi-stage build** (a refactoring, offered as a suggestion) names today’s stage `builder`, keeps every line of it, and appends a runtime stage: for Go `gcr.io/distroless/static:nonroot` with the binary (and `CGO_ENABLED=0` on the build, since that image has no libc); for Node.js the `-slim` variant of the same image with `package.json`, the production `node_modules` (a `npm prune --omit=dev` / `pnpm prune --prod` step is added after the build) and the build output (`dist`, or the folder the start command runs from); for Python the `-slim` variant with the installed packages (the virtualenv, `~/.local` for `pip install --user`, or `site-packages` and `/usr/local/bin`) and the program’s files copied as the builder copied them. EXPOSE, program ENV lines and CMD/ENTRYPOINT are carried over. Review it: native packages may need their runtime libraries in the new stage. Not offered for Rust, Java, .NET and other builds, or when the binary, the build output or the install location cannot be read from the Dockerfile.',
    },
  },
  check({ model, report }) {
    const found = detectSingleStageBuild(model);
    if (!found) return;
    const from = found.stage.from!;
    const fix = convertToMultiStage(model, found);
    const tools = found.tools.length ? ` (${found.tools.map((t) => `\`${t}\``).join(', ')})` : '';
    report({
      message: `This stage builds and runs the program, so the image ships ${WHAT[found.ecosystem]}${tools} with it. Build in a builder stage and copy only the result into a small runtime image.`,
      start: from.imageStart,
      end: from.imageEnd,
      fixes: fix ? [fix] : [],
    });
  },
};

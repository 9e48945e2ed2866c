import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../server/src/engine/applyEdits';
import { lintDockerfile } from '../../../server/src/engine/lint';
import { buildModel } from '../../../server/src/parse/model';
import { ruleTests } from '../ruleTester';

const ID = 'single-stage-build';

const GO_GUIDE =
  'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n';
const NODE = `FROM node:20
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build
EXPOSE 3000
CMD ["node", "dist/index.js"]
`;
const PYTHON_SYSTEM = `FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*
ENV PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
EXPOSE 8000
CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]
`;

ruleTests(ID, {
  valid: [
    {
      name: 'the guide’s Go after example',
      code: 'FROM golang:1.22 AS builder\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 GOOS=linux go build -ldflags="-w -s" -o server .\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=builder /app/server /server\nUSER nonroot:nonroot\nCMD ["/server"]\n',
    },
    {
      name: 'builds but does not run (no CMD/ENTRYPOINT)',
      code: 'FROM golang:1.22\nRUN go build -o /app .\n',
    },
    {
      name: 'no build step',
      code: 'FROM node:20-slim\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'Python without compilers',
      code: 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python", "app.py"]\n',
    },
    {
      name: 'compilers removed in the same RUN',
      code: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y gcc && pip install psutil && apt-get purge -y gcc\nCMD ["python"]\n',
    },
    {
      name: '--target names a builder that has a later stage',
      code: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nCMD ["/app"]\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\n',
      target: 'build',
    },
  ],
  invalid: [
    { code: GO_GUIDE, errors: ['golang:1.22'], message: /Go toolchain/ },
    { code: NODE, errors: ['node:20'] },
    { code: PYTHON_SYSTEM, errors: ['python:3.12-slim'], message: /`gcc`, `libpq-dev`/ },
    {
      name: 'Rust: reported, no conversion',
      code: 'FROM rust:1.79\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/app"]\n',
      errors: ['rust:1.79'],
      output: null,
    },
    {
      name: 'Maven: reported, no conversion',
      code: 'FROM maven:3.9-eclipse-temurin-21\nCOPY . .\nRUN mvn -B package\nCMD ["java", "-jar", "target/app.jar"]\n',
      errors: ['maven:3.9-eclipse-temurin-21'],
      output: null,
    },
    {
      name: 'C with build-essential: reported, no conversion',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y build-essential\nCOPY . .\nRUN make\nCMD ["./app"]\n',
      errors: ['debian:12'],
      output: null,
    },
    {
      name: 'Node start script outside a build folder: no conversion',
      code: 'FROM node:20\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "server.js"]\n',
      errors: ['node:20'],
      output: null,
    },
    {
      name: 'yarn: no conversion (the prune step differs between yarn versions)',
      code: 'FROM node:20\nCOPY . .\nRUN yarn install && yarn build\nCMD ["node", "dist/main.js"]\n',
      errors: ['node:20'],
      output: null,
    },
  ],
});

/** Applies the refactor and checks what every conversion must keep. */
function convert(code: string): string {
  const found = lintDockerfile(code).findings.filter((f) => f.ruleId === ID);
  assert.equal(found.length, 1);
  const fix = found[0]!.fixes.find((f) => f.title === 'Convert to a multi-stage build');
  assert.ok(fix, 'conversion offered');
  assert.equal(fix.kind, 'refactor.rewrite');
  assert.equal(fix.safety, 'suggestion');
  const out = applyEdits(code, fix.edits);
  const again = lintDockerfile(out);
  assert.deepEqual(again.errors, []);
  assert.deepEqual(
    again.findings.filter((f) => f.ruleId === ID),
    [],
    'no single-stage-build after the conversion',
  );
  assert.equal(buildModel(out).stages.length, buildModel(code).stages.length + 1);
  // Every original line survives, in order (the builder is today's file): comments and
  // directives byte for byte, instructions with at most words inserted.
  const outLines = out.split(/\r?\n/);
  const words = (l: string) => l.split(/\s+/).filter(Boolean);
  const keeps = (l: string, line: string) => {
    if (line.trimStart().startsWith('#')) return l === line;
    const have = words(l);
    let k = 0;
    for (const w of words(line)) {
      while (k < have.length && have[k] !== w) k++;
      if (k++ >= have.length) return false;
    }
    return true;
  };
  let at = 0;
  for (const line of code.split(/\r?\n/)) {
    const i = outLines.findIndex((l, k) => k >= at && keeps(l, line));
    assert.ok(i >= 0, `line kept: ${line}`);
    at = i + 1;
  }
  return out;
}

describe(`${ID}: Convert to a multi-stage build`, () => {
  it('Go (the guide’s before example): distroless static, CGO_ENABLED=0, nonroot', () => {
    assert.equal(
      convert(GO_GUIDE),
      'FROM golang:1.22 AS builder\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=0 go build -o server .\nCMD ["./server"]\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=builder /app/server /server\nUSER nonroot:nonroot\nCMD ["/server"]\n',
    );
  });

  it('Go: directives, comments, --platform, ENV, EXPOSE, ENTRYPOINT + CMD are kept', () => {
    const code = `# syntax=docker/dockerfile:1
# Build and run the API.
FROM --platform=$BUILDPLATFORM golang:1.22
ENV CGO_ENABLED=0
ENV PORT=8080
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -ldflags="-s -w" -o /usr/local/bin/api ./cmd/api
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/api"]
CMD ["--port", "8080"]
`;
    assert.equal(
      convert(code),
      code.replace('golang:1.22\n', 'golang:1.22 AS builder\n') +
        '\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=builder /usr/local/bin/api /api\nENV PORT=8080\nEXPOSE 8080\nUSER nonroot:nonroot\nENTRYPOINT ["/api"]\nCMD ["--port", "8080"]\n',
    );
  });

  it('Go: shell-form CMD becomes exec form; no final newline; named stage kept', () => {
    assert.equal(
      convert(
        'FROM golang:1.22 AS app\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ./server --port 80',
      ),
      'FROM golang:1.22 AS app\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=0 go build -o server .\nCMD ./server --port 80\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=app /app/server /server\nUSER nonroot:nonroot\nCMD ["/server", "--port", "80"]\n',
    );
  });

  it('Go: go install into GOPATH/bin', () => {
    assert.equal(
      convert(
        'FROM golang:1.22\nCOPY . /src\nRUN cd /src && go install ./cmd/server\nCMD ["server"]\n',
      ),
      'FROM golang:1.22 AS builder\nCOPY . /src\nRUN cd /src && CGO_ENABLED=0 go install ./cmd/server\nCMD ["server"]\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=builder /go/bin/server /server\nUSER nonroot:nonroot\nCMD ["/server"]\n',
    );
  });

  it('Node: slim image, production node_modules, dist', () => {
    assert.equal(
      convert(NODE),
      `FROM node:20 AS builder
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build
RUN npm prune --omit=dev
EXPOSE 3000
CMD ["node", "dist/index.js"]

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=builder /app/package.json ./
COPY --from=builder /app/node_modules ./node_modules
COPY --from=builder /app/dist ./dist
EXPOSE 3000
CMD ["node", "dist/index.js"]
`,
    );
  });

  it('Node: pnpm on Alpine, output folder read from the start command', () => {
    const code =
      'FROM node:20-alpine\nWORKDIR /usr/src/app\nCOPY . .\nRUN corepack enable && pnpm install --frozen-lockfile && pnpm build\nCMD ["node", "build/server.js"]\n';
    assert.equal(
      convert(code),
      `FROM node:20-alpine AS builder
WORKDIR /usr/src/app
COPY . .
RUN corepack enable && pnpm install --frozen-lockfile && pnpm build
RUN pnpm prune --prod
CMD ["node", "build/server.js"]

FROM node:20-alpine
ENV NODE_ENV=production
WORKDIR /usr/src/app
COPY --from=builder /usr/src/app/package.json ./
COPY --from=builder /usr/src/app/node_modules ./node_modules
COPY --from=builder /usr/src/app/build ./build
CMD ["node", "build/server.js"]
`,
    );
  });

  it('Python: system site-packages, program files copied as the builder did', () => {
    assert.equal(
      convert(PYTHON_SYSTEM),
      PYTHON_SYSTEM.replace('FROM python:3.12-slim\n', 'FROM python:3.12-slim AS builder\n') +
        `
FROM python:3.12-slim
# Packages were built against libpq-dev: install the matching runtime libraries here.
COPY --from=builder /usr/local/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages
COPY --from=builder /usr/local/bin /usr/local/bin
ENV PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
COPY . .
EXPOSE 8000
CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]
`,
    );
  });

  it('Python: a virtualenv is copied whole', () => {
    const code = `FROM python:3.12
RUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "main.py"]
`;
    assert.equal(
      convert(code),
      code.replace('FROM python:3.12\n', 'FROM python:3.12 AS builder\n') +
        `
FROM python:3.12-slim
COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
WORKDIR /app
COPY requirements.txt .
COPY . .
CMD ["python", "main.py"]
`,
    );
  });

  it('Python: pip install --user copies ~/.local', () => {
    const code =
      'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*\nCOPY requirements.txt .\nRUN pip install --user --no-cache-dir -r requirements.txt\nCOPY app.py .\nCMD ["python", "app.py"]\n';
    assert.equal(
      convert(code),
      code.replace('FROM python:3.12-slim\n', 'FROM python:3.12-slim AS builder\n') +
        '\nFROM python:3.12-slim\nCOPY --from=builder /root/.local /root/.local\nENV PATH="/root/.local/bin:$PATH"\nCOPY requirements.txt .\nCOPY app.py .\nCMD ["python", "app.py"]\n',
    );
  });
});

import { ruleTests } from '../ruleTester';

const toScratch = (build: string, builder = 'golang:1.22') =>
  `FROM ${builder} AS b\nWORKDIR /src\n${build}\nFROM scratch\nCOPY --from=b /app /app\nENTRYPOINT ["/app"]\n`;

ruleTests('go-cgo-static', {
  valid: [
    { code: toScratch('RUN CGO_ENABLED=0 go build -o /app .') },
    { code: toScratch('ENV CGO_ENABLED=0\nRUN go build -o /app .'), name: 'ENV' },
    { code: toScratch('ARG CGO_ENABLED=0\nRUN go build -o /app .'), name: 'ARG default' },
    { code: toScratch('RUN export CGO_ENABLED=0 && go build -o /app .'), name: 'export' },
    { code: toScratch('RUN go env -w CGO_ENABLED=0\nRUN go build -o /app .'), name: 'go env -w' },
    { code: toScratch('RUN env CGO_ENABLED=0 GOOS=linux go build -o /app .'), name: 'env prefix' },
    {
      name: 'statically linked with cgo',
      code: toScratch(
        'RUN go build -ldflags \'-linkmode external -extldflags "-static"\' -o /app .',
      ),
    },
    {
      name: 'Alpine builder without a C compiler: cgo is off by default',
      code: toScratch('RUN go build -o /app .', 'golang:1.22-alpine'),
    },
    {
      name: 'musl build shipped on Alpine',
      code: 'FROM golang:1.22-alpine AS b\nRUN apk add --no-cache gcc musl-dev\nRUN go build -o /app .\nFROM alpine:3.19\nCOPY --from=b /app /app\n',
    },
    {
      name: 'the final image has glibc',
      code: 'FROM golang:1.22 AS b\nRUN go build -o /app .\nFROM gcr.io/distroless/base-debian12\nCOPY --from=b /app /app\n',
    },
    {
      name: 'a test stage that is not shipped',
      code: 'FROM golang:1.22 AS test\nRUN go build ./...\nFROM golang:1.22 AS b\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=b /app /app\n',
    },
  ],
  invalid: [
    {
      name: 'the guide’s builder without CGO_ENABLED=0',
      code: 'FROM golang:1.22 AS builder\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=builder /app/server /server\nCMD ["/server"]\n',
      errors: ['go build'],
      fix: 'Set CGO_ENABLED=0',
      output:
        'FROM golang:1.22 AS builder\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=0 go build -o server .\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=builder /app/server /server\nCMD ["/server"]\n',
    },
    {
      name: 'goes before other assignments',
      code: toScratch('RUN GOOS=linux go build -o /app .'),
      errors: ['go build'],
      output: toScratch('RUN CGO_ENABLED=0 GOOS=linux go build -o /app .'),
    },
    {
      name: 'an explicit CGO_ENABLED=1 is switched',
      code: toScratch('RUN CGO_ENABLED=1 go build -o /app .'),
      errors: ['go build'],
      output: toScratch('RUN CGO_ENABLED=0 go build -o /app .'),
    },
    {
      name: 'glibc build shipped on Alpine',
      code: 'FROM golang:1.22 AS b\nRUN go build -o /app .\nFROM alpine:3.19\nCOPY --from=b /app /app\n',
      errors: ['go build'],
      message: /has musl/,
    },
    {
      name: 'Alpine builder with build-base, shipped on scratch',
      code: toScratch(
        'RUN apk add --no-cache build-base\nRUN go build -o /app .',
        'golang:1.22-alpine',
      ),
      errors: ['go build'],
    },
    {
      name: 'heredoc',
      code: toScratch('RUN <<EOF\nset -e\ngo build -o /app .\nEOF'),
      errors: ['go build'],
      output: toScratch('RUN <<EOF\nset -e\nCGO_ENABLED=0 go build -o /app .\nEOF'),
    },
    {
      name: 'exec form: no fix',
      code: toScratch('RUN ["go", "build", "-o", "/app", "."]'),
      errors: ['"go", "build"'],
      output: null,
    },
    { code: toScratch('RUN go install ./cmd/app'), errors: ['go install'] },
    {
      name: 'continuation lines',
      code: toScratch('RUN go mod download && \\\n    go build -o /app .'),
      errors: ['go build'],
      output: toScratch('RUN go mod download && \\\n    CGO_ENABLED=0 go build -o /app .'),
    },
    {
      name: 'inside if/then',
      code: toScratch('RUN if [ -f go.mod ]; then go build -o /app .; fi'),
      errors: ['go build'],
      output: toScratch('RUN if [ -f go.mod ]; then CGO_ENABLED=0 go build -o /app .; fi'),
    },
    {
      name: 'through an intermediate stage',
      code: 'FROM golang:1.22 AS b\nRUN go build -o /app .\nFROM alpine:3.19 AS c\nCOPY --from=b /app /app\nRUN true\nFROM scratch\nCOPY --from=c /app /app\n',
      errors: ['go build'],
    },
  ],
});

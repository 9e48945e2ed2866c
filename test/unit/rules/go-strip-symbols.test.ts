import { ruleTests } from '../ruleTester';

const single = (run: string) => `FROM golang:1.22\nWORKDIR /src\n${run}\n`;

ruleTests('go-strip-symbols', {
  valid: [
    { code: single('RUN go build -ldflags="-s -w" -o /app .') },
    { code: single("RUN go build -ldflags='-w -s' -o /app .") },
    { code: single('RUN go build -ldflags "-s" -o /app .'), name: '-s implies -w' },
    { code: single('RUN go build -ldflags=-s -o /app .') },
    { code: single('RUN go build -ldflags="all=-s -w" -o /app .'), name: 'package pattern' },
    { code: single('RUN go build -ldflags="-s -w=0" -o /app .'), name: 'DWARF kept on purpose' },
    { code: single('RUN go build -gcflags="all=-N -l" -o /app .'), name: 'debug build' },
    { code: single('RUN go build ./...'), name: 'compile check, no output' },
    { code: single('RUN go build -ldflags="$LDFLAGS" -o /app .'), name: 'flags from a variable' },
    { code: single('ENV GOFLAGS=-ldflags=-s\nRUN go build -o /app .'), name: 'GOFLAGS' },
    {
      name: 'a test stage that does not reach the final image',
      code: 'FROM golang:1.22 AS test\nRUN go build -o /tmp/x .\nFROM golang:1.22 AS b\nRUN go build -ldflags="-s -w" -o /app .\nFROM scratch\nCOPY --from=b /app /app\n',
    },
  ],
  invalid: [
    {
      code: single('RUN go build -o /app .'),
      errors: ['go build'],
      fix: 'Add -ldflags="-s -w"',
      output: single('RUN go build -ldflags="-s -w" -o /app .'),
      severity: 'info',
    },
    {
      name: 'merged into an existing quoted value',
      code: single('RUN go build -ldflags="-X main.version=${VERSION}" -o /app .'),
      errors: ['go build'],
      output: single('RUN go build -ldflags="-s -w -X main.version=${VERSION}" -o /app .'),
    },
    {
      name: 'merged into a separate word',
      code: single('RUN go build -ldflags "-X main.v=1" -o /app .'),
      errors: ['go build'],
      output: single('RUN go build -ldflags "-s -w -X main.v=1" -o /app .'),
    },
    {
      name: 'only -s is missing',
      code: single('RUN go build -ldflags=-w -o /app .'),
      errors: ['go build'],
      output: single('RUN go build -ldflags="-s -w" -o /app .'),
    },
    {
      name: 'after the package pattern',
      code: single('RUN go build -ldflags="all=-X a.b=c" -o /app .'),
      errors: ['go build'],
      output: single('RUN go build -ldflags="all=-s -w -X a.b=c" -o /app .'),
    },
    {
      name: 'single quotes',
      code: single("RUN go build -ldflags '-X a.b=c' -o /app ."),
      errors: ['go build'],
      output: single("RUN go build -ldflags '-s -w -X a.b=c' -o /app ."),
    },
    {
      name: 'empty value',
      code: single('RUN go build -ldflags="" -o /app .'),
      errors: ['go build'],
      output: single('RUN go build -ldflags="-s -w" -o /app .'),
    },
    {
      name: 'exec form',
      code: single('RUN ["go", "build", "-o", "/app", "."]'),
      errors: ['"go", "build"'],
      output: single('RUN ["go", "build", "-ldflags=-s -w", "-o", "/app", "."]'),
    },
    {
      name: 'exec form, merged',
      code: single('RUN ["go", "build", "-ldflags=-X a.b=c", "-o", "/app", "."]'),
      errors: ['"go", "build"'],
      output: single('RUN ["go", "build", "-ldflags=-s -w -X a.b=c", "-o", "/app", "."]'),
    },
    {
      name: 'heredoc',
      code: single('RUN <<EOF\nset -e\ngo build -o /app .\nEOF'),
      errors: ['go build'],
      output: single('RUN <<EOF\nset -e\ngo build -ldflags="-s -w" -o /app .\nEOF'),
    },
    {
      name: 'a builder copied into the final stage',
      code: 'FROM golang:1.22 AS b\nRUN CGO_ENABLED=0 go install ./cmd/app\nFROM scratch\nCOPY --from=b /go/bin/app /app\n',
      errors: ['go install'],
      output:
        'FROM golang:1.22 AS b\nRUN CGO_ENABLED=0 go install -ldflags="-s -w" ./cmd/app\nFROM scratch\nCOPY --from=b /go/bin/app /app\n',
    },
  ],
});

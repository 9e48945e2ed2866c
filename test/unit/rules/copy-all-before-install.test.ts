import { withText } from '../../../server/src/analysis/context';
import { ruleTests } from '../ruleTester';

const PY_BEFORE =
  'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "main.py"]\n';

ruleTests('copy-all-before-install', {
  valid: [
    {
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n',
    },
    {
      code: 'FROM node:20\nCOPY --from=deps /app/node_modules ./node_modules\nRUN npm ci\n',
      name: 'COPY --from is not the context',
    },
    { code: 'FROM node:20\nWORKDIR /app\nCOPY src/ ./src\nRUN npm ci\n', name: 'narrow COPY' },
    { code: 'FROM node:20\nRUN npm ci\nCOPY . .\n', name: 'install first' },
    { code: 'FROM node:20\nCOPY . .\nRUN npm install express\n', name: 'npm install of a package' },
    {
      code: 'FROM node:20 AS a\nCOPY . .\nFROM node:20\nRUN npm ci\n',
      name: 'install in another stage',
    },
    { code: 'FROM python:3.12\nCOPY . .\nRUN pip install flask\n', name: 'pip install without -r' },
    {
      name: 'pnpm fetch from the lockfile, then the sources, then an offline install',
      code: 'FROM node:20-slim\nWORKDIR /repo\nCOPY pnpm-lock.yaml ./\nRUN pnpm fetch\nCOPY . .\nRUN pnpm install --offline --frozen-lockfile\n',
      context: ['pnpm-lock.yaml', 'pnpm-workspace.yaml', 'package.json'],
    },
    {
      name: 'manifests bind-mounted into the install, sources copied after',
      code: 'FROM node:20-slim\nWORKDIR /srv\nRUN --mount=type=bind,source=package.json,target=package.json \\\n    --mount=type=bind,source=package-lock.json,target=package-lock.json \\\n    --mount=type=cache,target=/root/.npm npm ci --omit=dev\nCOPY . .\nCMD ["node", "main.js"]\n',
      context: ['package.json', 'package-lock.json', 'main.js'],
    },
    {
      name: 'a folder copied somewhere else than where the install runs',
      code: 'FROM node:20\nWORKDIR /app\nCOPY docs ./docs\nRUN npm ci\n',
      context: ['docs/package.json', 'docs/index.md', 'package.json', 'package-lock.json'],
    },
    {
      name: 'a folder without the manifest the install reads',
      code: 'FROM node:20\nWORKDIR /app\nCOPY public .\nRUN npm install\n',
      context: ['public/index.html', 'package.json'],
    },
  ],
  invalid: [
    {
      name: 'a Go module in a pnpm monorepo is not a Node workspace',
      code: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /bin/srv .\n',
      context: ['pnpm-workspace.yaml', 'package.json', 'go.mod', 'go.sum', 'main.go'],
      errors: ['COPY . .'],
      output:
        'FROM golang:1.22\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /bin/srv .\n',
    },
    {
      name: 'pnpm workspace: no reorder (every member manifest would be needed)',
      code: 'FROM node:20-slim\nWORKDIR /repo\nCOPY . .\nRUN pnpm install --frozen-lockfile\n',
      context: ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'apps/api/package.json'],
      errors: ['COPY . .'],
      message: /pnpm workspace.*every member/,
      output: null,
    },
    {
      name: 'npm workspaces in package.json: no reorder',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n',
      context: [
        withText('package.json', '{"name":"shop","workspaces":["packages/*"]}'),
        'package-lock.json',
        'packages/ui/package.json',
      ],
      errors: ['COPY . .'],
      message: /npm\/yarn workspace/,
      output: null,
    },
    {
      name: 'go.work: no prefetch step (go mod download needs every module)',
      code: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/api ./cmd/api\n',
      context: ['go.work', 'go.mod', 'go.sum', 'lib/go.mod', 'cmd/api/main.go'],
      errors: ['COPY . .'],
      output: null,
    },
    {
      name: 'npm ci without a lockfile in the context: no fix',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n',
      context: ['package.json', 'index.js'],
      errors: ['COPY . .'],
      output: null,
    },
    {
      name: 'a lockfile the ignore file excludes is not named in the COPY',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\n',
      context: ['package.json', 'package-lock.json', 'index.js'],
      ignoreFile: 'node_modules\npackage-lock.json\n',
      errors: ['COPY . .'],
      output: 'FROM node:20\nWORKDIR /app\nCOPY package.json .\nRUN npm install\nCOPY . .\n',
    },
    {
      name: 'Yarn 2+: the release named by yarnPath is copied with .yarnrc.yml',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN yarn install --immutable\n',
      context: [
        'package.json',
        'yarn.lock',
        withText(
          '.yarnrc.yml',
          'nodeLinker: node-modules\nyarnPath: .yarn/releases/yarn-4.1.1.cjs\n',
        ),
        '.yarn/releases/yarn-4.1.1.cjs',
      ],
      errors: ['COPY . .'],
      output:
        'FROM node:20\nWORKDIR /app\nCOPY package.json yarn.lock .yarnrc.yml ./\nCOPY .yarn/releases/yarn-4.1.1.cjs ./.yarn/releases/\nRUN yarn install --immutable\nCOPY . .\n',
    },
    {
      name: 'registry settings in .npmrc are copied with the manifests',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n',
      context: ['package.json', 'package-lock.json', '.npmrc'],
      errors: ['COPY . .'],
      output:
        'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json .npmrc ./\nRUN npm ci\nCOPY . .\n',
    },
    {
      name: 'a requirements file that includes another: both are copied',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements/prod.txt\n',
      context: [
        withText('requirements/prod.txt', '-r base.txt\ngunicorn==22.0\n'),
        'requirements/base.txt',
      ],
      errors: ['COPY . .'],
      output:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements/prod.txt requirements/base.txt ./requirements/\nRUN pip install -r requirements/prod.txt\nCOPY . .\n',
    },
    {
      name: 'a requirements file that installs the project itself: no fix',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n',
      context: [withText('requirements.txt', 'flask==3.0\n-e .\n'), 'setup.py'],
      errors: ['COPY . .'],
      output: null,
    },
    {
      name: 'a sub-folder copied into the WORKDIR before its install',
      code: 'FROM node:20-alpine\nWORKDIR /web\nCOPY ./frontend ./\nRUN npm ci\nRUN npm run build\n',
      context: ['frontend/package.json', 'frontend/package-lock.json', 'frontend/src/main.ts'],
      errors: ['COPY ./frontend ./'],
      message: /the folder `frontend`/,
      output:
        'FROM node:20-alpine\nWORKDIR /web\nCOPY frontend/package.json frontend/package-lock.json ./\nRUN npm ci\nCOPY ./frontend ./\nRUN npm run build\n',
    },
    {
      name: 'guide python before, context known',
      code: PY_BEFORE,
      context: ['requirements.txt', 'main.py'],
      errors: ['COPY . .'],
      output:
        'FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["python", "main.py"]\n',
    },
    {
      name: 'guide node before: npm install with lockfile in context',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["node", "index.js"]\n',
      context: ['package.json', 'package-lock.json', 'index.js'],
      errors: ['COPY . .'],
      output:
        'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm install\nCOPY . .\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'npm ci without context knowledge uses package*.json',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n',
      errors: ['COPY . .'],
      output: 'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\n',
    },
    {
      name: 'flags are kept on both COPYs',
      code: 'FROM node:20\nWORKDIR /app\nCOPY --chown=node:node . .\nRUN yarn install --frozen-lockfile\n',
      context: ['package.json', 'yarn.lock'],
      errors: ['COPY --chown=node:node . .'],
      output:
        'FROM node:20\nWORKDIR /app\nCOPY --chown=node:node package.json yarn.lock ./\nRUN yarn install --frozen-lockfile\nCOPY --chown=node:node . .\n',
    },
    {
      name: 'go build without go mod download gets a prefetch step',
      code: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\n',
      context: ['go.mod', 'go.sum', 'main.go'],
      errors: ['COPY . .'],
      output:
        'FROM golang:1.22\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o server .\n',
    },
    {
      name: 'poetry install without --no-root is prefetched with --no-root',
      code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN poetry install --without dev\n',
      context: ['pyproject.toml', 'poetry.lock'],
      errors: ['COPY . .'],
      output:
        'FROM python:3.12\nWORKDIR /app\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --without dev --no-root\nCOPY . .\nRUN poetry install --without dev\n',
    },
    {
      name: 'install in a heredoc RUN is found',
      code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN <<EOF\nset -e\npip install -r requirements.txt\nEOF\n',
      context: ['requirements.txt'],
      errors: ['COPY . .'],
      output:
        'FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN <<EOF\nset -e\npip install -r requirements.txt\nEOF\nCOPY . .\n',
    },
    {
      name: 'requirements in a subfolder',
      code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements/prod.txt\n',
      context: ['requirements/prod.txt'],
      errors: ['COPY . .'],
      output:
        'FROM python:3.12\nWORKDIR /app\nCOPY requirements/prod.txt ./requirements/\nRUN pip install -r requirements/prod.txt\nCOPY . .\n',
    },
    {
      name: 'no fix when the same RUN also builds',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n',
      errors: ['COPY . .'],
      output: null,
    },
    {
      name: 'no fix across a RUN that may read the sources',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN ./prepare.sh\nRUN npm ci\n',
      errors: ['COPY . .'],
      output: null,
    },
    {
      name: 'cargo: reported, no fix (needs a dummy build)',
      code: 'FROM rust:1.80\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\n',
      errors: ['COPY . .'],
      output: null,
    },
    {
      name: 'continuation with a comment inside the install RUN',
      code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install \\\n# pinned\n    -r requirements.txt\n',
      context: ['requirements.txt'],
      errors: ['COPY . .'],
      output:
        'FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install \\\n# pinned\n    -r requirements.txt\nCOPY . .\n',
    },
    {
      name: 'CRLF line endings are kept',
      code: 'FROM node:20\r\nWORKDIR /app\r\nCOPY . .\r\nRUN npm ci\r\n',
      context: ['package.json', 'package-lock.json'],
      errors: ['COPY . .'],
      output:
        'FROM node:20\r\nWORKDIR /app\r\nCOPY package.json package-lock.json ./\r\nRUN npm ci\r\nCOPY . .\r\n',
    },
  ],
});

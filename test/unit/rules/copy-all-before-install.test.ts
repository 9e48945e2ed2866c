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
  ],
  invalid: [
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

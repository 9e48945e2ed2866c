// The projects the scenarios write into the workspace (each into a folder of its own).

export const PYTHON_BEFORE = [
  'FROM python:3.12',
  'WORKDIR /app',
  'COPY . .',
  'RUN pip install -r requirements.txt',
  'CMD ["python", "main.py"]',
  '',
].join('\n');

/** The guide's "before" Python project (test/fixtures/guide/python-before). */
export const PYTHON_PROJECT = {
  Dockerfile: PYTHON_BEFORE,
  'requirements.txt': 'flask==3.0.3\n',
  'main.py': 'print("hello")\n',
};

/** An apt install with neither --no-install-recommends nor list cleanup. */
export const APT_PROJECT = {
  Dockerfile: ['FROM debian:12-slim', 'RUN apt-get update && apt-get install -y curl', ''].join(
    '\n',
  ),
};

/** Manifests copied first already, on a slim base: only the pip cache findings remain. */
export const PIP_PROJECT = {
  Dockerfile: [
    'FROM python:3.12-slim',
    'WORKDIR /app',
    'COPY requirements.txt .',
    'RUN pip install -r requirements.txt',
    '',
  ].join('\n'),
  'requirements.txt': 'flask==3.0.3\n',
};

/** A secret build argument, a credentials file copied in, and no USER. */
export const SECRETS_PROJECT = {
  Dockerfile: [
    'FROM node:20-slim',
    'ARG NPM_TOKEN',
    'WORKDIR /app',
    'COPY package.json package-lock.json .npmrc ./',
    'RUN npm ci',
    'CMD ["node", "index.js"]',
    '',
  ].join('\n'),
  'package.json': '{ "name": "app", "version": "1.0.0" }\n',
  'package-lock.json': '{ "name": "app", "lockfileVersion": 3, "packages": {} }\n',
  // A token written into the file (a made-up one): a `${NPM_TOKEN}` reference would hold no secret.
  '.npmrc': '//registry.npmjs.org/:_authToken=npm_0000fakefakefakefakefake00000000000\n',
  'index.js': 'console.log("hello");\n',
};

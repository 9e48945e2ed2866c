import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { discover, isScannedDockerfileName } from '../../../server/src/cli/discover';

void describe('CLI folder scan', () => {
  void it('finds the Dockerfile variants projects name per build', () => {
    for (const name of [
      'Dockerfile',
      'Dockerfile.dev',
      'Dockerfile-dev',
      'Dockerfile_prod',
      'dev.Dockerfile',
      'Containerfile-ci',
    ])
      assert.ok(isScannedDockerfileName(name), name);
    for (const name of [
      'Dockerfile-notes.md',
      'Dockerfile.template',
      'Dockerfile_build.sh',
      'dockerfiles',
      'MyDockerfile',
      'Dockerfile.dockerignore',
      // Source code named after what it tests (BuildKit's frontend tests).
      'dockerfile_add_test.go',
      'dockerfile_test.go',
      'Dockerfile.go',
      'dockerfile-parser.js',
    ])
      assert.ok(!isScannedDockerfileName(name), name);
  });

  void it('lists them from a folder tree', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-discover-'));
    try {
      const files = [
        'Dockerfile_prod',
        'web/Dockerfile-dev',
        'web/README.md',
        // Third-party and test-data Dockerfiles: no build of this project uses them.
        'vendor/github.com/x/y/Dockerfile',
        'parser/testdata/bad/Dockerfile',
      ];
      for (const f of files) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), 'FROM alpine:3\n');
      }
      assert.deepEqual(
        discover(dir).map((p) => path.relative(dir, p).split(path.sep).join('/')),
        ['Dockerfile_prod', 'web/Dockerfile-dev'],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Benchmark worker for one peer tool, loaded from node_modules as installed (pinned
 * devDependencies): `node peer-worker.js <dockerfile-ast|dockerfile-utils|dockerfilelint> …`.
 * Only the tool under test is loaded, hence require() rather than imports.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as os from 'node:os';
import * as path from 'node:path';
import { runWorker, type Tool } from './harness';

function version(pkg: string): string {
  return (require(`${pkg}/package.json`) as { version: string }).version;
}

function tool(name: string): Tool {
  switch (name) {
    case 'dockerfile-ast': {
      const { DockerfileParser } = require('dockerfile-ast') as typeof import('dockerfile-ast');
      return {
        name: 'dockerfile-ast parse',
        version: version(name),
        dockerfile: (text) => DockerfileParser.parse(text).getInstructions().length * 0,
      };
    }
    case 'dockerfile-utils': {
      const { validate } = require('dockerfile-utils') as typeof import('dockerfile-utils');
      return {
        name: 'dockerfile-utils validate',
        version: version(name),
        dockerfile: (text) => validate(text).length,
      };
    }
    case 'dockerfilelint': {
      const lint = require('dockerfilelint') as { run(configDir: string, text: string): unknown[] };
      // A folder without a .dockerfilelintrc: the tool's defaults, as its CLI uses them.
      const noConfig = path.join(os.tmpdir(), 'layerwise-bench-no-config');
      return {
        name: 'dockerfilelint',
        version: version(name),
        dockerfile: (text) => lint.run(noConfig, text).length,
      };
    }
    default:
      throw new Error(`unknown peer tool ${name}`);
  }
}

runWorker(tool(process.argv[2] ?? ''), process.argv.slice(3));

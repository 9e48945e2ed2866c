import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '../../../..');

/** Lints `code` as if it were the file at `file` (which exists, for the type-aware rules). */
async function doorMessages(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the doors between rooms (eslint.config.mjs)', () => {
  const cases: { file: string; code: string; wrong: boolean }[] = [
    // A rule reaching up into the runner, an adapter or the file system.
    {
      file: 'server/src/rules/latest-tag.ts',
      code: "import { lintDockerfile } from '../engine/lint';\n",
      wrong: true,
    },
    {
      file: 'server/src/rules/latest-tag.ts',
      code: "import { check } from '../cli/check';\n",
      wrong: true,
    },
    {
      file: 'server/src/rules/latest-tag.ts',
      code: "import { fsContext } from '../disk/fsContext';\n",
      wrong: true,
    },
    // An analysis using a rule (the registry), or the contract (allowed).
    {
      file: 'server/src/analysis/stages.ts',
      code: "import { ALL_RULES } from '../rules';\n",
      wrong: true,
    },
    {
      file: 'server/src/analysis/stages.ts',
      code: "import { rule } from '../rules/latest-tag';\n",
      wrong: true,
    },
    {
      file: 'server/src/analysis/stages.ts',
      code: "import type { Fix } from '../rules/types';\n",
      wrong: false,
    },
    // Features and the language service know no LSP type.
    {
      file: 'server/src/features/types.ts',
      code: "import type { Hover } from 'vscode-languageserver';\n",
      wrong: true,
    },
    {
      file: 'server/src/service/types.ts',
      code: "import type { Hover } from 'vscode-languageserver';\n",
      wrong: true,
    },
    // Adapters: the LSP layer never reaches a rule by name, never the CLI.
    {
      file: 'server/src/lsp/scans.ts',
      code: "import { rule } from '../rules/latest-tag';\n",
      wrong: true,
    },
    {
      file: 'server/src/lsp/scans.ts',
      code: "import { check } from '../cli/check';\n",
      wrong: true,
    },
    {
      file: 'server/src/lsp/scans.ts',
      code: "import type { Finding } from '../rules/types';\n",
      wrong: false,
    },
    // The parser is the bottom room.
    {
      file: 'server/src/parse/text.ts',
      code: "import { stageChain } from '../analysis/stages';\n",
      wrong: true,
    },
    {
      file: 'server/src/engine/lint.ts',
      code: "import { DOCKERFILE_RULES } from '../rules';\n",
      wrong: false,
    },
  ];
  for (const c of cases) {
    it(`${c.wrong ? 'refuses' : 'allows'} ${c.code.trim()} in ${c.file}`, async () => {
      const messages = await doorMessages(c.file, c.code);
      assert.equal(messages.length > 0, c.wrong, messages.join('\n'));
    });
  }
});

// The UI check of `npm run test:e2e`: a user's first minutes with Layerwise, driven through the
// real VS Code workbench (code-server) in headless Chromium with Playwright. The extension is the
// packaged VSIX, installed with `code-server --install-extension` as a user would.
//
// Journey: open the guide's "before" Python project → open its Dockerfile → squiggles → Problems
// panel → hover the base image → Ctrl+. on `COPY . .` → apply "Copy dependency manifests first" →
// its squiggle and problem go → code lenses (when the server provides some). Every step saves a
// screenshot in test-results/ui/ (git-ignored). Prints `ui: N passed, N failed, N skipped`.
//
// LAYERWISE_VSIX=<file> (default layerwise.vsix), LAYERWISE_UI_DOCS=1 also copies the screenshots
// the README uses into docs/images/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { cs, errorMessage, exitWith, repoRoot, vsixToTest } from '../e2e/harness';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'guide', 'python-before');
const resultsDir = path.join(repoRoot, 'test-results', 'ui');
const docsImages = path.join(repoRoot, 'docs', 'images');
const STEP_TIMEOUT_MS = 60000;
const FIX_TITLE = 'Copy dependency manifests first';

/** Screenshots the README shows: test-results/ui/<name> → docs/images/<doc name>. */
const DOC_IMAGES: Record<string, string> = {
  '03-problems.png': 'problems.png',
  '04-hover-base-image.png': 'hover-base-image.png',
  '05-quick-fix-menu.png': 'quick-fix.png',
  '07-code-lenses.png': 'code-lenses.png',
};

// Workbench settings for readable screenshots (on top of the shared test settings).
const UI_SETTINGS = {
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.layoutControl.enabled': false,
  'chat.commandCenter.enabled': false,
  'editor.minimap.enabled': false,
  'editor.fontSize': 14,
  'window.commandCenter': false,
  'workbench.editor.enablePreview': false,
};

/**
 * Runs in the page: the client rectangle of `needle` in the first editor line whose text
 * contains `lineText` (Monaco splits a line into token spans, so walk its text nodes).
 */
const TEXT_BOX = `([lineText, needle]) => {
  const norm = (s) => s.replace(/\\u00a0/g, ' ');
  const line = [...document.querySelectorAll('.monaco-editor .view-line')].find((l) =>
    norm(l.textContent).includes(lineText));
  if (!line) return null;
  const start = norm(line.textContent).indexOf(needle);
  if (start < 0) return null;
  const end = start + needle.length;
  const range = document.createRange();
  const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
  let offset = 0;
  let started = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.textContent.length;
    if (!started && start < offset + length) {
      range.setStart(node, start - offset);
      started = true;
    }
    if (started && end <= offset + length) {
      range.setEnd(node, end - offset);
      break;
    }
    offset += length;
  }
  const r = range.getBoundingClientRect();
  return { x: r.x, y: r.y, width: r.width, height: r.height };
}`;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function textBox(page: Page, lineText: string, needle = lineText): Promise<Box> {
  const box = (await page.evaluate(`(${TEXT_BOX})(${JSON.stringify([lineText, needle])})`)) as
    Box | null | undefined;
  if (!box) throw new Error(`no editor line shows "${lineText}"`);
  return box;
}

/** The editor's lines, top to bottom, with Monaco's non-breaking spaces made plain. */
async function editorLines(page: Page): Promise<string[]> {
  const lines = await page.locator('.monaco-editor .view-lines .view-line').evaluateAll((nodes) =>
    nodes.map((n) => ({
      top: parseFloat((n as unknown as { style: { top: string } }).style.top) || 0,
      text: (n.textContent ?? '').replace(/\u00a0/g, ' '),
    })),
  );
  return lines.sort((a, b) => a.top - b.top).map((l) => l.text);
}

/** Boxes of the squiggles of `kind` ('warning', 'info', 'error') in the editor. */
async function squiggles(page: Page, kind: string): Promise<Box[]> {
  const boxes: Box[] = [];
  for (const s of await page.locator(`.monaco-editor .squiggly-${kind}`).all()) {
    const box = await s.boundingBox();
    if (box) boxes.push(box);
  }
  return boxes;
}

/** Whether a squiggle of `kind` sits under the editor line showing `lineText`. */
async function squiggledLine(page: Page, kind: string, lineText: string): Promise<boolean> {
  const line = await textBox(page, lineText);
  return (await squiggles(page, kind)).some(
    (s) => s.y < line.y + line.height && s.y + s.height > line.y,
  );
}

/** Polls `condition` (Playwright's own waiting has no "until this DOM query says so"). */
async function until(
  what: string,
  condition: () => Promise<boolean>,
  timeoutMs = STEP_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    // The DOM updates on its own schedule; poll at a short, fixed interval.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function problemsText(page: Page): Promise<string> {
  const rows = page.locator('.markers-panel .monaco-list-rows');
  if ((await rows.count()) === 0) return '';
  return rows.first().innerText();
}

interface Journey {
  page: Page;
  workspace: string;
  url: string;
  shots: string[];
}

/** Saves a screenshot of the window, or of the editor area only (smaller, for the README). */
async function shot(j: Journey, name: string, area: 'window' | 'editor' = 'window'): Promise<void> {
  const file = path.join(resultsDir, name);
  if (area === 'editor') await j.page.locator('.part.editor').first().screenshot({ path: file });
  else await j.page.screenshot({ path: file });
  j.shots.push(file);
}

const STEPS: [string, (j: Journey) => Promise<void | 'skipped'>][] = [
  [
    'the workbench opens the python-before project',
    async (j) => {
      await j.page.goto(j.url, { waitUntil: 'domcontentloaded' });
      await j.page.locator('.monaco-workbench').waitFor({ timeout: STEP_TIMEOUT_MS });
      await explorerRow(j.page, 'Dockerfile').waitFor({ timeout: STEP_TIMEOUT_MS });
      await shot(j, '01-workbench.png');
    },
  ],
  [
    'the Dockerfile opens from the explorer with squiggles',
    async (j) => {
      await explorerRow(j.page, 'Dockerfile').click();
      await until('the Dockerfile in the editor', async () =>
        (await editorLines(j.page)).includes('FROM python:3.12'),
      );
      // The warnings (copy-all-before-install, dockerignore-missing, pip-no-cache-dir) and the
      // information findings (full-base-image, missing-cache-mount).
      await until('warning and info squiggles', async () => {
        return (
          (await squiggledLine(j.page, 'warning', 'COPY . .')) &&
          (await squiggledLine(j.page, 'info', 'FROM python:3.12'))
        );
      });
      await shot(j, '02-squiggles.png');
    },
  ],
  [
    'the Problems panel (Ctrl+Shift+M) lists the findings by rule id',
    async (j) => {
      await j.page.keyboard.press('Control+Shift+M');
      const expected = [
        'copy-all-before-install',
        'dockerignore-missing',
        'pip-no-cache-dir',
        'full-base-image',
        'missing-cache-mount',
      ];
      await until(`the Problems panel to list ${expected.join(', ')}`, async () => {
        const text = await problemsText(j.page);
        return expected.every((id) => text.includes(id));
      });
      await shot(j, '03-problems.png');
    },
  ],
  [
    'hovering `python:3.12` shows the finding, then the compact base-image card',
    async (j) => {
      const box = await textBox(j.page, 'FROM python:3.12', 'python:3.12');
      await j.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      // The problem's part shows first; the server's hover joins it when its answer arrives.
      const hover = j.page.locator('.monaco-hover').filter({ hasText: 'on disk' });
      await hover.first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const text = await hover.first().innerText();
      for (const word of ['python:3.12-slim', 'alpine', 'MB', 'on disk'])
        if (!text.includes(word)) throw new Error(`the hover does not mention ${word}`);
      // It fits: no scrolling needed to read it (issue: hovers taller than the screen).
      const area = await hover.first().boundingBox();
      const page = j.page.viewportSize();
      if (area && page && area.height > page.height * 0.6)
        throw new Error(`the hover is ${Math.round(area.height)} px tall`);
      await shot(j, '04-hover-base-image.png', 'editor');
      await j.page.mouse.move(0, 0);
      await j.page.keyboard.press('Escape');
    },
  ],
  [
    `Ctrl+. on \`COPY . .\` offers "${FIX_TITLE}"`,
    async (j) => {
      const row = j.page.locator('.action-widget .monaco-list-row').filter({ hasText: FIX_TITLE });
      // On a loaded machine the key press can land before the editor has focus or before the
      // code actions are ready, and VS Code then shows nothing: close, click and ask again.
      const deadline = Date.now() + STEP_TIMEOUT_MS;
      for (let attempt = 1; ; attempt++) {
        const box = await textBox(j.page, 'COPY . .', 'COPY');
        await j.page.mouse.click(box.x + 2, box.y + box.height / 2);
        await j.page.mouse.move(0, 0); // no hover over the menu in the screenshot
        await j.page.keyboard.press('Control+.');
        const left = deadline - Date.now();
        try {
          await row.first().waitFor({ state: 'visible', timeout: Math.min(12000, left) });
          break;
        } catch (error) {
          if (Date.now() >= deadline) throw error;
          console.log(`ui: no quick-fix menu after Ctrl+. (attempt ${attempt}); trying again`);
          await j.page.keyboard.press('Escape');
        }
      }
      await shot(j, '05-quick-fix-menu.png', 'editor');
    },
  ],
  [
    'applying it moves the manifest copy before the install',
    async (j) => {
      const row = j.page.locator('.action-widget .monaco-list-row').filter({ hasText: FIX_TITLE });
      await row.first().click();
      const expected = [
        'FROM python:3.12',
        'WORKDIR /app',
        'COPY requirements.txt .',
        'RUN pip install -r requirements.txt',
        'COPY . .',
        'CMD ["python", "main.py"]',
      ];
      await until('the fixed Dockerfile in the editor', async () => {
        const lines = await editorLines(j.page);
        return expected.every((l, i) => lines[i] === l);
      });
    },
  ],
  [
    'the copy-all-before-install squiggle and problem go',
    async (j) => {
      await until('copy-all-before-install to leave the Problems panel', async () => {
        const text = await problemsText(j.page);
        return !text.includes('copy-all-before-install') && text.includes('pip-no-cache-dir');
      });
      if (await squiggledLine(j.page, 'warning', 'COPY requirements.txt .'))
        throw new Error('the new COPY line has a warning squiggle');
      await shot(j, '06-after-fix.png');
    },
  ],
  [
    'code lenses, when the server provides them',
    async (j) => {
      const lenses = j.page.locator('.monaco-editor .codelens-decoration');
      // Lenses are requested after the edit settles; give them the usual analysis time.
      const shown = await lenses
        .first()
        .waitFor({ state: 'visible', timeout: 10000 })
        .then(
          () => true,
          () => false,
        );
      if (!shown) return 'skipped';
      const titles = await lenses.allInnerTexts();
      if (titles.every((t) => !t.trim())) throw new Error('code lenses without text');
      await shot(j, '07-code-lenses.png', 'editor');
      return undefined;
    },
  ],
];

function explorerRow(page: Page, name: string): Locator {
  return page
    .locator('.explorer-folders-view .monaco-list-row')
    .filter({ hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })
    .first();
}

async function main(): Promise<number> {
  const vsix = vsixToTest('ui');
  if (!vsix) return 1;
  const started = Date.now();
  const runStamp = cs.stamp();
  fs.mkdirSync(resultsDir, { recursive: true });
  for (const f of fs.readdirSync(resultsDir))
    if (/^\d\d-.*\.png$/.test(f)) fs.rmSync(path.join(resultsDir, f));

  const profile = cs.prepareProfile({ settings: UI_SETTINGS });
  const workspace = path.join(profile.runDir, 'python-before');
  fs.cpSync(fixture, workspace, { recursive: true });
  await cs.installExtension({ vsix, ...profile });

  const port = await cs.freePort();
  const server = cs.startCodeServer({ port, ...profile });
  let browser: Browser | undefined;
  let page: Page | undefined;
  const shots: string[] = [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const onSignal = () => {
    void cs.stopProcessGroup(server.child).then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await server.ready;
    browser = await cs.launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
    const journey: Journey = { page, workspace, url, shots };
    for (const [name, run] of STEPS) {
      if (failed > 0) {
        console.log(`  - ${name}`);
        skipped++;
        continue;
      }
      const t = Date.now();
      try {
        const outcome = await run(journey);
        if (outcome === 'skipped') {
          console.log(`  - ${name} (skipped: none shown)`);
          skipped++;
        } else {
          console.log(`  ✔ ${name} (${Date.now() - t} ms)`);
          passed++;
        }
      } catch (error) {
        console.log(`  ✖ ${name}: ${errorMessage(error)}`);
        failed++;
      }
    }
  } catch (error) {
    console.log(`  ✖ ${errorMessage(error)}`);
    failed++;
  } finally {
    if (failed > 0) {
      if (page) {
        const file = path.join(resultsDir, `failure-${runStamp}.png`);
        await page.screenshot({ path: file }).catch(() => undefined);
        if (fs.existsSync(file)) console.log(`ui: failure screenshot: ${rel(file)}`);
      }
      try {
        const saved = cs.saveLogs({
          resultsDir,
          userDataDir: profile.userDataDir,
          codeServerLog: profile.logFile,
          runStamp,
        });
        console.log(`ui: logs saved in ${rel(saved.dir)}`);
        for (const f of saved.hostLogs) console.log(`ui: extension host log: ${rel(f)}`);
        for (const f of saved.languageServerLogs) console.log(`ui: Layerwise output: ${rel(f)}`);
      } catch (error) {
        console.log(`ui: could not save logs: ${String(error)}`);
      }
    }
    await browser?.close().catch(() => undefined);
    await cs.stopProcessGroup(server.child);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    fs.rmSync(profile.runDir, { recursive: true, force: true });
  }

  for (const f of shots) console.log(`ui: screenshot ${rel(f)}`);
  if (failed === 0 && process.env.LAYERWISE_UI_DOCS === '1') {
    fs.mkdirSync(docsImages, { recursive: true });
    for (const f of shots) {
      const doc = DOC_IMAGES[path.basename(f)];
      if (!doc) continue;
      fs.copyFileSync(f, path.join(docsImages, doc));
      console.log(`ui: copied to ${rel(path.join(docsImages, doc))}`);
    }
  }
  console.log(
    `ui: ${passed} passed, ${failed} failed, ${skipped} skipped (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  return failed === 0 && passed > 0 ? 0 : 1;
}

function rel(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

exitWith(main);

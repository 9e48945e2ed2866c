/**
 * The one settings schema: the server reads its defaults, the client passes the section, and
 * `npm run sync-manifest` writes package.json's `contributes.configuration` from it (a test checks).
 */

/** Severity names as VS Code users write them in settings. */
export const SEVERITY_SETTINGS = ['off', 'hint', 'information', 'warning', 'error'] as const;
export type SeveritySetting = (typeof SEVERITY_SETTINGS)[number];

/**
 * Which code lenses show: `minimal` only the ones a user acts on (build context size, estimated
 * size of each shipped image, cache lenses of steps that re-run often or are expensive), `all`
 * every lens, `off` none. The old boolean setting still works: `true` = `minimal`, `false` = `off`.
 */
export const CODE_LENS_MODES = ['minimal', 'all', 'off'] as const;
export type CodeLensMode = (typeof CODE_LENS_MODES)[number];

export interface LayerwiseSettings {
  enable: boolean;
  /** Per-rule severity overrides by rule id. */
  rules: Record<string, SeveritySetting>;
  /** Delay between the last keystroke and the analysis. */
  debounceMs: number;
  /** Files larger than this (in MB) are not analysed. */
  maxFileSizeMB: number;
  /** No further rule starts on a file once its analysis has taken this long. */
  timeBudgetMs: number;
  /** Which code lenses show (see CodeLensMode). */
  codeLensMode: CodeLensMode;
  /** Whether any code lens shows: `codeLensMode !== 'off'`. */
  codeLens: boolean;
  /** Report `# layerwise ignore=` comments that suppress nothing. */
  reportUnusedSuppressions: boolean;
  /** Read `.hadolint.yaml` when no `.layerwise.json` applies. */
  hadolintConfig: boolean;
  /** Dockerfile path pattern → build context folder (relative to the workspace folder). */
  buildContexts: Record<string, string>;
}

export const DEFAULT_SETTINGS: LayerwiseSettings = {
  enable: true,
  rules: {},
  debounceMs: 150,
  maxFileSizeMB: 4,
  timeBudgetMs: 3000,
  codeLensMode: 'minimal',
  codeLens: true,
  reportUnusedSuppressions: false,
  hadolintConfig: true,
  buildContexts: {},
};

export const SETTINGS_SECTION = 'layerwise';

/** JSON-schema fragments per setting key (without the `layerwise.` prefix), rules filled in by the caller. */
export const SETTINGS_SCHEMA: Record<string, Record<string, unknown>> = {
  enable: {
    type: 'boolean',
    default: DEFAULT_SETTINGS.enable,
    description: 'Analyse Dockerfiles and .dockerignore files.',
  },
  rules: {
    type: 'object',
    default: {},
    markdownDescription:
      'Severity per rule id: `off`, `hint`, `information`, `warning` or `error`. Example: `{ "missing-cache-mount": "off" }`.',
  },
  debounceMs: {
    type: 'number',
    default: DEFAULT_SETTINGS.debounceMs,
    minimum: 0,
    maximum: 5000,
    description: 'Milliseconds to wait after the last change before analysing a document.',
  },
  maxFileSizeMB: {
    type: 'number',
    default: DEFAULT_SETTINGS.maxFileSizeMB,
    minimum: 0.1,
    maximum: 64,
    description:
      'Files larger than this many megabytes are not analysed (one information diagnostic says so).',
  },
  timeBudgetMs: {
    type: 'number',
    default: DEFAULT_SETTINGS.timeBudgetMs,
    minimum: 100,
    maximum: 60000,
    description:
      'Once the analysis of a file has taken this many milliseconds, no further rule runs on it (one information diagnostic says so). A typical file takes a few milliseconds.',
  },
  codeLens: {
    type: ['string', 'boolean'],
    enum: [...CODE_LENS_MODES, true, false],
    enumDescriptions: [
      'The lenses worth a line: build context size, estimated size of each shipped image, cache lenses of installs after a broad COPY and of steps many others depend on.',
      'Every lens: cache invalidation above each build step and build arg as well.',
      'No code lenses.',
      'Same as "minimal" (the earlier on/off setting).',
      'Same as "off" (the earlier on/off setting).',
    ],
    default: DEFAULT_SETTINGS.codeLensMode,
    markdownDescription:
      'Code lenses above Dockerfile instructions and at the top of `.dockerignore`: `minimal` (the ones you act on), `all` or `off`. `true` and `false` still work and mean `minimal` and `off`.',
  },
  reportUnusedSuppressions: {
    type: 'boolean',
    default: DEFAULT_SETTINGS.reportUnusedSuppressions,
    markdownDescription:
      'Report `# layerwise ignore=` comments that suppress nothing (also `reportUnusedSuppressions` in `.layerwise.json`).',
  },
  hadolintConfig: {
    type: 'boolean',
    default: DEFAULT_SETTINGS.hadolintConfig,
    markdownDescription:
      'When no `.layerwise.json` applies, read `.hadolint.yaml` for `ignored`, `override` and `failure-threshold` and apply them to the rules with a hadolint alias.',
  },
  buildContexts: {
    type: 'object',
    default: {},
    additionalProperties: { type: 'string' },
    markdownDescription:
      'Build context folder per Dockerfile, for Dockerfiles not built from their own folder (monorepos). Keys are path patterns of Dockerfiles, values folders, both relative to the workspace folder. Example: `{ "services/*/Dockerfile": "." }`. Wins over `dockerfiles` in `.layerwise.json`; the context decides which `.dockerignore` applies and what `COPY` can see.',
  },
  'trace.server': {
    type: 'string',
    enum: ['off', 'messages', 'verbose'],
    default: 'off',
    description:
      'Log the messages between VS Code and the Layerwise language server to the output channel.',
  },
};

/** Reads untrusted settings values: anything malformed falls back to its default. */
export function normalizeSettings(raw: unknown): LayerwiseSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, SeveritySetting> = {};
  if (r['rules'] && typeof r['rules'] === 'object') {
    for (const [id, v] of Object.entries(r['rules'] as Record<string, unknown>)) {
      const s = v === 'info' ? 'information' : v;
      if (typeof s === 'string' && (SEVERITY_SETTINGS as readonly string[]).includes(s)) {
        rules[id] = s as SeveritySetting;
      }
    }
  }
  const num = (v: unknown, d: number, min: number, max: number): number =>
    typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : d;
  return {
    enable: typeof r['enable'] === 'boolean' ? r['enable'] : DEFAULT_SETTINGS.enable,
    rules,
    debounceMs: num(r['debounceMs'], DEFAULT_SETTINGS.debounceMs, 0, 5000),
    maxFileSizeMB: num(r['maxFileSizeMB'], DEFAULT_SETTINGS.maxFileSizeMB, 0.1, 64),
    timeBudgetMs: num(r['timeBudgetMs'], DEFAULT_SETTINGS.timeBudgetMs, 100, 60000),
    ...codeLensSettings(r['codeLens']),
    reportUnusedSuppressions:
      typeof r['reportUnusedSuppressions'] === 'boolean'
        ? r['reportUnusedSuppressions']
        : DEFAULT_SETTINGS.reportUnusedSuppressions,
    hadolintConfig:
      typeof r['hadolintConfig'] === 'boolean'
        ? r['hadolintConfig']
        : DEFAULT_SETTINGS.hadolintConfig,
    buildContexts: stringMap(r['buildContexts']),
  };
}

/** `"minimal"`, `"all"`, `"off"`, or the earlier booleans (`true` = minimal, `false` = off). */
export function codeLensMode(v: unknown): CodeLensMode {
  if (v === true) return 'minimal';
  if (v === false) return 'off';
  return typeof v === 'string' && (CODE_LENS_MODES as readonly string[]).includes(v)
    ? (v as CodeLensMode)
    : DEFAULT_SETTINGS.codeLensMode;
}

function codeLensSettings(v: unknown): Pick<LayerwiseSettings, 'codeLens' | 'codeLensMode'> {
  const mode = codeLensMode(v);
  return { codeLensMode: mode, codeLens: mode !== 'off' };
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [k, x] of Object.entries(v as Record<string, unknown>))
    if (typeof x === 'string' && x.trim() !== '' && k.trim() !== '') out[k] = x;
  return out;
}

/**
 * The one settings schema: the server reads its defaults, the client passes the section, and
 * `npm run sync-manifest` writes package.json's `contributes.configuration` from it (a test checks).
 */

/** Severity names as VS Code users write them in settings. */
export const SEVERITY_SETTINGS = ['off', 'hint', 'information', 'warning', 'error'] as const;
export type SeveritySetting = (typeof SEVERITY_SETTINGS)[number];

export interface LayerwiseSettings {
  enable: boolean;
  /** Per-rule severity overrides by rule id. */
  rules: Record<string, SeveritySetting>;
  /** Delay between the last keystroke and the analysis. */
  debounceMs: number;
  /** Files larger than this (in MB) are not analysed. */
  maxFileSizeMB: number;
  /** Show code lenses (build context size, cache invalidation, estimated image size). */
  codeLens: boolean;
}

export const DEFAULT_SETTINGS: LayerwiseSettings = {
  enable: true,
  rules: {},
  debounceMs: 150,
  maxFileSizeMB: 4,
  codeLens: true,
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
  codeLens: {
    type: 'boolean',
    default: DEFAULT_SETTINGS.codeLens,
    description:
      'Show code lenses above instructions (build context size, cache invalidation, estimated image size).',
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
    codeLens: typeof r['codeLens'] === 'boolean' ? r['codeLens'] : DEFAULT_SETTINGS.codeLens,
  };
}

/**
 * Each document's `layerwise.*` settings: asked of the client per document (workspace/configuration)
 * when it can answer, else taken from initializationOptions / didChangeConfiguration.
 */
import type { Connection, InitializeParams } from 'vscode-languageserver';
import {
  DEFAULT_SETTINGS,
  SETTINGS_SECTION,
  normalizeSettings,
  type LayerwiseSettings,
} from '../../../shared/src/settings';

export class DocumentSettings {
  private readonly cache = new Map<string, Promise<LayerwiseSettings>>();
  private pull = false;
  private pushed: unknown;

  constructor(private readonly connection: Connection) {}

  /** Whether the client answers workspace/configuration (then it is told to send changes). */
  get pulls(): boolean {
    return this.pull;
  }

  initialize(params: InitializeParams): void {
    this.pull = !!params.capabilities.workspace?.configuration;
    // Accept `{settings: {…}}` and `{settings: {layerwise: {…}}}`, the shape didChangeConfiguration uses.
    const init = (params.initializationOptions as Record<string, unknown> | undefined)?.[
      'settings'
    ];
    this.pushed =
      init && typeof init === 'object' && SETTINGS_SECTION in init
        ? (init as Record<string, unknown>)[SETTINGS_SECTION]
        : init;
  }

  /** didChangeConfiguration: everything is asked (or read) again. */
  changed(settings: unknown): void {
    this.cache.clear();
    if (!this.pull)
      this.pushed = (settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION];
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  of(uri: string): Promise<LayerwiseSettings> {
    let s = this.cache.get(uri);
    if (!s) {
      s = this.pull
        ? this.connection.workspace
            .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
            .then(normalizeSettings, () => DEFAULT_SETTINGS)
        : Promise.resolve(normalizeSettings(this.pushed));
      this.cache.set(uri, s);
    }
    return s;
  }
}

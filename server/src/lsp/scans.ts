/**
 * The build-context scans behind the size lenses and pattern hovers, with editor progress when a
 * scan is slow. The scanner is made on the first scan, so starting the server loads no engine.
 */
import type { Connection } from 'vscode-languageserver';
import type { BuildContext } from '../analysis/context';
import type { ContextSummary, PatternStats } from '../analysis/contextSummary';
import type { ContextScanner, ScanProgress } from '../disk/contextScan';
import type { ContextScans } from '../service/types';
import { engine } from './lazyEngine';

export class EditorContextScans implements ContextScans {
  private contextScanner: ContextScanner | undefined;

  constructor(private readonly connection: Connection) {}

  private get scanner(): ContextScanner {
    this.contextScanner ??= new (engine().ContextScanner)();
    return this.contextScanner;
  }

  /** Forgets scans that may include this file (nothing to forget before the first scan). */
  invalidate(file: string): void {
    this.contextScanner?.invalidate(file);
  }

  /** Shown by the editor once a scan runs longer than a second. */
  private readonly onSlow = async (): Promise<ScanProgress | undefined> => {
    const reporter = await this.connection.window.createWorkDoneProgress();
    reporter.begin('Layerwise: measuring the build context', undefined, 'scanning…');
    return { report: (m) => reporter.report(m), done: () => reporter.done() };
  };

  async size(context: BuildContext): Promise<ContextSummary | undefined> {
    if (!context.known || !context.root) return undefined;
    try {
      return await this.scanner.size(context.root, context.ignoreFile, this.onSlow);
    } catch {
      return undefined;
    }
  }

  async patterns(root: string, ignoreText: string): Promise<PatternStats | undefined> {
    try {
      return await this.scanner.patterns(root, ignoreText, this.onSlow);
    } catch {
      return undefined; // an unreadable context: the rule hovers still help
    }
  }
}

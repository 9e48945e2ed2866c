import * as path from 'node:path';
import { commands, window, workspace, type ExtensionContext, type LogOutputChannel } from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { COMMANDS, LANGUAGE_IDS, WATCHED_FILES_GLOB } from '../../shared/src/protocol';
import { SETTINGS_SECTION } from '../../shared/src/settings';

let client: LanguageClient | undefined;
/**
 * Set once VS Code deactivates the extension (window closing, reload): the server's exit is then
 * expected, so the error handler must not restart it — a restart during shutdown is what logged
 * "Starting server failed" on every window close.
 */
let shuttingDown = false;
/** How long a stopping server may take to answer shutdown before it is killed. */
const STOP_TIMEOUT_MS = 2000;
/** How long a closed connection waits for a deactivation before it counts as a crash. */
const CLOSE_GRACE_MS = 300;

export async function activate(context: ExtensionContext): Promise<void> {
  shuttingDown = false;
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: {
      module: serverModule,
      transport: TransportKind.ipc,
      // A small young generation: ~25 MB less with 500 documents open, same edit latency.
      // The server sets the equivalent itself when started without it (lsp/youngGeneration.ts).
      options: { execArgv: ['--max-semi-space-size=2'] },
    },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6011'] },
    },
  };
  const output = window.createOutputChannel('Layerwise', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: LANGUAGE_IDS.dockerfile, scheme: 'file' },
      { language: LANGUAGE_IDS.dockerfile, scheme: 'untitled' },
      { language: LANGUAGE_IDS.dockerignore, scheme: 'file' },
      { language: LANGUAGE_IDS.dockerignore, scheme: 'untitled' },
    ],
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: workspace.createFileSystemWatcher(WATCHED_FILES_GLOB),
    },
    outputChannel: output,
    errorHandler: restartingErrorHandler(output),
  };
  client = new LanguageClient('layerwise', 'Layerwise', serverOptions, clientOptions);
  context.subscriptions.push(
    commands.registerCommand(COMMANDS.restartServer, () =>
      shuttingDown ? undefined : client?.restart(),
    ),
    commands.registerCommand(COMMANDS.showOutput, () => output.show()),
  );
  try {
    await client.start();
  } catch (error) {
    // Deactivated while starting: the failed start is the expected end, not an error to show.
    if (!shuttingDown) throw error;
  }
}

/**
 * Restarts a server that stopped unexpectedly (at most 5 times in 3 minutes), logs every restart and
 * tells the user once per session, instead of a notification per restart.
 */
function restartingErrorHandler(output: LogOutputChannel): ErrorHandler {
  const restarts: number[] = [];
  let told = false;
  return {
    // A few failed reads or writes in a row are survivable; more mean the connection is gone.
    error: (_error, _message, count) => ({
      action:
        !shuttingDown && count !== undefined && count <= 3
          ? ErrorAction.Continue
          : ErrorAction.Shutdown,
      // While shutting down a broken pipe is expected: nothing to log.
      ...(shuttingDown ? { handled: true } : {}),
    }),
    closed: async () => {
      // When the window closes the server can exit (its parent is going) a moment before VS Code
      // calls deactivate: wait briefly so that exit is not taken for a crash and restarted.
      await new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS));
      if (shuttingDown) return { action: CloseAction.DoNotRestart, handled: true };
      const now = Date.now();
      restarts.push(now);
      while (restarts.length > 0 && now - restarts[0]! > 3 * 60_000) restarts.shift();
      if (restarts.length > 5) {
        return {
          action: CloseAction.DoNotRestart,
          message:
            'The Layerwise language server stopped 6 times in 3 minutes and was not restarted. See "Layerwise: Show Output"; "Layerwise: Restart Language Server" tries again.',
        };
      }
      output.warn('The Layerwise language server stopped unexpectedly; restarting it.');
      if (!told) {
        told = true;
        void window
          .showWarningMessage(
            'The Layerwise language server stopped unexpectedly and was restarted. The output has the details.',
            'Show Output',
          )
          .then((choice) => choice && output.show());
      }
      return { action: CloseAction.Restart, handled: true };
    },
  };
}

export async function deactivate(): Promise<void> {
  shuttingDown = true;
  const stopping = client;
  client = undefined;
  if (!stopping) return;
  try {
    // stop() sends shutdown and exit; a client that never finished starting has nothing to stop.
    if (stopping.needsStop()) await stopping.stop(STOP_TIMEOUT_MS);
  } catch {
    // The server is already gone (its process exited with the window): nothing is left to stop.
  }
}

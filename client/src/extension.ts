import * as path from 'node:path';
import { commands, window, workspace, type ExtensionContext } from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { COMMANDS, LANGUAGE_IDS, WATCHED_FILES_GLOB } from '../../shared/src/protocol';
import { SETTINGS_SECTION } from '../../shared/src/settings';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
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
  };
  client = new LanguageClient('layerwise', 'Layerwise', serverOptions, clientOptions);
  context.subscriptions.push(
    commands.registerCommand(COMMANDS.restartServer, () => client?.restart()),
    commands.registerCommand(COMMANDS.showOutput, () => output.show()),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { LayerwiseServer } from './lsp/server';

// The transport (--stdio, --node-ipc, --socket=N) comes from the command line.
const connection = createConnection(ProposedFeatures.all);
new LayerwiseServer(connection).listen();

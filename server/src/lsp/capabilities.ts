import {
  CodeActionKind,
  TextDocumentSyncKind,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { FIX_ALL_KIND } from '../../../shared/src/protocol';

/** What the server offers, answered to `initialize`. */
export const SERVER_CAPABILITIES: ServerCapabilities = {
  textDocumentSync: {
    openClose: true,
    change: TextDocumentSyncKind.Incremental,
    // Only to know that the disk changed (cached disk facts are dropped).
    save: { includeText: false },
  },
  hoverProvider: true,
  codeLensProvider: { resolveProvider: false },
  codeActionProvider: {
    codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND],
    resolveProvider: false,
  },
};

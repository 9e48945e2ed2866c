import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { TextDocument } from 'vscode-languageserver-textdocument';

export type DocumentKind = 'dockerfile' | 'dockerignore';

export function fsPathOf(uri: string): string | undefined {
  try {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? u.fsPath : undefined;
  } catch {
    return undefined;
  }
}

/** A `.dockerignore` or `<name>.dockerignore` is an ignore file; anything else we are sent is a Dockerfile. */
export function documentKind(doc: Pick<TextDocument, 'uri' | 'languageId'>): DocumentKind {
  if (doc.languageId === 'dockerignore') return 'dockerignore';
  const p = fsPathOf(doc.uri) ?? doc.uri;
  return path.basename(p).toLowerCase().endsWith('.dockerignore') ? 'dockerignore' : 'dockerfile';
}

import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { kindOfDocument, type FileKind } from '../parse/fileKind';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

export type DocumentKind = FileKind;

export function fsPathOf(uri: string): string | undefined {
  try {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? u.fsPath : undefined;
  } catch {
    return undefined;
  }
}

/** The kind of an open document (see parse/fileKind.ts). */
export function documentKind(doc: Pick<TextDocument, 'uri' | 'languageId'>): DocumentKind {
  return kindOfDocument(path.basename(fsPathOf(doc.uri) ?? doc.uri), doc.languageId);
}

/**
 * Each open document's file path and kind, worked out once when it opens, and the open document
 * holding a path. With hundreds of documents open, every analysis asks these of every other
 * document (is this file open? which Dockerfiles may an ignore file serve?): parsing each URI
 * again made that quadratic in parse work and garbage.
 */
export class DocumentIndex {
  private readonly info = new Map<string, { path: string | undefined; kind: DocumentKind }>();
  /** Path → URI of the first open document holding it. */
  private readonly byPath = new Map<string, string>();

  constructor(private readonly documents: TextDocuments<TextDocument>) {
    documents.onDidOpen(({ document }) => this.opened(document));
    documents.onDidClose(({ document }) => this.closed(document));
  }

  pathOf(doc: TextDocument): string | undefined {
    return this.infoOf(doc).path;
  }

  kindOf(doc: TextDocument): DocumentKind {
    return this.infoOf(doc).kind;
  }

  /** The open document holding this file, if any. */
  atPath(fsPath: string): TextDocument | undefined {
    const uri = this.byPath.get(fsPath);
    return uri === undefined ? undefined : this.documents.get(uri);
  }

  private infoOf(doc: TextDocument): { path: string | undefined; kind: DocumentKind } {
    // A document no longer open (close handlers, stale callers) is worked out again.
    const known = this.info.get(doc.uri);
    if (known && this.documents.get(doc.uri) === doc) return known;
    return { path: fsPathOf(doc.uri), kind: documentKind(doc) };
  }

  private opened(doc: TextDocument): void {
    const info = { path: fsPathOf(doc.uri), kind: documentKind(doc) };
    this.info.set(doc.uri, info);
    if (info.path !== undefined && !this.byPath.has(info.path)) this.byPath.set(info.path, doc.uri);
  }

  private closed(doc: TextDocument): void {
    const file = this.info.get(doc.uri)?.path;
    this.info.delete(doc.uri);
    if (file === undefined || this.byPath.get(file) !== doc.uri) return;
    this.byPath.delete(file);
    // Another editor may hold the same file under another spelling of its URI.
    for (const [uri, other] of this.info)
      if (other.path === file) {
        this.byPath.set(file, uri);
        break;
      }
  }
}

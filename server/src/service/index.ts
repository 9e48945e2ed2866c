/** One language service per file kind: the only thing the LSP server and the CLI analyse with. */
import type { FileKind } from '../parse/fileKind';
import { dockerfileService } from './dockerfileService';
import { ignoreFileService } from './ignoreFileService';
import type { LanguageService } from './types';

export const LANGUAGE_SERVICES: Readonly<Record<FileKind, LanguageService>> = {
  dockerfile: dockerfileService,
  dockerignore: ignoreFileService,
};

export type * from './types';

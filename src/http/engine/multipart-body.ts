import { randomInt } from 'node:crypto';
import { basename } from 'node:path';
import { readAppFile, type TlsFileSource } from '../../net/sandbox-files.js';
import type { HttpMultipartPart } from '../core/http-wire.js';

/** A multipart part's file is read whole; files past this size are refused (curl 26) rather than held in memory. */
export const MAX_MULTIPART_FILE_BYTES = 32 * 1024 * 1024;

export type MultipartBody =
  | { readonly ok: true; readonly contentType: string; readonly parts: readonly Uint8Array[]; readonly length: number }
  | { readonly ok: false; readonly why: string };

/** curl's file-name guesses (mime.c, Curl_mime_contenttype). */
const TYPES_BY_EXTENSION: ReadonlyArray<readonly [string, string]> = [
  ['.gif', 'image/gif'],
  ['.jpg', 'image/jpeg'],
  ['.jpeg', 'image/jpeg'],
  ['.png', 'image/png'],
  ['.svg', 'image/svg+xml'],
  ['.txt', 'text/plain'],
  ['.htm', 'text/html'],
  ['.html', 'text/html'],
  ['.pdf', 'application/pdf'],
  ['.xml', 'application/xml'],
];

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * HTTP §3 multiFormDataList as curl's MIME API sends it (mime.c, form strategy): a
 * boundary of 24 dashes and 22 random letters and digits; each part `Content-
 * Disposition: form-data; name="…"` (`; filename="…"`: remoteFileName, else a file's
 * own name), with `"`, CR and LF written %22, %0D, %0A; a Content-Type as given, else
 * guessed from the file name, else application/octet-stream for a file, none for data
 * (and text/plain is left out for a part without a file name). A file that cannot be
 * read is curl 26.
 */
export async function buildMultipartBody(parts: readonly HttpMultipartPart[], files: TlsFileSource): Promise<MultipartBody> {
  const boundary = `${'-'.repeat(24)}${Array.from({ length: 22 }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('')}`;
  const out: Uint8Array[] = [];
  for (const part of parts) {
    let data: Uint8Array;
    let filename = part.remoteFileName;
    if (part.filePath !== undefined && part.filePath !== '' && part.data === undefined) {
      const read = await readAppFile(files, part.filePath, MAX_MULTIPART_FILE_BYTES);
      if (typeof read === 'string') return { ok: false, why: `multipart filePath: ${read}` };
      data = read;
      filename ??= basename(part.filePath);
    } else {
      data = part.data ?? new Uint8Array(0);
    }
    let type = part.contentType ?? guessType(filename);
    if (type === undefined && part.filePath !== undefined && part.data === undefined) type = 'application/octet-stream';
    if (part.contentType === undefined && filename === undefined && type?.toLowerCase().startsWith('text/plain') === true) type = undefined;
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(part.name)}"`;
    if (filename !== undefined) head += `; filename="${escapeName(filename)}"`;
    head += '\r\n';
    if (type !== undefined) head += `Content-Type: ${type}\r\n`;
    out.push(Buffer.from(`${head}\r\n`, 'utf8'), data, Buffer.from('\r\n'));
  }
  out.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    ok: true,
    contentType: `multipart/form-data; boundary=${boundary}`,
    parts: out,
    length: out.reduce((sum, piece) => sum + piece.length, 0),
  };
}

function guessType(filename: string | undefined): string | undefined {
  if (filename === undefined) return undefined;
  const lower = filename.toLowerCase();
  return TYPES_BY_EXTENSION.find(([extension]) => lower.endsWith(extension))?.[1];
}

function escapeName(name: string): string {
  return name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** curl's upload buffer (64 KiB in curl 8): the body goes out, and its progress is told, in pieces of this size. */
const UPLOAD_PIECE_BYTES = 64 * 1024;

/**
 * The body as undici pulls it, piece by piece: once undici asks for the next piece, the
 * previous one has been written to the socket (undici waits for 'drain' when the socket
 * is full), so the cumulative count told to `sent` is what curl's upload progress
 * counts, and it ends at the body's length (HTTP §6 dataSendProgress: cumulative).
 */
export async function* bodyPieces(parts: readonly Uint8Array[], sent: (bytes: number, total: number) => void): AsyncGenerator<Uint8Array> {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  let done = 0;
  for (const part of parts) {
    for (let offset = 0; offset < part.length; offset += UPLOAD_PIECE_BYTES) {
      const piece = part.subarray(offset, Math.min(part.length, offset + UPLOAD_PIECE_BYTES));
      yield piece;
      done += piece.length;
      sent(done, total);
    }
  }
}

import type { ServerWire } from '../core/server-wire.js';

/**
 * A page's ServerWire. A page has no files of its own (the dev relay reads a sandbox of
 * its own for connections), so a serverCert always names a missing file: 2302002, as on
 * a device whose app does not have it (OH §6.1).
 */
export const pageServerWire: ServerWire = {
  certificateFilesExist: () => Promise.resolve(false),
};

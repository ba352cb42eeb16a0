import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { getConfig } from '../../core/netkit-config.js';
import type { ServerWire } from '../core/server-wire.js';

/**
 * Node's ServerWire: the app's files are the process's, relative paths resolved
 * against `filesDir` of the config or the working directory (as caPath is for clients).
 */
export const nodeServerWire: ServerWire = {
  async certificateFilesExist(certPath, keyPath) {
    if (keyPath === '') return false;
    const base = getConfig().filesDir ?? process.cwd();
    try {
      await Promise.all([access(resolve(base, certPath)), access(resolve(base, keyPath))]);
      return true;
    } catch {
      return false;
    }
  },
};

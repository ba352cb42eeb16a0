import type { FilesRequest } from '../../protocol/relay-protocol.js';
import { readTlsFiles } from '../../net/sandbox-files.js';
import type { LegControl, LegHandler, LegOperation } from '../leg-operation.js';
import { parseConnectRequest } from './parse-connect-request.js';

const NORMAL = 1000;

/**
 * relay-protocol.ts `files`: whether the certificate files a connect would name are
 * missing in the sandbox, read as a connect reads them (WS §4, §5), answered once.
 */
export const filesOperation: LegOperation<FilesRequest> = {
  op: 'files',
  parse(message) {
    // The same option rules as a connect request's.
    const parsed = parseConnectRequest({ url: '', options: message.options });
    if (typeof parsed === 'string') return parsed;
    const { caPath, clientCert } = parsed.options;
    return { op: 'files', options: { ...(caPath === undefined ? {} : { caPath }), ...(clientCert === undefined ? {} : { clientCert }) } };
  },
  start: (leg, request) => new FilesHandler(leg, request),
};

class FilesHandler implements LegHandler {
  readonly closed: Promise<void>;
  #done = false;

  constructor(leg: LegControl, request: FilesRequest) {
    this.closed = readTlsFiles(leg.options.sandboxDir, request.options).then(
      (outcome) => {
        if (this.#done) return;
        this.#done = true;
        if (!outcome.ok) leg.log('info', `certificate files asked for: ${outcome.reason}`);
        leg.reply({ op: 'files', missing: !outcome.ok });
        leg.end(NORMAL, '');
      },
      (error: unknown) => leg.fault(error),
    );
  }

  onMessage(): void {}
  onFrames(): void {}
  onPageClose(): void {
    this.#done = true;
  }
  abort(): void {
    this.#done = true;
  }
  describe() {
    return { target: undefined, phase: this.#done ? 'ended' : 'reading', upstreamBufferedAmount: 0, upstreamReadPaused: false, legReadPaused: false };
  }
}

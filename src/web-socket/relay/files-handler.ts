import { NORMAL_CLOSURE } from '../../protocol/close-codes.js';
import { readTlsFiles } from '../../net/sandbox-files.js';
import type { LegControl, LegHandler, MessageLegOperation } from '../../relay/leg-operation.js';
import type { FilesReply, FilesRequest } from '../core/relay-messages.js';
import { PAGE_MESSAGE_LIMIT } from './page-message-limit.js';
import { parseConnectRequest } from './parse-connect-request.js';

/**
 * relay-messages.ts `files`: whether the certificate files a connect would name are
 * missing in the sandbox, read as a connect reads them (WS §4, §5), answered once.
 */
export const filesOperation: MessageLegOperation<FilesRequest> = {
  op: 'files',
  pageMessageLimit: PAGE_MESSAGE_LIMIT,
  passesFrames: false,
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
        const reply: FilesReply = { op: 'files', missing: !outcome.ok };
        leg.reply(reply);
        leg.end(NORMAL_CLOSURE, '');
      },
      (error: unknown) => leg.fault(error),
    );
  }

  onMessage(): void {}
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

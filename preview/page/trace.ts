/** The detail of a `netkit-trace` event, as traced-network-kit.js reports it (see there). */
export interface TraceDetail {
  /**
   * webSocket clients and servers: 'call' | 'result' | 'failure' | 'event' | 'diagnostic' |
   * 'listening'. Reserved for http requests (a lane each, `request` below), which the
   * timeline shows as they come: 'request' (the call, with `method` and `url`), 'headers'
   * (`status`), 'data' (a chunk of the body, `size` bytes), 'progress' (`received` of
   * `total`), 'end' (the response, `status`) and 'error' (a failure, its `code`).
   */
  kind: 'call' | 'result' | 'failure' | 'event' | 'diagnostic' | 'listening' | 'request' | 'headers' | 'data' | 'progress' | 'end' | 'error';
  /** The log line; absent for what only the timeline shows (a call, before its outcome). */
  text?: string;
  /** N of ws#N. */
  client?: number;
  /** N of server#N. */
  server?: number;
  /** N of http#N: an http request. */
  request?: number;
  /** `listening`: the app's port its start() asked for. */
  port?: number;
  /** `listening`: where the dev relay really listens for the server, 'host:port'. */
  address?: string;
  name: string;
  args?: string;
  outcome?: string;
  frame?: 'out' | 'in';
  data?: string;
  /** A frame's or a data chunk's size in bytes (UTF-8 for text). */
  size?: number;
  /** A frame: binary (an ArrayBuffer) rather than text. */
  binary?: boolean;
  /** A frame's content for the lane's frame list: the text, or the bytes in hex, cut at a few kB. */
  content?: string;
  url?: string;
  /** An http request's method. */
  method?: string;
  /** An http response's status. */
  status?: number;
  /** Progress of an http transfer: bytes so far, and in all (absent or 0 when unknown). */
  received?: number;
  total?: number;
  /** The device's error code of a failure (an http request's 'error'). */
  code?: number;
  /** A diagnostic's text, as the library gave it. */
  diagnostic?: string;
  /** performance.now() when it happened (the page's clock, once the page has it: see run-frame.ts). */
  time: number;
}

/** A failure or an error event: what a diagnostic belongs next to. */
export const isFailure = (detail: TraceDetail): boolean =>
  detail.kind === 'failure' || detail.kind === 'error' || (detail.kind === 'event' && detail.name === 'error');

/** Which of the run's objects a trace is about, as the log and the timeline name it: 'ws#N', 'server#N', 'http#N'. */
export function ownerOf(detail: Pick<TraceDetail, 'client' | 'server' | 'request'>): string | undefined {
  if (detail.client !== undefined) return `ws#${detail.client}`;
  if (detail.server !== undefined) return `server#${detail.server}`;
  if (detail.request !== undefined) return `http#${detail.request}`;
  return undefined;
}

/**
 * What the run's code was running when it printed a line: the callback of a call, or an
 * event's listener (traced-network-kit.js `preview.runningNow`).
 */
export interface RunningCode {
  client?: number;
  server?: number;
  request?: number;
  /** The call ('connect', …) or the event ('open', …). */
  name: string;
  kind: 'callback' | 'listener';
  /** A callback: called with an error. */
  failed?: boolean;
}

/** The call whose rejection nobody handled (traced-network-kit.js `preview.originOf`). */
export interface RejectionOrigin {
  client?: number;
  server?: number;
  request?: number;
  name: string;
  /** The same object's calls that had not settled when this one was made ('start', …). */
  pendingAtCall: string[];
}

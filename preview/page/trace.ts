/** The detail of a `netkit-trace` event, as traced-network-kit.js reports it (see there). */
export interface TraceDetail {
  kind: 'call' | 'result' | 'failure' | 'event' | 'diagnostic' | 'listening';
  /** The log line; absent for what only the timeline shows (a call, before its outcome). */
  text?: string;
  /** N of ws#N. */
  client?: number;
  /** N of server#N. */
  server?: number;
  /** `listening`: the app's port its start() asked for. */
  port?: number;
  /** `listening`: where the dev relay really listens for the server, 'host:port'. */
  address?: string;
  name: string;
  args?: string;
  outcome?: string;
  frame?: 'out' | 'in';
  data?: string;
  url?: string;
  /** A diagnostic's text, as the library gave it. */
  diagnostic?: string;
  /** performance.now() when it happened (the page's clock, once the page has it: see run-frame.ts). */
  time: number;
}

/** A failure or an error event: what a diagnostic belongs next to. */
export const isFailure = (detail: TraceDetail): boolean => detail.kind === 'failure' || (detail.kind === 'event' && detail.name === 'error');

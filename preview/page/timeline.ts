/**
 * The timeline beside the log: one lane per client (ws#1, ws#2, …) and per server
 * (server#1, …) of the current run, with its calls, outcomes, events and frames
 * (⟶ sent, ⟵ received) in order, each with its time in ms since Run, and a track above
 * them that puts them on one time axis shared by every lane. A server's lane has its
 * start, each client's connect, the messages both ways, the closes and its stop.
 */
import { isFailure, type TraceDetail } from './trace.js';

interface Mark {
  time: number;
  tick: HTMLElement;
}

interface Lane {
  root: HTMLElement;
  /** Marks not shown, past MAX_MARKS, and the mark that counts them. */
  hidden: number;
  more?: HTMLElement;
  /** Where a client connects, where a server listens. */
  url: HTMLElement;
  track: HTMLElement;
  marks: HTMLOListElement;
  ticks: Mark[];
}

const MAX_DATA = 40;
/** Marks a lane shows; past that it counts them (the log has them all). */
const MAX_MARKS = 400;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const short = (shown: string) => (shown.length > MAX_DATA ? `${shown.slice(0, MAX_DATA - 1)}…` : shown);

/** The code of a BusinessError as shown ('{"code":2302999,…}'), or the whole value, shortened. */
function errorOf(shown: string | undefined): string {
  const code = /"code":(-?\d+)/.exec(shown ?? '');
  return code ? String(code[1]) : short(shown ?? '');
}

/** The arguments of an event or callback as shown, '(undefined, {"code":1000,…})', split at top level. */
function argumentsOf(shown: string | undefined): string[] {
  const inner = (shown ?? '()').replace(/^[^(]*\(/, '').replace(/\)$/, '');
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (let i = 0; i < inner.length; i += 1) {
    const c = inner[i]!;
    if (quoted) {
      if (c === '\\') {
        current += c + (inner[i + 1] ?? '');
        i += 1;
        continue;
      }
      if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '{' || c === '[') depth += 1;
    else if (c === '}' || c === ']') depth -= 1;
    else if (c === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

/** What a mark says: short, the full log line is its tooltip. */
function labelOf(detail: TraceDetail): string {
  const args = argumentsOf(detail.args);
  switch (detail.kind) {
    case 'call':
      if (detail.name === 'createWebSocket' || detail.name === 'createWebSocketServer') return `${detail.name}()`;
      if (detail.frame === 'out') return `⟶ send ${short(detail.data ?? '')}`;
      if (detail.name === 'on' || detail.name === 'off') return `${detail.name}(${args[0] ?? ''})`;
      return `${detail.name}()`;
    case 'result':
      return `${detail.name} ✓`;
    case 'failure':
      return `${detail.name} ✗ ${errorOf(detail.outcome)}`;
    case 'event': {
      const value = args[1] ?? '';
      if (detail.frame === 'in') return `⟵ ${short(detail.data ?? '')}`;
      if (detail.name === 'error') return `⟵ error ${errorOf(args[0] === 'undefined' ? value : args[0])}`;
      if (detail.name === 'open') return `⟵ open ${/"status":(\d+)/.exec(value)?.[1] ?? ''}`.trimEnd();
      if (detail.name === 'close') return `⟵ close ${/"code":(\d+)/.exec(value)?.[1] ?? ''}`.trimEnd();
      // A server's new client: who it is.
      if (detail.name === 'connect') return `⟵ connect ${clientOf(args[0])}`.trimEnd();
      return `⟵ ${detail.name}`;
    }
    case 'diagnostic':
      return `relay says: ${detail.diagnostic ?? ''}`;
    case 'listening':
      return 'listening';
  }
}

/** A server's connection as shown ('{"clientPort":5678,"clientIP":"127.0.0.1"}') as ip:port. */
function clientOf(shown: string | undefined): string {
  const ip = /"clientIP":"([^"]*)"/.exec(shown ?? '')?.[1];
  const port = /"clientPort":(\d+)/.exec(shown ?? '')?.[1];
  return ip === undefined || port === undefined ? '' : `${ip}:${port}`;
}

/** The lane a trace belongs to: 'ws#N', 'server#N', or none. */
function laneOf(detail: TraceDetail): string | undefined {
  if (detail.client !== undefined) return `ws#${detail.client}`;
  if (detail.server !== undefined) return `server#${detail.server}`;
  return undefined;
}

function classOf(detail: TraceDetail): string {
  if (detail.frame !== undefined) return `frame-${detail.frame}`;
  if (isFailure(detail)) return 'failure';
  return detail.kind;
}

export const formatMs = (ms: number): string => `${ms < 100 ? ms.toFixed(1) : Math.round(ms)} ms`;

export class Timeline {
  readonly #root: HTMLElement;
  readonly #heading: HTMLElement;
  readonly #lanes = new Map<string, Lane>();
  #t0 = 0;
  #span = 0;
  #layout = 0;

  constructor(root: HTMLElement, heading: HTMLElement) {
    this.#root = root;
    this.#heading = heading;
    this.#empty('Run an example: each of its clients and servers gets a lane here, with its calls, events and frames.');
  }

  #empty(text: string): void {
    this.#root.replaceChildren(element('p', 'timeline-empty', text));
  }

  /** A new run: its clients and servers only, times from `t0` (performance.now()). */
  start(title: string, t0: number): void {
    this.#lanes.clear();
    this.#t0 = t0;
    this.#span = 0;
    this.#heading.textContent = title;
    this.#empty('No client or server yet: the timeline shows webSocket clients (createWebSocket) and servers (createWebSocketServer).');
  }

  add(detail: TraceDetail): void {
    const name = laneOf(detail);
    if (name === undefined || detail.kind === 'listening') {
      if (detail.kind === 'listening' && name !== undefined) this.#listening(name, detail);
      return;
    }
    let lane = this.#lanes.get(name);
    if (lane === undefined) {
      // Only what this run creates: a client or server of an earlier run has no lane.
      if ((detail.name !== 'createWebSocket' && detail.name !== 'createWebSocketServer') || this.#t0 === 0) return;
      lane = this.#lane(name, detail);
    }
    if (detail.kind === 'call' && detail.name === 'connect' && detail.url !== undefined) lane.url.textContent = detail.url;
    const ms = Math.max(0, detail.time - this.#t0);
    if (lane.ticks.length >= MAX_MARKS) {
      lane.hidden += 1;
      lane.more ??= lane.marks.appendChild(element('li', 'mark more'));
      lane.more.textContent = `+${lane.hidden} more, up to ${formatMs(ms)}: see the log`;
      return;
    }
    const kind = classOf(detail);
    const label = labelOf(detail);
    const title = detail.text ?? `${name} ${detail.name}${detail.args ?? ''}`;
    const mark = element('li', `mark ${kind}`);
    mark.dataset.kind = detail.kind;
    mark.dataset.name = detail.name;
    mark.title = title;
    mark.append(element('time', 'at', formatMs(ms)), element('span', 'label', label));
    if (detail.kind === 'diagnostic') mark.append(element('span', 'aid', 'preview aid'));
    lane.marks.append(mark);
    const tick = element('span', `tick ${kind}`);
    tick.title = `${formatMs(ms)} ${label}`;
    lane.track.append(tick);
    lane.ticks.push({ time: ms, tick });
    this.#span = Math.max(this.#span, ms);
    this.#scheduleLayout();
    mark.scrollIntoView({ block: 'nearest' });
  }

  /** A server's lane says where it listens: the app's port, and where the relay really listens for it. */
  #listening(name: string, detail: TraceDetail): void {
    const lane = this.#lanes.get(name);
    if (lane === undefined) return;
    lane.url.textContent = `port ${detail.port ?? '?'}${detail.address === undefined ? '' : ` (the relay listens on ${detail.address})`}`;
    if (detail.address !== undefined) lane.root.dataset.address = detail.address;
  }

  /** The lane of the client or server `created` (its createWebSocket/createWebSocketServer trace) made. */
  #lane(name: string, created: TraceDetail): Lane {
    if (this.#lanes.size === 0) this.#root.replaceChildren();
    const root = element('section', 'lane');
    // data-client="N" or data-server="N": which of the run's objects the lane is.
    if (created.server === undefined) root.dataset.client = String(created.client);
    else root.dataset.server = String(created.server);
    const head = element('header', 'lane-head');
    const url = element('span', 'lane-url', created.server === undefined ? 'not connected' : 'not listening');
    head.append(element('strong', 'lane-name', name), url);
    const track = element('div', 'track');
    const marks = element('ol', 'marks');
    root.append(head, track, marks);
    this.#root.append(root);
    const lane: Lane = { root, url, track, marks, ticks: [], hidden: 0 };
    this.#lanes.set(name, lane);
    return lane;
  }

  /** Every tick on the shared axis: 0 at Run, the latest mark at the right end. */
  #scheduleLayout(): void {
    if (this.#layout !== 0) return;
    this.#layout = requestAnimationFrame(() => {
      this.#layout = 0;
      const span = Math.max(this.#span, 1);
      for (const lane of this.#lanes.values()) {
        for (const { time, tick } of lane.ticks) tick.style.left = `${(time / span) * 100}%`;
        lane.track.dataset.span = formatMs(this.#span);
      }
    });
  }
}

/**
 * The timeline beside the log, for the current run. On top, a chart: one row per client
 * (ws#1, …), per server (server#1, …) and per http request (http#1, …), each event a
 * mark on one time axis shared by every row, in ms since Run. Marks that happened close
 * together are spread apart (never closer than MIN_GAP px, in time order), and the axis
 * can be zoomed; each mark tells its details on hover and on keyboard focus (the arrow
 * keys move between marks). Below it, one lane per object: its calls, outcomes, events
 * and frames (⟶ sent, ⟵ received) in order, and, expanded, its frames with their contents.
 *
 * It takes every trace kind generically (trace.ts): a lane is made by the first trace
 * that names its object, so the http namespace's traces (request, headers, data,
 * progress, end, error) get lanes of their own as the webSocket ones do.
 */
import { fitScale, markPositions } from './mark-positions.js';
import { isFailure, ownerOf, type TraceDetail } from './trace.js';

interface Tick {
  time: number;
  /** Order of arrival: breaks ties of time. */
  seq: number;
  button: HTMLButtonElement;
  /** Its entry in the lane's list, which Enter or a click on the mark brings into view. */
  mark: HTMLElement;
  lane: Lane;
  detail: TraceDetail;
  label: string;
}

interface Lane {
  name: string;
  root: HTMLElement;
  /** Where a client connects, where a server listens, what a request asks for. */
  url: HTMLElement;
  marks: HTMLOListElement;
  /** Marks not shown past MAX_MARKS, and the mark that counts them. */
  hidden: number;
  more?: HTMLElement;
  row: HTMLElement;
  track: HTMLElement;
  ticks: Tick[];
  frames: { details: HTMLDetailsElement; summary: HTMLElement; body: HTMLTableSectionElement; count: number };
}

const MAX_DATA = 40;
/** Marks a lane shows; past that it counts them (the log has them all). */
const MAX_MARKS = 400;
/** Marks never closer than this on the axis (px): a mark is 10 px wide. */
const MIN_GAP = 14;
/** Axis labels never closer than this (px). */
const LABEL_GAP = 72;
/** Room for the row names, left of the axis (px), and at each end of it. */
const NAME_WIDTH = 76;
const PAD = 10;
const ZOOMS = [1, 2, 4, 8, 16, 32, 64];

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const short = (shown: string) => (shown.length > MAX_DATA ? `${shown.slice(0, MAX_DATA - 1)}…` : shown);

export const formatMs = (ms: number): string => `${ms < 100 ? ms.toFixed(1) : Math.round(ms)} ms`;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

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

/** A server's connection as shown ('{"clientPort":5678,"clientIP":"127.0.0.1"}') as ip:port. */
function clientOf(shown: string | undefined): string {
  const ip = /"clientIP":"([^"]*)"/.exec(shown ?? '')?.[1];
  const port = /"clientPort":(\d+)/.exec(shown ?? '')?.[1];
  return ip === undefined || port === undefined ? '' : `${ip}:${port}`;
}

/** What a mark says: short; its details (the log line) are on hover and focus. */
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
    case 'request':
      return `⟶ ${detail.method ?? detail.name} ${short(detail.url ?? '')}`.trimEnd();
    case 'headers':
      return `⟵ headers ${detail.status ?? ''}`.trimEnd();
    case 'data':
      return `⟵ data ${formatBytes(detail.size ?? 0)}`;
    case 'progress':
      return `progress ${formatBytes(detail.received ?? 0)}${detail.total ? ` of ${formatBytes(detail.total)}` : ''}`;
    case 'end':
      return `end ✓ ${detail.status ?? ''}`.trimEnd();
    case 'error':
      return `✗ ${detail.code ?? errorOf(detail.outcome)}`;
  }
}

function classOf(detail: TraceDetail): string {
  if (detail.frame !== undefined) return `frame-${detail.frame}`;
  if (detail.kind === 'data') return 'frame-in';
  if (isFailure(detail)) return 'failure';
  if (detail.kind === 'request') return 'call';
  if (detail.kind === 'end') return 'result';
  if (detail.kind === 'headers' || detail.kind === 'progress') return 'event';
  return detail.kind;
}

/** What the lane's frame list shows of a frame (or a chunk of an http body), if the trace is one. */
function frameRowOf(detail: TraceDetail): { direction: string; type: string; content: string } | undefined {
  if (detail.frame !== undefined) {
    return {
      direction: detail.frame === 'out' ? '⟶ sent' : '⟵ received',
      type: detail.binary === true ? 'binary' : 'text',
      content: detail.content ?? detail.data ?? '',
    };
  }
  if (detail.kind === 'data') return { direction: '⟵ received', type: 'body chunk', content: detail.content ?? detail.data ?? '' };
  return undefined;
}

export class Timeline {
  readonly #root: HTMLElement;
  readonly #heading: HTMLElement;
  readonly #lanes = new Map<string, Lane>();
  readonly #ticks: Tick[] = [];
  readonly #chart: HTMLElement;
  readonly #scroller: HTMLElement;
  readonly #body: HTMLElement;
  readonly #axis: HTMLElement;
  readonly #rows: HTMLElement;
  readonly #laneList: HTMLElement;
  readonly #zoomLabel: HTMLElement;
  readonly #tip: HTMLElement;
  readonly #empty: HTMLElement;
  #zoom = 0;
  #t0 = 0;
  #seq = 0;
  #layout = 0;
  #tipFor: Tick | undefined;

  constructor(root: HTMLElement, heading: HTMLElement) {
    this.#root = root;
    this.#heading = heading;
    this.#empty = element('p', 'timeline-empty');
    this.#chart = element('div', 'chart');
    this.#chart.hidden = true;
    const tools = element('div', 'chart-tools');
    const button = (text: string, label: string, action: () => void) => {
      const node = element('button', 'zoom', text);
      node.type = 'button';
      node.setAttribute('aria-label', label);
      node.title = label;
      node.addEventListener('click', action);
      return node;
    };
    this.#zoomLabel = element('span', 'zoom-level', 'fit');
    this.#zoomLabel.setAttribute('aria-live', 'polite');
    tools.append(
      element('span', 'chart-title', 'Time axis'),
      button('−', 'Zoom out', () => this.#setZoom(this.#zoom - 1)),
      button('+', 'Zoom in', () => this.#setZoom(this.#zoom + 1)),
      button('Fit', 'Fit the run into the width', () => this.#setZoom(0)),
      this.#zoomLabel,
    );
    this.#scroller = element('div', 'chart-scroll');
    this.#body = element('div', 'chart-body');
    this.#axis = element('div', 'chart-axis');
    this.#axis.setAttribute('aria-hidden', 'true');
    this.#rows = element('div', 'rows');
    this.#body.append(this.#axis, this.#rows);
    this.#scroller.append(this.#body);
    this.#chart.append(tools, this.#scroller);
    this.#laneList = element('div', 'lanes');
    this.#tip = element('div', 'tick-tip');
    this.#tip.id = 'timeline-tip';
    this.#tip.setAttribute('role', 'tooltip');
    this.#tip.hidden = true;
    this.#root.replaceChildren(this.#empty, this.#chart, this.#laneList, this.#tip);
    this.#showEmpty('Run an example: each of its clients, servers and http requests gets a lane here, with its calls, events and frames.');
    new ResizeObserver(() => this.#scheduleLayout()).observe(this.#scroller);
  }

  #showEmpty(text: string): void {
    this.#empty.textContent = text;
    this.#empty.hidden = false;
  }

  #reset(): void {
    this.#lanes.clear();
    this.#ticks.length = 0;
    this.#rows.replaceChildren();
    this.#axis.replaceChildren();
    this.#laneList.replaceChildren();
    this.#chart.hidden = true;
    this.#hideTip();
  }

  /** A new run: its objects only, times from `t0` (performance.now()); each run counts ws#1, server#1 … afresh. */
  start(title: string, t0: number): void {
    this.#reset();
    this.#t0 = t0;
    this.#heading.textContent = title;
    this.#showEmpty('No client, server or request yet: the timeline shows webSocket clients (createWebSocket) and servers (createWebSocketServer).');
  }

  /** Clear: nothing shown; what the current run does from now on shows again. */
  clear(): void {
    this.#reset();
    this.#heading.textContent = '';
    this.#showEmpty('Cleared.');
  }

  add(detail: TraceDetail): void {
    const name = ownerOf(detail);
    if (name === undefined || this.#t0 === 0) return;
    if (detail.kind === 'listening') {
      this.#listening(name, detail);
      return;
    }
    const lane = this.#lanes.get(name) ?? this.#lane(name, detail);
    if ((detail.kind === 'call' && detail.name === 'connect') || detail.kind === 'request') {
      if (detail.url !== undefined) lane.url.textContent = detail.kind === 'request' ? `${detail.method ?? ''} ${detail.url}`.trim() : detail.url;
    }
    const ms = Math.max(0, detail.time - this.#t0);
    const frame = frameRowOf(detail);
    if (frame !== undefined) this.#frame(lane, ms, frame, detail.size);
    if (lane.ticks.length >= MAX_MARKS) {
      lane.hidden += 1;
      lane.more ??= lane.marks.appendChild(element('li', 'mark more'));
      lane.more.textContent = `+${lane.hidden} more, up to ${formatMs(ms)}: see the log`;
      return;
    }
    const kind = classOf(detail);
    const label = labelOf(detail);
    const mark = element('li', `mark ${kind}`);
    mark.dataset.kind = detail.kind;
    mark.dataset.name = detail.name;
    mark.title = detail.text ?? `${name} ${detail.name}${detail.args ?? ''}`;
    mark.append(element('time', 'at', formatMs(ms)), element('span', 'label', label));
    if (detail.kind === 'diagnostic') mark.append(element('span', 'aid', 'preview aid'));
    lane.marks.append(mark);

    const button = element('button', `tick ${kind}`);
    button.type = 'button';
    button.tabIndex = lane.ticks.length === 0 ? 0 : -1;
    button.setAttribute('aria-label', `${name}, ${formatMs(ms)}: ${label}`);
    const tick: Tick = { time: ms, seq: (this.#seq += 1), button, mark, lane, detail, label };
    button.addEventListener('click', () => this.#select(tick));
    button.addEventListener('mouseenter', () => this.#showTip(tick));
    button.addEventListener('mouseleave', () => this.#hideTip());
    button.addEventListener('focus', () => this.#showTip(tick));
    button.addEventListener('blur', () => this.#hideTip());
    button.addEventListener('keydown', (event) => this.#onTickKey(event, tick));
    lane.track.append(button);
    lane.ticks.push(tick);
    this.#ticks.push(tick);
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

  /** The lane of the object `first` (its first trace of the run) is about. */
  #lane(name: string, first: TraceDetail): Lane {
    this.#empty.hidden = true;
    this.#chart.hidden = false;
    const root = element('section', 'lane');
    // data-client="N", data-server="N" or data-request="N": which of the run's objects the lane is.
    if (first.client !== undefined) root.dataset.client = String(first.client);
    else if (first.server !== undefined) root.dataset.server = String(first.server);
    else if (first.request !== undefined) root.dataset.request = String(first.request);
    const head = element('header', 'lane-head');
    const url = element('span', 'lane-url', first.server !== undefined ? 'not listening' : first.request !== undefined ? '' : 'not connected');
    head.append(element('strong', 'lane-name', name), url);
    const marks = element('ol', 'marks');
    const details = element('details', 'frames');
    details.hidden = true;
    const summary = element('summary', 'frames-summary', 'Frames (0)');
    const table = element('table', 'frame-table');
    const header = element('thead', '');
    const headRow = element('tr', '');
    for (const title of ['ms', 'direction', 'type', 'size', 'content'])
      headRow.append(Object.assign(element('th', ''), { scope: 'col', textContent: title }));
    header.append(headRow);
    const body = element('tbody', '');
    table.append(header, body);
    details.append(summary, table);
    root.append(head, marks, details);
    this.#laneList.append(root);

    const row = element('div', 'row');
    row.dataset.lane = name;
    const track = element('div', 'track');
    track.setAttribute('role', 'group');
    track.setAttribute('aria-label', `${name}: its events on the time axis (arrow keys move between them)`);
    row.append(element('span', 'row-name', name), track);
    this.#rows.append(row);
    const lane: Lane = { name, root, url, marks, hidden: 0, row, track, ticks: [], frames: { details, summary, body, count: 0 } };
    this.#lanes.set(name, lane);
    return lane;
  }

  #frame(lane: Lane, ms: number, frame: { direction: string; type: string; content: string }, size: number | undefined): void {
    const { frames } = lane;
    frames.count += 1;
    frames.details.hidden = false;
    frames.summary.textContent = `Frames (${frames.count})`;
    if (frames.count > MAX_MARKS) return;
    const row = element('tr', 'frame-row');
    row.append(
      element('td', 'frame-at', formatMs(ms)),
      element('td', 'frame-direction', frame.direction),
      element('td', 'frame-type', frame.type),
      element('td', 'frame-size', size === undefined ? '' : formatBytes(size)),
    );
    const content = element('td', 'frame-content');
    content.append(element('pre', '', frame.content));
    row.append(content);
    frames.body.append(row);
  }

  /** The mark's entry in its lane's list, brought into view and highlighted. */
  #select(tick: Tick): void {
    for (const selected of this.#laneList.querySelectorAll('.mark.selected')) selected.classList.remove('selected');
    tick.mark.classList.add('selected');
    tick.mark.scrollIntoView({ block: 'nearest' });
  }

  #setZoom(level: number): void {
    this.#zoom = Math.max(0, Math.min(ZOOMS.length - 1, level));
    this.#zoomLabel.textContent = this.#zoom === 0 ? 'fit' : `×${ZOOMS[this.#zoom]}`;
    this.#scheduleLayout();
  }

  #scheduleLayout(): void {
    if (this.#layout !== 0) return;
    this.#layout = requestAnimationFrame(() => {
      this.#layout = 0;
      this.#place();
    });
  }

  /**
   * Every mark on the shared axis: 0 at Run, the latest mark at the right end when the
   * zoom fits the run into the width (mark-positions.ts: close marks spread apart, and
   * the order across rows stays the order in time).
   */
  #place(): void {
    const ticks = [...this.#ticks].sort((a, b) => a.time - b.time || a.seq - b.seq);
    const times = ticks.map((tick) => tick.time);
    const width = Math.max(120, this.#scroller.clientWidth - NAME_WIDTH - 2 * PAD);
    // The last mark and its gap end within the width: a run that fits needs no scrolling.
    const fit = fitScale(times, width - MIN_GAP, MIN_GAP);
    const scale = fit * (ZOOMS[this.#zoom] ?? 1);
    const positions = markPositions(times, scale, MIN_GAP);
    let lastLabel = Number.NEGATIVE_INFINITY;
    const labels: HTMLElement[] = [];
    ticks.forEach((tick, index) => {
      const x = positions[index] ?? 0;
      tick.button.style.left = `${PAD + x}px`;
      if (x - lastLabel >= LABEL_GAP) {
        lastLabel = x;
        const label = element('span', 'chart-axis-label', formatMs(tick.time));
        label.style.left = `${NAME_WIDTH + PAD + x}px`;
        labels.push(label);
      }
    });
    this.#axis.replaceChildren(...labels);
    this.#body.style.width = `${NAME_WIDTH + 2 * PAD + Math.max(width, (positions.at(-1) ?? 0) + MIN_GAP)}px`;
    if (this.#tipFor !== undefined) this.#positionTip(this.#tipFor);
  }

  // ——— details on hover and focus ———

  #showTip(tick: Tick): void {
    this.#tipFor = tick;
    const { detail, lane } = tick;
    const lines: HTMLElement[] = [
      element('strong', 'tip-head', `${lane.name} · ${formatMs(tick.time)} since Run`),
      element('div', 'tip-label', tick.label),
    ];
    const full = detail.text ?? `${lane.name} ${detail.name}${detail.args ?? ''}`;
    if (full !== tick.label) lines.push(element('div', 'tip-text', full));
    if (detail.size !== undefined) lines.push(element('div', 'tip-size', `${formatBytes(detail.size)}${detail.binary === true ? ', binary' : ''}`));
    if (detail.kind === 'diagnostic') lines.push(element('div', 'tip-aid', 'preview aid: what the dev relay saw, not device output'));
    this.#tip.replaceChildren(...lines);
    this.#tip.hidden = false;
    tick.button.setAttribute('aria-describedby', this.#tip.id);
    this.#positionTip(tick);
  }

  #positionTip(tick: Tick): void {
    const box = tick.button.getBoundingClientRect();
    const tip = this.#tip.getBoundingClientRect();
    const left = Math.max(4, Math.min(window.innerWidth - tip.width - 4, box.left + box.width / 2 - tip.width / 2));
    const below = box.bottom + 6;
    const top = below + tip.height > window.innerHeight ? box.top - tip.height - 6 : below;
    this.#tip.style.left = `${left}px`;
    this.#tip.style.top = `${Math.max(4, top)}px`;
  }

  #hideTip(): void {
    this.#tipFor?.button.removeAttribute('aria-describedby');
    this.#tipFor = undefined;
    this.#tip.hidden = true;
  }

  /** Left/Right (Home/End) move along a row's marks, Up/Down to the nearest mark of the row above or below; Escape hides the details. */
  #onTickKey(event: KeyboardEvent, tick: Tick): void {
    const rows = [...this.#lanes.values()];
    const at = tick.lane.ticks.indexOf(tick);
    let next: Tick | undefined;
    switch (event.key) {
      case 'ArrowRight':
        next = tick.lane.ticks[at + 1];
        break;
      case 'ArrowLeft':
        next = tick.lane.ticks[at - 1];
        break;
      case 'Home':
        next = tick.lane.ticks[0];
        break;
      case 'End':
        next = tick.lane.ticks.at(-1);
        break;
      case 'ArrowDown':
      case 'ArrowUp': {
        const other = rows[rows.indexOf(tick.lane) + (event.key === 'ArrowDown' ? 1 : -1)];
        next = other?.ticks.reduce<Tick | undefined>(
          (best, candidate) => (best === undefined || Math.abs(candidate.time - tick.time) < Math.abs(best.time - tick.time) ? candidate : best),
          undefined,
        );
        break;
      }
      case 'Escape':
        this.#hideTip();
        return;
      default:
        return;
    }
    event.preventDefault();
    if (next === undefined) return;
    for (const other of next.lane.ticks) other.button.tabIndex = -1;
    next.button.tabIndex = 0;
    next.button.focus();
    next.button.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }
}

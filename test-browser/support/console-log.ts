/**
 * The page's console as the specs read it: what page code printed (console.log,
 * console.error, console.warn…), in order, with a way to wait for a line without
 * sleeping.
 */
import type { ConsoleMessage, Page } from '@playwright/test';

export interface ConsoleLine {
  /** Playwright's type: 'log', 'error', 'warning', 'info', … */
  type: string;
  text: string;
}

const DEFAULT_TIMEOUT_MS = 5000;

export class ConsoleLog {
  readonly lines: ConsoleLine[] = [];
  readonly #waiters = new Set<() => void>();
  readonly #page: Page;

  constructor(page: Page) {
    this.#page = page;
    page.on('console', this.#onMessage);
  }

  /** Stops listening (the host page outlives a test). */
  dispose(): void {
    this.#page.off('console', this.#onMessage);
  }

  #onMessage = (message: ConsoleMessage): void => {
    // Only what page code printed: messages the browser logs by itself (a failed
    // WebSocket handshake, a 404) come without arguments, and a device would not
    // print them.
    if (message.args().length === 0) return;
    this.lines.push({ type: message.type(), text: message.text() });
    for (const wake of [...this.#waiters]) wake();
  };

  /** The texts of the lines of the given types (all types when none are given), in order. */
  texts(...types: string[]): string[] {
    return this.lines.filter((line) => types.length === 0 || types.includes(line.type)).map((line) => line.text);
  }

  /** Resolves once a line satisfying `match` has been printed (at once if it already was). */
  async waitFor(match: string | ((line: ConsoleLine) => boolean), timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    const matches = typeof match === 'string' ? (line: ConsoleLine) => line.text === match : match;
    if (this.lines.some(matches)) return;
    await new Promise<void>((resolve, reject) => {
      const wake = () => {
        if (!this.lines.some(matches)) return;
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(wake);
        reject(
          new Error(`console line ${String(match)} not printed within ${timeoutMs} ms; console so far:\n${JSON.stringify(this.lines, null, 2)}`),
        );
      }, timeoutMs);
      this.#waiters.add(wake);
    });
  }
}

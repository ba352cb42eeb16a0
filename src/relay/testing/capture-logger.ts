import type { RelayLogger } from '../relay-logger.js';

/** A RelayLogger that keeps every line, for assertions on what the relay logged (and did not). */
export class CaptureLogger implements RelayLogger {
  readonly lines: string[] = [];

  info(message: string): void {
    this.lines.push(`info ${message}`);
  }

  warn(message: string): void {
    this.lines.push(`warn ${message}`);
  }

  error(message: string): void {
    this.lines.push(`error ${message}`);
  }

  /** The lines that contain `text`. */
  matching(text: string): string[] {
    return this.lines.filter((line) => line.includes(text));
  }
}

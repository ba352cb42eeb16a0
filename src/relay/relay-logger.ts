import { singleLine } from './single-line.js';

/**
 * Where the relay reports what it does (info), what it refuses (warn, always with the
 * reason) and what broke (error). The relay never passes it the token, a key
 * password, header values, or a URL's query or credentials. Every message is one line
 * (see singleLineLogger), whatever an error's text held.
 */
export interface RelayLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const PREFIX = '[ohos-netkit relay]';

export const consoleLogger: RelayLogger = {
  info: (message) => console.log(`${PREFIX} ${message}`),
  warn: (message) => console.warn(`${PREFIX} ${message}`),
  error: (message) => console.error(`${PREFIX} ${message}`),
};

/**
 * `logger`, given every message as one line (singleLine). The relay logs error messages
 * it did not write (OpenSSL's end in a newline, a stack has many lines): one event, one
 * line, so that a log stays readable and greppable and no text can forge a line of its own.
 */
export function singleLineLogger(logger: RelayLogger): RelayLogger {
  return {
    info: (message) => logger.info(singleLine(message)),
    warn: (message) => logger.warn(singleLine(message)),
    error: (message) => logger.error(singleLine(message)),
  };
}

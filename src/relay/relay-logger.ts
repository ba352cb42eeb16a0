/**
 * Where the relay reports what it does (info), what it refuses (warn, always with the
 * reason) and what broke (error). The relay never passes it the token, a key
 * password, header values, or a URL's query or credentials.
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

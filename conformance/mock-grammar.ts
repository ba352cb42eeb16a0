import { Server, WebSocket as MockWebSocket } from 'mock-socket';

/** The origin the mock wire's cases connect to, and one where nothing listens. */
export const MOCK_SERVER = 'ws://mock.test';
export const MOCK_REFUSED = 'ws://refused.mock.test';
export const MOCK_SILENT = 'ws://silent.mock.test';

type MockSocket = Parameters<Parameters<Server['on']>[1]>[0] & {
  send(data: string | ArrayBuffer): void;
  close(options?: { code?: number; reason?: string }): void;
  on(event: 'message', listener: (data: string | ArrayBuffer) => void): void;
};

/**
 * The paths of src/testing/upstream-server.ts's grammar that mock-socket can play:
 * /echo, /greet, /bye, /measure, /binary, /protocol (?none, ?pick), /close with a code,
 * /close-after-echo, /drop (?now), /refuse. A mock server cannot send a close frame
 * without a status, refuse with a status a client can read, send headers, redirect, or
 * stay silent, so cases that need those say `unsupported: { mock: … }`.
 */
function behave(socket: MockSocket, url: URL, offered: readonly string[]): void {
  const query = url.searchParams;
  const echo = (): void => socket.on('message', (data) => socket.send(data));
  const closeAsAsked = (): void => socket.close({ code: Number(query.get('code') ?? 1000), reason: query.get('reason') ?? '' });
  switch (url.pathname) {
    case '/echo':
      echo();
      return;
    case '/greet':
      socket.send(query.get('text') ?? '');
      echo();
      return;
    case '/bye':
      socket.on('message', (data) => {
        socket.send(data);
        socket.send('bye');
      });
      return;
    case '/measure':
      socket.on('message', (data) =>
        socket.send(typeof data === 'string' ? `text:${new TextEncoder().encode(data).length}` : `binary:${data.byteLength}`),
      );
      return;
    case '/binary': {
      const size = Number(query.get('size') ?? 0);
      socket.send(Uint8Array.from({ length: size }, (_, i) => i % 256).buffer);
      echo();
      return;
    }
    case '/protocol':
      socket.send(JSON.stringify(offered));
      echo();
      return;
    case '/close':
      closeAsAsked();
      return;
    case '/close-after-echo':
      socket.on('message', (data) => {
        socket.send(data);
        closeAsAsked();
      });
      return;
    case '/drop':
      // 1006: the connection ended without a close frame.
      if (query.has('now')) {
        socket.close({ code: 1006 });
        return;
      }
      socket.on('message', (data) => {
        if (data === 'drop') socket.close({ code: 1006 });
        else socket.send(data);
      });
      return;
    default:
      return;
  }
}

/**
 * A mock network for the mock wire: globalThis.WebSocket becomes a mock-socket client
 * that finds (or starts) the mock server for its exact URL, which plays the grammar's
 * path. Returns a function that restores the real global and stops every server.
 */
export function installMockGrammar(): () => void {
  const servers = new Map<string, Server>();
  const ensureServer = (address: string): void => {
    const url = new URL(address);
    if (url.origin !== MOCK_SERVER || servers.has(address)) return;
    let offered: readonly string[] = [];
    const server = new Server(address, {
      mock: false,
      // /refuse: the handshake fails; the client sees an error and no open.
      verifyClient: () => url.pathname !== '/refuse',
      selectProtocol: (protocols: string[]) => {
        offered = protocols;
        if (url.pathname === '/protocol' && url.searchParams.has('none')) return '';
        const pick = url.pathname === '/protocol' ? url.searchParams.get('pick') : null;
        return pick ?? protocols[0] ?? '';
      },
    } as ConstructorParameters<typeof Server>[1]);
    server.on('connection', (socket) => behave(socket as MockSocket, url, offered));
    servers.set(address, server);
  };
  class GrammarWebSocket extends MockWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      ensureServer(String(url));
      super(url, protocols);
    }
  }
  const original = globalThis.WebSocket;
  globalThis.WebSocket = GrammarWebSocket as unknown as typeof WebSocket;
  return () => {
    globalThis.WebSocket = original;
    for (const server of servers.values()) server.stop();
    servers.clear();
  };
}

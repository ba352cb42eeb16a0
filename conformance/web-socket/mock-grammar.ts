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
 * /echo, /greet, /bye, /measure, /binary, /protocol (?none, ?pick), /close (without a
 * code: the 1005 a page sees of a close frame without a status), /close-raw (the code
 * as a page sees it), /close-after-echo, /drop (?now; the 1006 a page sees of a drop),
 * /refuse. A mock server cannot refuse with a status a client can read, send headers,
 * redirect, or stay silent, so cases that need those say `unsupported: { mock: … }`.
 */
function behave(socket: MockSocket, url: URL, offered: readonly string[]): void {
  const query = url.searchParams;
  const echo = (): void => socket.on('message', (data) => socket.send(data));
  // Without `code` the server's close frame carries no status: a page sees 1005.
  const closeAsAsked = (): void => socket.close({ code: Number(query.get('code') ?? 1005), reason: query.get('reason') ?? '' });
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
    case '/close-raw':
      // Any code, as a page sees it: a browser reports the code of the frame as it came.
      socket.close({ code: Number(query.get('code')), reason: 'raw' });
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
 *
 * mock-socket finds a server by the URL without its query, while the grammar's queries
 * choose what the server does (/close?code=1001 and /close?code=4000 are two servers):
 * so a URL with a query connects to its own server, at an address that carries the
 * query in its path (the app never sees that address).
 */
export function installMockGrammar(): () => void {
  const servers = new Map<string, Server>();
  /** The mock-socket address for `address`, its server started on first use. */
  const route = (address: string): string => {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      return address; // mock-socket refuses it as a browser would.
    }
    if (url.origin !== MOCK_SERVER) return address;
    const routed = url.search === '' ? url.href : `${url.origin}${url.pathname}/${encodeURIComponent(url.search)}`;
    if (servers.has(routed)) return routed;
    let offered: readonly string[] = [];
    const server = new Server(routed, {
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
    servers.set(routed, server);
    return routed;
  };
  class GrammarWebSocket extends MockWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(route(String(url)), protocols);
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

/**
 * The seed examples the preview offers (every file of examples/: the preview's test
 * checks it), where each comes from, and how the page prepares one for the editor.
 */

export interface Seed {
  /** The document, as a reader would look it up. */
  title: string;
  /** Its group in the example list. */
  group: string;
}

export const SEEDS = {
  guide: { title: 'OpenHarmony guide “使用WebSocket访问网络” (Using WebSocket to access the network, zh-cn)', group: 'Guide' },
  reference: { title: 'OpenHarmony API reference “@ohos.net.webSocket (WebSocket Connection)” (en)', group: 'API reference' },
  overview: { title: 'OpenHarmony netstack overview “Net Stack” (the netstack repository’s README, zh-cn)', group: 'Netstack overview' },
  // Not a seed: what the seeds lack (a streamed download, http and webSocket together), written for the preview.
  own: { title: 'ohos-netkit’s own examples', group: 'ohos-netkit’s own' },
} as const satisfies Record<string, Seed>;

export interface Example {
  file: string;
  title: string;
  seed: keyof typeof SEEDS;
  /** The section of the seed the code is from. */
  section: string;
  /** What running it shows, for those that do not talk to a server. */
  note?: string;
  /** A server example: the client example the preview runs against it once it listens. */
  companion?: string;
}

const never = 'It never connects:';

export const EXAMPLES: readonly Example[] = [
  { file: 'guide-client-complete.ts', title: 'Guide: complete client example', seed: 'guide', section: '客户端完整示例 (complete client example)' },
  {
    file: 'guide-client-steps.ts',
    title: 'Guide: client development steps',
    seed: 'guide',
    section: 'client端开发步骤 (client development steps 1–4; the step markers are ours)',
  },
  {
    file: 'guide-server-complete.ts',
    title: 'Guide: complete server example',
    seed: 'guide',
    section: 'server端完整示例 (complete server example)',
    note: "It listens through the preview's relay; once it does, the preview runs the guide's complete client example against it, so the log shows both sides.",
    companion: 'guide-client-complete.ts',
  },
  {
    file: 'guide-server-steps.ts',
    title: 'Guide: server development steps',
    seed: 'guide',
    section: 'server端开发步骤 (server development steps 1–6; the step markers are ours)',
    note: "It listens through the preview's relay; once it does, the preview runs the guide's complete client example against it, so the log shows both sides.",
    companion: 'guide-client-complete.ts',
  },
  {
    file: 'api-examples.ts',
    title: 'API reference: module example (header, proxy, protocol)',
    seed: 'reference',
    section: 'Examples (the module overview)',
  },
  {
    file: 'api-module-import.ts',
    title: 'API reference: modules to import',
    seed: 'reference',
    section: 'Modules to Import',
    note: 'Only the import: running it makes no client and prints nothing.',
  },
  {
    file: 'api-create-web-socket.ts',
    title: 'API reference: webSocket.createWebSocket()',
    seed: 'reference',
    section: 'webSocket.createWebSocket (the reference’s import line put in front)',
    note: `${never} it only creates a client, ws#1 in the timeline.`,
  },
  { file: 'api-connect-callback.ts', title: 'API reference: connect(url, callback)', seed: 'reference', section: 'connect, connect(url, callback)' },
  {
    file: 'api-connect-options-callback.ts',
    title: 'API reference: connect(url, options, callback)',
    seed: 'reference',
    section: 'connect, connect(url, options, callback)',
    note: 'Its options variable stays undefined: the device answers connect(url, undefined, callback) with 401.',
  },
  {
    file: 'api-connect-promise.ts',
    title: 'API reference: connect(url) promise',
    seed: 'reference',
    section: 'connect, connect(url, options?): Promise',
  },
  { file: 'api-send-callback.ts', title: 'API reference: send(data, callback)', seed: 'reference', section: 'send, send(data, callback)' },
  { file: 'api-send-promise.ts', title: 'API reference: send(data) promise', seed: 'reference', section: 'send, send(data): Promise' },
  {
    file: 'api-close-callback.ts',
    title: 'API reference: close(callback)',
    seed: 'reference',
    section: 'close, close(callback)',
    note: 'It closes a client that never connected: the device answers with 2302999.',
  },
  {
    file: 'api-close-options-callback.ts',
    title: 'API reference: close(options, callback)',
    seed: 'reference',
    section: 'close, close(options, callback)',
    note: 'Its options variable stays undefined: the device answers close(undefined, callback) with 401.',
  },
  {
    file: 'api-close-promise.ts',
    title: 'API reference: close() promise',
    seed: 'reference',
    section: 'close, close(options?): Promise',
    note: 'It closes a client that never connected: the promise rejects with 2302999.',
  },
  ...(
    [
      ['open', 'on-open', 'on', 'registers an open listener (nothing will call it)'],
      ['open', 'off-open', 'off', 'registers an open listener and removes that one again'],
      ['message', 'on-message', 'on', 'registers a message listener (nothing will call it)'],
      ['message', 'off-message', 'off', 'removes every message listener (there are none)'],
      ['close', 'on-close', 'on', 'registers a close listener (nothing will call it)'],
      ['close', 'off-close', 'off', 'removes every close listener (there are none)'],
      ['error', 'on-error', 'on', 'registers an error listener (nothing will call it)'],
      ['error', 'off-error', 'off', 'removes every error listener (there are none)'],
      ['dataEnd', 'on-data-end', 'on', 'registers a dataEnd listener (nothing will call it)'],
      ['dataEnd', 'off-data-end', 'off', 'removes every dataEnd listener (there are none)'],
      ['headerReceive', 'on-header-receive', 'on', 'registers a headerReceive listener (nothing will call it)'],
      ['headerReceive', 'off-header-receive', 'off', 'removes every headerReceive listener (there are none)'],
    ] as const
  ).map(([type, name, method, shows]): Example => ({
    file: `api-${name}.ts`,
    title: `API reference: ${method}('${type}')`,
    seed: 'reference',
    section: `${method}('${type}')`,
    note: `${never} it ${shows}; the timeline shows the calls, and nothing is printed.`,
  })),
  {
    file: 'overview-http-request.ts',
    title: 'Netstack overview: http request(url, callback)',
    seed: 'overview',
    section: 'Http接口说明 (http interfaces), 示例 (example)',
    note: "Its scheme-less address, www.example.com, is the preview's local HTTP server here (scheme-less too: the device takes it as http://, HTTP §4).",
  },
  {
    file: 'http-stream-download.ts',
    title: 'http: a download with requestInStream and its progress',
    seed: 'own',
    section: 'requestInStream with headersReceive, dataReceive, dataReceiveProgress and dataEnd',
  },
  {
    file: 'http-with-web-socket.ts',
    title: 'http and webSocket together',
    seed: 'own',
    section: 'an HTTP answer sent over a WebSocket and echoed',
  },
];

/** One placeholder of the seed and what the preview put in its place. */
export interface Filled {
  line: number;
  seed: string;
  local: string;
  what: string;
}

export interface Prepared {
  text: string;
  filled: Filled[];
}

export interface LocalServers {
  echoUrl: string;
  proxy: { host: string; port: number };
  /** The local HTTP server's host:port, scheme-less as the http seed's address (absent in code kept before it existed). */
  httpHost?: string;
}

/**
 * An example file as the editor shows it: without its leading comment block (notes for
 * this repository: where the file comes from, how the test suite uses it; the page
 * shows where it comes from above the editor instead), with the seed's placeholder
 * addresses replaced by the preview's local servers. Nothing else changes.
 */
export function prepare(source: string, servers: LocalServers): Prepared {
  const lines = source.split('\n');
  let start = 0;
  while (start < lines.length && /^\s*\/\//.test(lines[start]!)) start += 1;
  if (start > 0) while (start < lines.length && lines[start]!.trim() === '') start += 1;
  let text = lines.slice(start).join('\n');
  const filled: Filled[] = [];
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  text = text.replace(/(=\s*)"ws:\/\/"/, (match, assign: string, offset: number) => {
    const local = JSON.stringify(servers.echoUrl);
    filled.push({ line: lineOf(offset), seed: '"ws://"', local, what: 'the preview’s echo server (echoes each message, then sends "bye")' });
    return assign + local;
  });
  text = text.replace(/host: '192\.168\.0\.150',(\s*)port: 8888/, (match, space: string, offset: number) => {
    const { host, port } = servers.proxy;
    filled.push({ line: lineOf(offset), seed: "'192.168.0.150':8888", local: `'${host}':${port}`, what: 'the preview’s HTTP CONNECT proxy' });
    return `host: '${host}',${space}port: ${port}`;
  });
  const { httpHost } = servers;
  if (httpHost !== undefined) {
    // The seed's scheme-less "www.example.com", and our examples' http://www.example.com/…: the host only changes.
    text = text.replace(/(["'])(http:\/\/)?www\.example\.com/g, (match, quote: string, scheme: string | undefined, offset: number) => {
      const local = `${quote}${scheme ?? ''}${httpHost}`;
      filled.push({
        line: lineOf(offset),
        seed: `${match}${match.startsWith(quote + 'http') ? '…' : quote}`,
        local: `${local}${scheme === undefined ? quote : '…'}`,
        what: 'the preview’s local HTTP server (answers with a short JSON; /download with 256 KiB)',
      });
      return local;
    });
  }
  return { text, filled };
}

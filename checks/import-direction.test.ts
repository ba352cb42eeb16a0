import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));

/**
 * Where code runs decides what it may import (README, Layout). Each room of src/, by
 * path prefix (the longest matching wins), with where it runs and the rooms and
 * packages it may import. Tests (*.test.ts) and test helpers (testing/) of a room may
 * also import the shared test infrastructure and test-only packages.
 *
 * A namespace of @kit.NetworkKit (NAMESPACES) has the same rooms as every other, the
 * ones it needs: `core` (isomorphic, the device's rules), `browser` (the page's wires),
 * `node` (Node's wires), `engine` (Node: the device's connection on the wire) and
 * `relay` (Node: its operations in the dev relay). The shared rooms serve every
 * namespace and know none: src/core (isomorphic), src/protocol (isomorphic: the relay
 * leg's rules), src/page-relay (browser: the page's end of a leg), src/net (Node) and
 * src/relay (Node: the relay itself). Which namespaces
 * a relay carries is decided in src/entries/relay.
 */
interface Room {
  readonly runs: 'isomorphic' | 'browser' | 'node';
  readonly imports: readonly string[];
  readonly packages?: readonly string[];
}

/** The rooms of one namespace, `src/<name>/{core,browser,node,engine,relay}`; `engine` adds its packages. */
function namespaceRooms(name: string, enginePackages: readonly string[]): Record<string, Room> {
  const room = (part: string): string => `src/${name}/${part}`;
  return {
    [room('core')]: { runs: 'isomorphic', imports: [room('core'), 'src/core', 'src/protocol'] },
    [room('browser')]: { runs: 'browser', imports: [room('browser'), room('core'), 'src/page-relay', 'src/core', 'src/protocol'] },
    [room('engine')]: { runs: 'node', imports: [room('engine'), room('core'), 'src/net', 'src/core', 'src/protocol'], packages: enginePackages },
    [room('node')]: { runs: 'node', imports: [room('node'), room('engine'), room('core'), 'src/net', 'src/core', 'src/protocol'] },
    [room('relay')]: {
      runs: 'node',
      imports: [room('relay'), room('engine'), room('core'), 'src/relay', 'src/net', 'src/core', 'src/protocol'],
      packages: ['ws'],
    },
  };
}

const ROOMS: Readonly<Record<string, Room>> = {
  'src/core': { runs: 'isomorphic', imports: ['src/core'] },
  'src/protocol': { runs: 'isomorphic', imports: ['src/protocol', 'src/core'] },
  'src/net': { runs: 'node', imports: ['src/net', 'src/core'], packages: ['ipaddr.js'] },
  // The frames of a WebSocket (every relay leg's, every upstream's): the one part of src/net on ws.
  'src/net/ws-frames': { runs: 'node', imports: ['src/net', 'src/core'], packages: ['ws'] },
  'src/relay': { runs: 'node', imports: ['src/relay', 'src/net', 'src/core', 'src/protocol'], packages: ['ws'] },
  // The page's end of a relay leg (opening it, the diagnostic side channel), for every namespace's page side.
  'src/page-relay': { runs: 'browser', imports: ['src/page-relay', 'src/core', 'src/protocol'] },
  ...namespaceRooms('web-socket', ['ws']),
  ...namespaceRooms('http', ['undici', 'tough-cookie']),
  'src/entries/basic-services-kit.ts': { runs: 'isomorphic', imports: ['src/core'] },
  'src/entries/browser': {
    runs: 'browser',
    imports: ['src/entries/browser', 'src/web-socket/browser', 'src/web-socket/core', 'src/http/browser', 'src/http/core', 'src/core'],
  },
  'src/entries/node': {
    runs: 'node',
    imports: ['src/entries/node', 'src/web-socket/node', 'src/web-socket/core', 'src/http/node', 'src/http/core', 'src/core'],
  },
  // The relay's entries (ohos-netkit/relay, the ohos-netkit command): which namespaces a relay carries.
  'src/entries/relay': { runs: 'node', imports: ['src/entries/relay', 'src/relay', 'src/web-socket/relay', 'src/http/relay', 'src/net', 'src/core'] },
  'src/plugins': { runs: 'node', imports: ['src/plugins', 'src/entries/relay', 'src/core'] },
  'src/playwright': { runs: 'node', imports: ['src/playwright', 'src/entries/relay', 'src/core'], packages: ['@playwright/test'] },
  'src/testing': { runs: 'node', imports: ['src/testing', 'src/net', 'src/web-socket/engine', 'src/core', 'src/protocol'], packages: ['ws'] },
};

/** What tests and test helpers may import besides their room's own allowance. */
const TEST_IMPORTS = ['src/testing', 'src/relay', 'src/net', 'src/web-socket', 'src/core', 'src/protocol', 'src/entries', 'checks', 'types'];
const TEST_PACKAGES = ['ws', 'mock-socket', 'typescript', '@playwright/test'];

/** The namespaces of @kit.NetworkKit: one may not import another's internals. */
const NAMESPACES = ['src/web-socket', 'src/http'];

function roomOf(path: string): [string, Room] | undefined {
  const matches = Object.keys(ROOMS).filter((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  const prefix = matches.sort((a, b) => b.length - a.length)[0];
  return prefix === undefined ? undefined : [prefix, ROOMS[prefix]!];
}

const within = (path: string, prefixes: readonly string[]): boolean => prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/** Every import of a TypeScript source: static, type-only, re-exports and dynamic import(). */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm)) found.push(match[1]!);
  for (const match of source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) found.push(match[1]!);
  for (const match of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1]!);
  return found;
}

interface Problem {
  readonly file: string;
  readonly imported: string;
  readonly why: string;
}

function problemsOf(file: string, source: string): Problem[] {
  const room = roomOf(file);
  if (room === undefined) return [{ file, imported: '', why: 'the file is in no room of the layout (add it to ROOMS)' }];
  const [prefix, { runs, imports, packages = [] }] = room;
  const isTest = file.endsWith('.test.ts') || file.includes('/testing/');
  const problems: Problem[] = [];
  for (const imported of importsOf(source)) {
    if (imported.startsWith('.')) {
      const target = relative(REPO, normalize(join(REPO, dirname(file), imported)))
        .replace(/\.js$/, '.ts')
        .replace(/\.d\.ts$/, '.d.ts');
      if (target.startsWith('types/')) continue;
      const ownNamespace = NAMESPACES.find((namespace) => within(file, [namespace]));
      const otherNamespace =
        ownNamespace === undefined ? undefined : NAMESPACES.find((namespace) => namespace !== ownNamespace && within(target, [namespace]));
      if (otherNamespace !== undefined) problems.push({ file, imported, why: `a namespace may not import another's internals (${otherNamespace})` });
      else if (!within(target, imports) && !(isTest && within(target, TEST_IMPORTS))) {
        problems.push({ file, imported, why: `${prefix} (${runs}) may import ${imports.join(', ')}; not ${target}` });
      }
    } else if (imported.startsWith('node:')) {
      if (runs !== 'node' && !isTest) problems.push({ file, imported, why: `${runs} code imports Node code` });
    } else {
      const name = imported.startsWith('@') ? imported.split('/').slice(0, 2).join('/') : imported.split('/')[0]!;
      if (!packages.includes(name) && !(isTest && TEST_PACKAGES.includes(name))) {
        problems.push({
          file,
          imported,
          why: runs === 'node' ? `${prefix} may not use the package ${name}` : `${runs} code imports the package ${name}`,
        });
      }
    }
  }
  return problems;
}

describe('imports go one way: isomorphic ← browser, isomorphic ← Node, never across', () => {
  it('every file of src/ imports only what its room allows', () => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'src'], { cwd: REPO, encoding: 'utf8' })
      .split('\n')
      .filter((file) => file.endsWith('.ts'));
    assert.ok(files.length > 50, 'found the sources');
    const problems = files.flatMap((file) => problemsOf(file, readFileSync(join(REPO, file), 'utf8')));
    assert.deepEqual(
      problems.map(({ file, imported, why }) => `${file}: '${imported}': ${why}`),
      [],
    );
  });

  it('catches what it is for (the check itself)', () => {
    const cases: ReadonlyArray<readonly [file: string, source: string, expected: RegExp | undefined]> = [
      ['src/web-socket/browser/x.ts', "import { readFile } from 'node:fs';", /browser code imports Node code/],
      ['src/web-socket/browser/x.ts', "import WebSocket from 'ws';", /imports the package ws/],
      ['src/web-socket/browser/x.ts', "import { UpstreamSession } from '../engine/upstream-session.js';", /may import/],
      ['src/core/x.ts', "import { KitWebSocket } from '../web-socket/core/kit-web-socket.js';", /may import/],
      ['src/core/x.ts', "const { connectRelay } = await import('../relay/index.js');", /may import/],
      ['src/web-socket/core/x.ts', "export { getConfig } from '../browser/choose-connector.js';", /may import/],
      ['src/web-socket/core/x.ts', "import type { X } from '../../http/core/y.js';", /another's internals/],
      ['src/relay/x.ts', "import { parse } from 'some-package';", /may not use the package some-package/],
      ['src/net/x.ts', "import { createServer } from 'node:net';", undefined],
      ['src/web-socket/browser/x.test.ts', "import { Server } from 'mock-socket';", undefined],
      ['src/web-socket/core/x.ts', "import type { webSocket } from '../../../types/web-socket.js';", undefined],
      ['src/http/core/x.ts', "import { deviceError } from '../../core/business-error.js';", undefined],
      ['src/http/core/x.ts', "import { webSocketError } from '../../web-socket/core/error-codes.js';", /another's internals/],
      // http's core speaks the relay protocol (its relay messages), as webSocket's does; Node's networking it may not touch.
      ['src/http/core/x.ts', "import { MAX_REQUEST_BYTES } from '../../protocol/relay-protocol.js';", undefined],
      ['src/http/core/x.ts', "import { OutboundGuard } from '../../net/outbound-policy.js';", /may import/],
      ['src/http/core/x.ts', "import { request } from 'node:http';", /isomorphic code imports Node code/],
      // The relay and the protocol serve every namespace and know none of them.
      ['src/relay/x.ts', "import { connectOperation } from '../web-socket/relay/connect-handler.js';", /may import/],
      ['src/relay/x.ts', "import { MAX_SEND_BYTES } from '../web-socket/core/device-limits.js';", /may import/],
      ['src/relay/x.ts', "import type { FrameSink } from '../net/ws-frames/frame-pipe.js';", undefined],
      ['src/protocol/x.ts', "import type { ConnectOptions } from '../web-socket/core/request-options.js';", /may import/],
      ['src/protocol/x.ts', "import type { X } from '../http/core/y.js';", /may import/],
      // A namespace's relay operations: on the relay's terms, never on another namespace's.
      ['src/web-socket/relay/x.ts', "import type { LegOperation } from '../../relay/leg-operation.js';", undefined],
      ['src/http/relay/x.ts', "import type { LegOperation } from '../../relay/leg-operation.js';", undefined],
      ['src/http/relay/x.ts', "import { HostedServers } from '../../web-socket/relay/hosted-servers.js';", /another's internals/],
      // Which namespaces a relay carries is the composition's choice, not the relay's.
      ['src/entries/relay/x.ts', "import { WebSocketRelayRoom } from '../../web-socket/relay/web-socket-room.js';", undefined],
      ['src/plugins/x.ts', "import { WebSocketRelayRoom } from '../web-socket/relay/web-socket-room.js';", /may import/],
      ['src/net/ws-frames/x.ts', "import WebSocket from 'ws';", undefined],
      ['src/net/x.ts', "import WebSocket from 'ws';", /may not use the package ws/],
      // The page's end of a relay leg serves every namespace's page side and knows none.
      ['src/http/browser/x.ts', "import { openRelayLeg } from '../../page-relay/open-relay-leg.js';", undefined],
      ['src/web-socket/browser/x.ts', "import { reportDiagnostic } from '../../page-relay/report-diagnostic.js';", undefined],
      ['src/page-relay/x.ts', "import { MAX_CLOSE_REASON_BYTES } from '../web-socket/core/device-limits.js';", /may import/],
      ['src/page-relay/x.ts', "import { readFile } from 'node:fs';", /browser code imports Node code/],
      ['src/core/x.ts', "import { openRelayLeg } from '../page-relay/open-relay-leg.js';", /may import/],
      ['src/http/core/x.ts', "import { reportDiagnostic } from '../../page-relay/report-diagnostic.js';", /may import/],
    ];
    for (const [file, source, expected] of cases) {
      const problems = problemsOf(file, source);
      if (expected === undefined) assert.deepEqual(problems, [], `${file}: ${source}`);
      else assert.match(problems.map((problem) => problem.why).join('\n'), expected, `${file}: ${source}`);
    }
  });
});

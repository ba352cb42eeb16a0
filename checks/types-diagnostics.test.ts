// What the compiler says about a listener that does not fit its event, with TypeScript 5.9
// and 7: the error must be at the listener and name the type the event delivers, not
// blame the event name for not being the last event declared.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { COMPILERS, compile, makeApp, type App } from './typescript-app.js';

// One misuse a line, so that each diagnostic can be told apart by its line. Every
// callback starts at the same column, which the diagnostic must point at.
const BAD_PROGRAM = [
  "import { webSocket } from '@kit.NetworkKit';",
  'const ws = webSocket.createWebSocket();',
  'const server = webSocket.createWebSocketServer();',
  "ws.on('message',            (err, value: number) => {});",
  "server.on('messageReceive', (message: string) => {});",
  "ws.off('close',             (err, result: string) => {});",
  "ws.on('foo',                () => {});",
].join('\n');
const CALLBACK_COLUMN = "ws.on('message',            ".length + 1;

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'bundler',
    types: ['ohos-netkit/ambient'],
    strict: true,
    noEmit: true,
  },
  files: ['bad.ts'],
});

interface Diagnostic {
  line: number;
  column: number;
  /** The first line and the indented lines under it, as printed. */
  text: string;
}

/** Splits `tsc --pretty false` output into its diagnostics for `file`. */
function diagnosticsOf(output: string, file: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  const head = new RegExp(`^${file.replace('.', '\\.')}\\((\\d+),(\\d+)\\): error TS\\d+: `);
  for (const line of output.split(/\r?\n/)) {
    const match = head.exec(line);
    if (match) found.push({ line: Number(match[1]), column: Number(match[2]), text: line });
    else if (/^\s/.test(line) && found.length > 0) found[found.length - 1]!.text += `\n${line}`;
  }
  return found;
}

let app: App;
before(async () => {
  app = await makeApp({ 'tsconfig.json': TSCONFIG, 'bad.ts': BAD_PROGRAM });
});
after(async () => {
  await app?.remove();
});

for (const compiler of COMPILERS) {
  describe(compiler.name, { timeout: 120_000 }, () => {
    let diagnostics: Diagnostic[];
    before(async () => {
      const { code, output } = await compile(compiler, app.dir);
      assert.notEqual(code, 0, `the bad program compiled:\n${output}`);
      diagnostics = diagnosticsOf(output, 'bad.ts');
      assert.ok(diagnostics.length > 0, `no diagnostics for bad.ts in:\n${output}`);
    });

    /** The one diagnostic of a line of BAD_PROGRAM (1-based). */
    function on(line: number): Diagnostic {
      const here = diagnostics.filter((d) => d.line === line);
      assert.equal(here.length, 1, `expected one diagnostic on line ${line}, got:\n${diagnostics.map((d) => d.text).join('\n')}`);
      return here[0]!;
    }

    test("a 'message' listener taking a number: the error is the listener's, and names string | ArrayBuffer", () => {
      const { column, text } = on(4);
      assert.equal(column, CALLBACK_COLUMN, text);
      assert.match(text, /'number'/);
      assert.match(text, /'string \| ArrayBuffer'/);
      assert.doesNotMatch(text, /"headerReceive"/);
      assert.doesNotMatch(text, /No overload matches/);
    });

    test("a server 'messageReceive' listener taking a string: the error names WebSocketMessage", () => {
      const { column, text } = on(5);
      assert.equal(column, CALLBACK_COLUMN, text);
      assert.match(text, /'WebSocketMessage'/);
      assert.match(text, /'string'/);
      assert.doesNotMatch(text, /"error"/);
      assert.doesNotMatch(text, /No overload matches/);
    });

    test("off() checks its listener the same way: a 'close' listener taking a string names CloseResult", () => {
      const { column, text } = on(6);
      assert.equal(column, CALLBACK_COLUMN, text);
      assert.match(text, /'CloseResult'/);
      assert.doesNotMatch(text, /"headerReceive"/);
    });

    test('an unknown event name is still an error, at the name', () => {
      const { column, text } = on(7);
      assert.equal(column, 'ws.on('.length + 1, text);
      assert.match(text, /'"foo"'/);
    });
  });
}

/**
 * The preview's checker, in a worker so that typing never waits for it: TypeScript's
 * language service over an in-memory file system holding the code in the editor, the
 * lib files it needs (fetched from /typescript/) and ohos-netkit's declarations
 * (fetched from /types/, every file of it: http.d.ts too), so that '@kit.NetworkKit',
 * '@kit.BasicServicesKit', '@ohos.net.webSocket' and '@ohos.net.http' resolve as in an
 * app that references `ohos-netkit/ambient`. The same service answers the editor's
 * questions (language-queries.ts): completions, hover and signature help. Built as a
 * classic script (importScripts needs one).
 */
import type * as TS from 'typescript';
import { COMPILER_OPTIONS, type CheckRequest, type CheckResponse, type Problem } from './check-protocol.js';
import { answerQuery } from './language-queries.js';

declare const ts: typeof TS;
declare function importScripts(...urls: string[]): void;
const scope = self as unknown as {
  postMessage(message: CheckResponse): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<CheckRequest>) => void): void;
};

importScripts('/typescript/typescript.js');
/** The worker's clock: when TypeScript's compiler had loaded (the largest part of getting ready). */
const typescriptLoaded = performance.now();

/** The editor's code, one module of its own. */
const MAIN = '/app/main.ts';
const LIB_DIR = '/lib/';
const TYPES_DIR = '/types/';

const converted = ts.convertCompilerOptionsFromJson(COMPILER_OPTIONS, '/app');
if (converted.errors.length > 0) {
  throw new Error(`the preview's compiler options: ${converted.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')).join('; ')}`);
}
const options: TS.CompilerOptions = {
  ...converted.options,
  noEmit: true,
  // Our declarations are checked by `npm run typecheck`; here only the code in the editor.
  skipLibCheck: true,
  // No @typescript/lib-* packages to look for: the lib files are the ones fetched.
  libReplacement: false,
  // The ambient modules re-export 'ohos-netkit' and 'ohos-netkit/…', as an installed
  // package's exports map would resolve them.
  paths: { 'ohos-netkit': [`${TYPES_DIR}index.d.ts`], 'ohos-netkit/*': [`${TYPES_DIR}*.d.ts`] },
};

/** path → text of every file but MAIN. */
const files = new Map<string, string>();
const snapshots = new Map<string, TS.IScriptSnapshot>();
let text = '';
let version = 0;

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
  return response.text();
}

async function load(path: string, url: string): Promise<void> {
  files.set(path, await fetchText(url));
}

const host: TS.LanguageServiceHost = {
  getScriptFileNames: () => [MAIN, `${TYPES_DIR}ambient.d.ts`],
  getScriptVersion: (name) => (name === MAIN ? String(version) : '0'),
  getScriptSnapshot(name) {
    if (name === MAIN) return ts.ScriptSnapshot.fromString(text);
    let snapshot = snapshots.get(name);
    const source = files.get(name);
    if (snapshot === undefined && source !== undefined) {
      snapshot = ts.ScriptSnapshot.fromString(source);
      snapshots.set(name, snapshot);
    }
    return snapshot;
  },
  getCurrentDirectory: () => '/app',
  getCompilationSettings: () => options,
  getDefaultLibFileName: (settings) => LIB_DIR + ts.getDefaultLibFileName(settings),
  fileExists: (name) => name === MAIN || files.has(name),
  readFile: (name) => (name === MAIN ? text : files.get(name)),
  directoryExists: (dir) => ['/', '/app', '/lib', '/types'].includes(dir.replace(/\/$/, '') || '/'),
  getDirectories: () => [],
};

/** The editor's code is what the service sees: a new version only when it changed, so that questions about the same text reuse its program. */
function holdText(next: string): void {
  if (next === text) return;
  text = next;
  version += 1;
}

let service: TS.LanguageService | undefined;
let ready: Promise<void> | undefined;

function problemsOf(): Problem[] {
  const program = service!.getProgram()!;
  const source = program.getSourceFile(MAIN)!;
  const diagnostics = [
    ...service!.getCompilerOptionsDiagnostics(),
    ...service!.getSyntacticDiagnostics(MAIN),
    ...service!.getSemanticDiagnostics(MAIN),
  ];
  return diagnostics
    .map((diagnostic): Problem => {
      // A diagnostic of no file (a lib that failed to load, …) is shown at 1:1.
      const from = diagnostic.file === source ? (diagnostic.start ?? 0) : 0;
      const to = diagnostic.file === source ? from + (diagnostic.length ?? 0) : 0;
      const { line, character } = source.getLineAndCharacterOfPosition(from);
      return {
        from,
        to,
        line: line + 1,
        column: character + 1,
        message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
        code: diagnostic.code,
        severity: diagnostic.category === ts.DiagnosticCategory.Error ? 'error' : 'warning',
      };
    })
    .sort((a, b) => a.from - b.from || a.code - b.code);
}

/** Types stripped as Run has always done: transpileModule, one file, nothing checked. */
function emit(source: string): string {
  return ts.transpileModule(source, {
    fileName: 'main.ts',
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
}

scope.addEventListener('message', ({ data: request }) => {
  if (request.type === 'init') {
    ready = (async () => {
      const filesStarted = performance.now();
      // A lib the list lacks shows as a problem of the code ("Cannot find lib file…"), not silently.
      await Promise.all([
        ...request.libs.map((name) => load(LIB_DIR + name, `/typescript/${name}`)),
        ...request.types.map((name) => load(TYPES_DIR + name, TYPES_DIR + name)),
      ]);
      const filesLoaded = performance.now();
      service = ts.createLanguageService(host, ts.createDocumentRegistry());
      // Built now, on an empty file, so that the first check of the editor's code does not
      // parse every lib file and set up the type checker first: once ready, a check is quick.
      service.getSemanticDiagnostics(MAIN);
      scope.postMessage({
        type: 'ready',
        timings: {
          typescript: Math.round(typescriptLoaded),
          files: Math.round(filesLoaded - filesStarted),
          program: Math.round(performance.now() - filesLoaded),
        },
      });
    })();
    ready.catch((error: unknown) => scope.postMessage({ type: 'init-failed', message: String(error instanceof Error ? error.message : error) }));
    return;
  }
  const { id } = request;
  void (async () => {
    try {
      if (ready === undefined) throw new Error('the checker was asked to check before init');
      await ready;
      const started = performance.now();
      holdText(request.text);
      if (request.type === 'query') {
        scope.postMessage({ type: 'answer', id, answer: answerQuery(ts, service!, MAIN, request) });
        return;
      }
      const problems = problemsOf();
      const response: CheckResponse = { type: 'checked', id, problems, ms: Math.round(performance.now() - started) };
      if (request.emit) response.js = emit(request.text);
      scope.postMessage(response);
    } catch (error) {
      scope.postMessage({ type: 'failed', id, message: String(error instanceof Error ? error.message : error) });
    }
  })();
});

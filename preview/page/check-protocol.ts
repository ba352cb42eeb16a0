/**
 * What the page and its checker worker (check-worker.ts) say to each other, and the
 * compiler options the preview checks the code with.
 */

/**
 * The preview's compiler options, as they would stand in a tsconfig.json: the seed
 * examples are ArkTS-flavoured TypeScript written against the device SDK, and every one
 * of them compiles cleanly under these.
 * - strict, but for two checks that ArkTS code written for the SDK does not meet:
 *   - strictNullChecks: the reference's connect/close examples pass an `options`
 *     typed `… | undefined` where the signature takes none (the device answers 401);
 *   - useUnknownInCatchVariables: the guide reads `error.code` in `catch (error)`.
 * - ES2022 modules (the guide's server steps use top-level await), every file a module
 *   as every ArkTS file is, compiled one file at a time as Run does.
 * - The browser's lib (console comes from DOM) and no @types packages: the kits come from
 *   ohos-netkit's declarations (types/ambient.d.ts and the files it re-exports).
 */
export const COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'ESNext',
  moduleResolution: 'Bundler',
  moduleDetection: 'force',
  lib: ['ES2022', 'DOM'],
  types: [],
  strict: true,
  strictNullChecks: false,
  useUnknownInCatchVariables: false,
  isolatedModules: true,
} as const;

/** A diagnostic of the code in the editor, with TypeScript's own message. */
export interface Problem {
  /** Offsets into the text that was checked. */
  from: number;
  to: number;
  /** 1-based, as editors and tsc print them. */
  line: number;
  column: number;
  message: string;
  /** TypeScript's error number (2304 for TS2304). */
  code: number;
  severity: 'error' | 'warning';
}

/** The files the checker compiles against, as the server lists them. */
export interface CheckerFiles {
  /** TypeScript's lib files (lib.es2022.d.ts, …: COMPILER_OPTIONS.lib and the libs they reference), under /typescript/. */
  libs: readonly string[];
  /** ohos-netkit's declarations (ambient.d.ts and the files it re-exports), under /types/. */
  types: readonly string[];
}

/** Text shown by the language service: a signature or a type, and its TSDoc. */
export interface Documented {
  /** The declaration as TypeScript prints it (`function createWebSocket(): WebSocket`). */
  signature: string;
  /** The TSDoc comment's text. */
  doc: string;
  /** Its block tags, `@since 6`, `@param url - …`, as `{ name: 'since', text: '6' }`. */
  tags: { name: string; text: string }[];
}

/** One completion the language service offers. */
export interface CompletionItem {
  name: string;
  /** TypeScript's ScriptElementKind ('method', 'property', 'module', 'string', …). */
  kind: string;
  sortText: string;
  /** What to insert instead of `name`, when it differs. */
  insertText?: string;
  /** The span the completion replaces, when TypeScript gives one (inside a string). */
  replace?: { from: number; to: number };
  /** Handed back to ask for the entry's details. */
  source?: string;
  data?: unknown;
}

export interface Completions {
  /** Where the word being completed starts, if TypeScript knows (else the editor finds the word). */
  from?: number;
  items: CompletionItem[];
}

/** Signature help: the overloads of the call the cursor is in, and where in it. */
export interface SignatureHelp {
  /** Where the call's argument list starts (the tooltip stays there while the cursor is inside). */
  applicableFrom: number;
  selected: number;
  argumentIndex: number;
  signatures: {
    /** The signature, cut into text, with the parameter being typed marked by `active` in `parameters`. */
    prefix: string;
    parameters: { text: string; doc: string }[];
    separator: string;
    suffix: string;
    doc: string;
  }[];
}

/**
 * What the editor asks the language service, beside the checks: each query with what it
 * asks (`ask`, positions are offsets into the text sent with it) and what it answers.
 */
export interface LanguageQueries {
  completions: { ask: { pos: number; explicit: boolean; trigger?: string }; answer: Completions | undefined };
  completionDetails: { ask: { pos: number; name: string; source?: string; data?: unknown }; answer: Documented | undefined };
  quickInfo: { ask: { pos: number }; answer: (Documented & { from: number; to: number }) | undefined };
  signatureHelp: { ask: { pos: number; trigger?: string }; answer: SignatureHelp | undefined };
}

export type LanguageQuery = keyof LanguageQueries;

export type CheckRequest =
  /** First message: what to load. */
  | ({ type: 'init' } & CheckerFiles)
  /** Check `text`; with `emit`, also strip its types for Run (transpileModule). */
  | { type: 'check'; id: number; text: string; emit: boolean }
  /** A question of the editor about `text` (completions, hover, signature help). */
  | { [K in LanguageQuery]: { type: 'query'; id: number; text: string; query: K; ask: LanguageQueries[K]['ask'] } }[LanguageQuery];

/** How long the checker took to get ready, in ms, phase by phase (measured in the worker). */
export interface CheckerTimings {
  /** From the worker's start until TypeScript's compiler (typescript.js) had loaded. */
  typescript: number;
  /** Then until the lib files and our declarations had been fetched. */
  files: number;
  /** Then until the language service had built its program and its type checker. */
  program: number;
}

export type CheckResponse =
  /** Answers `init` once the checker can check at once: TypeScript, its files and its program loaded. */
  | { type: 'ready'; timings: CheckerTimings }
  /** Answers `init` when the checker cannot load (a lib file did not load, …). */
  | { type: 'init-failed'; message: string }
  | { type: 'checked'; id: number; problems: Problem[]; js?: string; ms: number }
  /** Answers a `query`. */
  | { type: 'answer'; id: number; answer: LanguageQueries[LanguageQuery]['answer'] }
  /** The checker itself failed (a lib file did not load, …): nothing could be checked. */
  | { type: 'failed'; id: number; message: string };

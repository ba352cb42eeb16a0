/**
 * What the editor learns from TypeScript's language service (in the checker's worker,
 * against ohos-netkit's declarations): completions with their TSDoc, hover with the
 * type and TSDoc of what is under the pointer, and signature help inside a call's
 * parentheses. Each asks the worker about the text as it is; an answer about a text
 * that has changed since is dropped.
 */
import {
  autocompletion,
  closeCompletion,
  completionStatus,
  type Completion,
  type CompletionContext,
  type CompletionResult,
} from '@codemirror/autocomplete';
import { Prec, StateEffect, StateField, type Extension } from '@codemirror/state';
import { EditorView, hoverTooltip, keymap, showTooltip, ViewPlugin, type Tooltip, type ViewUpdate } from '@codemirror/view';
import type { CompletionItem, Documented, LanguageQueries, LanguageQuery, SignatureHelp } from './check-protocol.js';

/** The part of the checker the editor asks (checker.ts). */
export interface LanguageService {
  ask<K extends LanguageQuery>(query: K, text: string, ask: LanguageQueries[K]['ask']): Promise<LanguageQueries[K]['answer']>;
}

/** TypeScript's kinds (ScriptElementKind) → CodeMirror's completion icons. */
const ICONS: Record<string, string> = {
  method: 'method',
  function: 'function',
  'local function': 'function',
  constructor: 'function',
  property: 'property',
  getter: 'property',
  setter: 'property',
  var: 'variable',
  let: 'variable',
  const: 'constant',
  'local var': 'variable',
  parameter: 'variable',
  alias: 'variable',
  class: 'class',
  interface: 'interface',
  type: 'type',
  enum: 'enum',
  'enum member': 'enum',
  module: 'namespace',
  'external module name': 'namespace',
  keyword: 'keyword',
  string: 'text',
};

/** Characters after which TypeScript offers completions without a word typed yet. */
const TRIGGERS = new Set(['.', '"', "'", '`', '/', '@', '<', '#', ' ']);

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** TSDoc as written wraps its lines at the source's width: one line break is a space, a blank line a new paragraph. */
const unwrap = (text: string) => text.replace(/([^\n])\n(?!\n)/g, '$1 ');

/** A declaration and its TSDoc, as hover and completion details show them. */
export function renderDocumented(documented: Documented): HTMLElement {
  const root = element('div', 'ts-doc');
  if (documented.signature !== '') root.append(element('pre', 'ts-signature', documented.signature));
  if (documented.doc !== '') root.append(element('p', 'ts-text', unwrap(documented.doc)));
  if (documented.tags.length > 0) {
    const tags = element('ul', 'ts-tags');
    for (const tag of documented.tags) {
      const item = element('li', 'ts-tag');
      item.append(element('span', 'ts-tag-name', `@${tag.name}`), tag.text === '' ? '' : ` ${unwrap(tag.text)}`);
      tags.append(item);
    }
    root.append(tags);
  }
  return root;
}

const boostOf = (sortText: string) => Math.max(-99, Math.min(99, -(Number.parseInt(sortText, 10) || 0)));

function completionSource(service: LanguageService) {
  return async (context: CompletionContext): Promise<CompletionResult | null> => {
    const word = context.matchBefore(/[\w$]*/);
    const before = context.state.sliceDoc(context.pos - 1, context.pos);
    const trigger = TRIGGERS.has(before) ? before : undefined;
    if (!context.explicit && (word === null || word.from === word.to) && trigger === undefined) return null;
    // A space completes only after `new`, `import`, … (TypeScript decides): not after every word typed.
    if (
      !context.explicit &&
      trigger === ' ' &&
      !/\b(new|import|from|extends|implements|typeof|keyof|as)\s$/.test(context.state.sliceDoc(Math.max(0, context.pos - 12), context.pos))
    )
      return null;
    const text = context.state.doc.toString();
    const answer = await service.ask('completions', text, {
      pos: context.pos,
      explicit: context.explicit,
      ...(trigger === undefined ? {} : { trigger }),
    });
    // Keys typed while the service worked are not a reason to drop the answer: CodeMirror
    // holds them while this query runs, maps the result through them and keeps it as long
    // as validFor matches (or asks again). Dropping it left a fast typist with no list at
    // all, since no query followed the last key.
    if (answer === undefined || answer.items.length === 0 || context.aborted) return null;
    const inString = answer.items.some((item) => item.replace !== undefined) || answer.from !== undefined;
    const from = answer.from ?? answer.items.find((item) => item.replace !== undefined)?.replace?.from ?? word?.from ?? context.pos;
    const options = answer.items.map((item: CompletionItem): Completion => ({
      label: item.name,
      type: ICONS[item.kind] ?? 'variable',
      boost: boostOf(item.sortText),
      ...(item.insertText === undefined ? {} : { apply: item.insertText }),
      info: async () => {
        const details = await service.ask('completionDetails', text, {
          pos: context.pos,
          name: item.name,
          ...(item.source === undefined ? {} : { source: item.source }),
          ...(item.data === undefined ? {} : { data: item.data }),
        });
        return details === undefined ? null : renderDocumented(details);
      },
    }));
    return { from, options, validFor: inString ? /^[\w$.@/-]*$/ : /^[\w$]*$/ };
  };
}

function hover(service: LanguageService): Extension {
  return hoverTooltip(
    async (view, pos): Promise<Tooltip | null> => {
      const text = view.state.doc.toString();
      const answer = await service.ask('quickInfo', text, { pos });
      if (answer === undefined || view.state.doc.toString() !== text) return null;
      return { pos: answer.from, end: answer.to, above: true, create: () => ({ dom: renderDocumented(answer) }) };
    },
    { hoverTime: 250 },
  );
}

// ——— signature help ———

const setSignature = StateEffect.define<{ help: SignatureHelp; pos: number } | null>();

function renderSignature(help: SignatureHelp): HTMLElement {
  const root = element('div', 'ts-doc ts-signature-help');
  const signature = help.signatures[help.selected] ?? help.signatures[0];
  if (signature === undefined) return root;
  const line = element('pre', 'ts-signature');
  line.append(signature.prefix);
  signature.parameters.forEach((parameter, index) => {
    if (index > 0) line.append(signature.separator);
    line.append(index === help.argumentIndex ? element('strong', 'ts-active-parameter', parameter.text) : parameter.text);
  });
  line.append(signature.suffix);
  root.append(line);
  if (help.signatures.length > 1) root.append(element('p', 'ts-overloads', `overload ${help.selected + 1} of ${help.signatures.length}`));
  const active = signature.parameters[help.argumentIndex];
  if (active !== undefined && active.doc !== '') root.append(element('p', 'ts-text', unwrap(active.doc)));
  else if (signature.doc !== '') root.append(element('p', 'ts-text', unwrap(signature.doc)));
  return root;
}

const signatureField = StateField.define<Tooltip | null>({
  create: () => null,
  update(tooltip, transaction) {
    for (const effect of transaction.effects) {
      if (effect.is(setSignature)) {
        const shown = effect.value;
        return shown === null ? null : { pos: shown.pos, above: true, strictSide: false, create: () => ({ dom: renderSignature(shown.help) }) };
      }
    }
    if (tooltip !== null && transaction.docChanged) return { ...tooltip, pos: transaction.changes.mapPos(tooltip.pos) };
    return tooltip;
  },
  provide: (field) => showTooltip.from(field),
});

function signatureHelp(service: LanguageService): Extension {
  /** The latest question: an answer to an older one, or one that comes after Escape closed the help, is dropped. */
  let latest = 0;
  const ask = async (view: EditorView, trigger: string | undefined) => {
    const mine = ++latest;
    const text = view.state.doc.toString();
    const pos = view.state.selection.main.head;
    const help = await service.ask('signatureHelp', text, { pos, ...(trigger === undefined ? {} : { trigger }) });
    if (mine !== latest || view.state.doc.toString() !== text || view.state.selection.main.head !== pos) return;
    const open = view.state.field(signatureField) !== null;
    if (help === undefined || help.signatures.length === 0) {
      if (open) view.dispatch({ effects: setSignature.of(null) });
      return;
    }
    view.dispatch({ effects: setSignature.of({ help, pos }) });
  };
  /** The character just typed before the cursor, when the update is typing (closeBrackets types "()" at once). */
  const typed = (update: ViewUpdate): string | undefined => {
    if (!update.docChanged || !update.transactions.some((transaction) => transaction.isUserEvent('input'))) return undefined;
    const head = update.state.selection.main.head;
    return update.state.sliceDoc(Math.max(0, head - 1), head);
  };
  const plugin = ViewPlugin.fromClass(
    class {
      update(update: ViewUpdate) {
        if (!update.docChanged && !update.selectionSet) return;
        const char = typed(update);
        const open = update.state.field(signatureField) !== null;
        if (char === '(' || char === ',' || char === '<') void ask(update.view, char);
        else if (open) void ask(update.view, undefined);
      }
    },
  );
  return [
    signatureField,
    plugin,
    // Ahead of the completion's keymap (the same precedence, and languageFeatures puts this
    // first): Escape closes what shows, the help and any completion list with it (on screen,
    // or still waiting for TypeScript, e.g. right after a space is typed), so that one key
    // always closes the help, however the list's timing falls on a busy machine.
    Prec.highest(
      keymap.of([
        { key: 'Mod-Shift-Space', run: (view) => (void ask(view, undefined), true) },
        {
          key: 'Escape',
          run: (view) => {
            // A question still out would open it again: Escape answers it too.
            latest += 1;
            // Without help on screen, a list is the completion's own Escape's to close.
            if (view.state.field(signatureField) === null) return false;
            if (completionStatus(view.state) !== null) closeCompletion(view);
            view.dispatch({ effects: setSignature.of(null) });
            return true;
          },
        },
      ]),
    ),
  ];
}

/** Completions (Ctrl+Space, or as you type), hover and signature help from `service`. */
export function languageFeatures(service: LanguageService): Extension {
  return [
    // First: its Escape goes before the completion's (see there).
    signatureHelp(service),
    // Enter takes the highlighted completion whenever a list shows, as in the playgrounds people
    // know (CodeMirror ignores it for 75 ms after the list opens by default).
    autocompletion({ override: [completionSource(service)], icons: true, closeOnBlur: true, interactionDelay: 0 }),
    hover(service),
  ];
}

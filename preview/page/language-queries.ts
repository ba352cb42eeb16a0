/**
 * The editor's questions to TypeScript's language service (in the checker's worker):
 * completions and their details, hover (quick info) and signature help, answered from
 * the same program that checks the code, so against ohos-netkit's own declarations and
 * their TSDoc. Plain data goes back to the page (check-protocol.ts).
 */
import type * as TS from 'typescript';
import type { CheckRequest, CompletionItem, Documented, LanguageQueries, LanguageQuery, SignatureHelp } from './check-protocol.js';

type Query = Extract<CheckRequest, { type: 'query' }>;

/** Most completions a list shows: TypeScript offers every global at an empty position. */
const MAX_COMPLETIONS = 400;

const PREFERENCES: TS.UserPreferences = {
  includeCompletionsWithInsertText: true,
  includeCompletionsWithSnippetText: false,
  includeCompletionsForModuleExports: false,
  includeAutomaticOptionalChainCompletions: true,
  quotePreference: 'single',
};

const FORMAT: TS.FormatCodeSettings = { indentSize: 2, tabSize: 2, convertTabsToSpaces: true };

export function answerQuery(ts: typeof TS, service: TS.LanguageService, file: string, request: Query): LanguageQueries[LanguageQuery]['answer'] {
  const text = (parts: readonly TS.SymbolDisplayPart[] | undefined) => ts.displayPartsToString(parts as TS.SymbolDisplayPart[] | undefined);
  const documented = (
    display: readonly TS.SymbolDisplayPart[] | undefined,
    doc: readonly TS.SymbolDisplayPart[] | undefined,
    tags: readonly TS.JSDocTagInfo[] | undefined,
  ): Documented => ({
    signature: text(display),
    doc: text(doc),
    tags: (tags ?? []).map((tag) => ({ name: tag.name, text: text(tag.text) })),
  });

  switch (request.query) {
    case 'completions': {
      const { pos, explicit, trigger } = request.ask;
      const found = service.getCompletionsAtPosition(file, pos, {
        ...PREFERENCES,
        triggerKind: explicit ? ts.CompletionTriggerKind.Invoked : ts.CompletionTriggerKind.TriggerCharacter,
        ...(trigger === undefined ? {} : { triggerCharacter: trigger as TS.CompletionsTriggerCharacter }),
      });
      if (found === undefined) return undefined;
      const items = found.entries.slice(0, MAX_COMPLETIONS).map((entry): CompletionItem => {
        const item: CompletionItem = { name: entry.name, kind: entry.kind, sortText: entry.sortText };
        if (entry.insertText !== undefined && entry.insertText !== entry.name) item.insertText = entry.insertText;
        if (entry.replacementSpan !== undefined) {
          item.replace = { from: entry.replacementSpan.start, to: entry.replacementSpan.start + entry.replacementSpan.length };
        }
        if (entry.source !== undefined) item.source = entry.source;
        if (entry.data !== undefined) item.data = entry.data;
        return item;
      });
      return found.optionalReplacementSpan === undefined ? { items } : { from: found.optionalReplacementSpan.start, items };
    }
    case 'completionDetails': {
      const { pos, name, source, data } = request.ask;
      const details = service.getCompletionEntryDetails(file, pos, name, FORMAT, source, PREFERENCES, data as TS.CompletionEntryData | undefined);
      return details === undefined ? undefined : documented(details.displayParts, details.documentation, details.tags);
    }
    case 'quickInfo': {
      const info = service.getQuickInfoAtPosition(file, request.ask.pos);
      if (info === undefined) return undefined;
      return {
        ...documented(info.displayParts, info.documentation, info.tags),
        from: info.textSpan.start,
        to: info.textSpan.start + info.textSpan.length,
      };
    }
    case 'signatureHelp': {
      const { pos, trigger } = request.ask;
      const reason: TS.SignatureHelpTriggerReason =
        trigger === undefined ? { kind: 'invoked' } : { kind: 'characterTyped', triggerCharacter: trigger as TS.SignatureHelpTriggerCharacter };
      const help = service.getSignatureHelpItems(file, pos, { triggerReason: reason });
      if (help === undefined) return undefined;
      const answer: SignatureHelp = {
        applicableFrom: help.applicableSpan.start,
        selected: help.selectedItemIndex,
        argumentIndex: help.argumentIndex,
        signatures: help.items.map((item) => ({
          prefix: text(item.prefixDisplayParts),
          parameters: item.parameters.map((parameter) => ({ text: text(parameter.displayParts), doc: text(parameter.documentation) })),
          separator: text(item.separatorDisplayParts),
          suffix: text(item.suffixDisplayParts),
          doc: text(item.documentation),
        })),
      };
      return answer;
    }
  }
}

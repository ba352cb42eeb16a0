/**
 * The preview's code editor: CodeMirror 6 with TypeScript highlighting, the checker's
 * markers, and what the language service knows (editor-language.ts): completions,
 * hover, signature help. Ctrl/Cmd+Enter runs.
 */
import { javascript } from '@codemirror/lang-javascript';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorSelection, EditorState, Prec } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import type { Problem } from './check-protocol.js';
import { languageFeatures, type LanguageService } from './editor-language.js';

export interface Editor {
  readonly view: EditorView;
  text(): string;
  /** Replaces the whole document (and its undo history): a newly chosen example. */
  load(text: string): void;
  /** Replaces the whole document as an edit, which Ctrl+Z undoes (reset to the seed). */
  replace(text: string): void;
  /** Shows the checker's problems as markers, if `text` is still what the editor holds. */
  showProblems(text: string, problems: readonly Problem[]): void;
  /** Puts the cursor at a problem and scrolls to it. */
  reveal(problem: Problem): void;
}

export interface EditorHooks {
  /** The text changed. */
  onChange(): void;
  /** Ctrl/Cmd+Enter. */
  onRun(): void;
  /** What completions, hover and signature help ask. */
  language: LanguageService;
}

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-gutters': { background: '#f6f7f9', borderRight: '1px solid #e4e7ec', color: '#6b7280' },
  // Where the keyboard is, visibly (the page's other controls have the same ring). On :focus-within, not
  // CodeMirror's .cm-focused: that class comes a timer after the focus (10 ms, longer on a busy machine), and the
  // ring should be there the moment the editor has the keyboard.
  '&.cm-focused, &:focus-within': { outline: '2px solid var(--focus)', outlineOffset: '-2px' },
  '.cm-tooltip': { maxWidth: 'min(560px, 90vw)' },
  '.cm-tooltip.cm-completionInfo': { maxWidth: 'min(420px, 60vw)' },
});

export function createEditor(parent: HTMLElement, hooks: EditorHooks): Editor {
  const extensions = [
    // Before basicSetup's keymap, which gives Mod-Enter to "insert a blank line".
    Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (hooks.onRun(), true) }])),
    // Before basicSetup too: its completion keymap (as high as ours) would take Escape to
    // close a completion list and leave the signature help open; ours closes both.
    languageFeatures(hooks.language),
    basicSetup,
    javascript({ typescript: true }),
    lintGutter(),
    theme,
    EditorView.contentAttributes.of({ 'aria-label': 'ArkTS source (Ctrl+Enter runs, Ctrl+Space completes, Escape then Tab leaves)' }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) hooks.onChange();
    }),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ extensions }) });
  return {
    view,
    text: () => view.state.doc.toString(),
    load(text) {
      view.setState(EditorState.create({ doc: text, extensions }));
    },
    replace(text) {
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: text },
        selection: EditorSelection.cursor(0),
        userEvent: 'input.reset',
      });
    },
    showProblems(text, problems) {
      if (view.state.doc.toString() !== text) return;
      const length = view.state.doc.length;
      const diagnostics = problems.map((problem): Diagnostic => ({
        from: Math.min(problem.from, length),
        to: Math.min(problem.to, length),
        severity: problem.severity,
        source: `TS${problem.code}`,
        message: problem.message,
      }));
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    reveal(problem) {
      const at = Math.min(problem.from, view.state.doc.length);
      view.dispatch({ selection: EditorSelection.cursor(at), effects: EditorView.scrollIntoView(at, { y: 'center' }) });
      view.focus();
    },
  };
}

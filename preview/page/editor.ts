/** The preview's code editor: CodeMirror 6 with TypeScript highlighting and the checker's markers. */
import { javascript } from '@codemirror/lang-javascript';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorSelection, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import type { Problem } from './check-protocol.js';

export interface Editor {
  readonly view: EditorView;
  text(): string;
  /** Replaces the whole document (and its undo history): a newly chosen example. */
  load(text: string): void;
  /** Shows the checker's problems as markers, if `text` is still what the editor holds. */
  showProblems(text: string, problems: readonly Problem[]): void;
  /** Puts the cursor at a problem and scrolls to it. */
  reveal(problem: Problem): void;
}

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px' },
  '.cm-scroller': { fontFamily: 'ui-monospace, Menlo, Consolas, monospace', lineHeight: '1.5' },
  '.cm-gutters': { background: '#f6f7f9', borderRight: '1px solid #e4e7ec', color: '#8a909c' },
  '&.cm-focused': { outline: 'none' },
});

export function createEditor(parent: HTMLElement, onChange: () => void): Editor {
  const extensions = [
    basicSetup,
    javascript({ typescript: true }),
    lintGutter(),
    theme,
    EditorView.contentAttributes.of({ 'aria-label': 'ArkTS source' }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) onChange();
    }),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ extensions }) });
  return {
    view,
    text: () => view.state.doc.toString(),
    load(text) {
      view.setState(EditorState.create({ doc: text, extensions }));
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

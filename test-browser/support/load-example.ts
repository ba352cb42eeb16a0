/**
 * Turns an example from examples/ into a module script the harness page can run:
 * the placeholders the seed itself contains (the bare "ws://" address, the proxy
 * 192.168.0.150:8888) are swapped for loopback servers, then TypeScript's type
 * annotations are stripped. Nothing else in the example changes.
 */
import { readFile } from 'node:fs/promises';
import ts from 'typescript';

const EXAMPLES = new URL('../../examples/', import.meta.url);

/** One literal of the example source (quotes included) and its stand-in. */
export type Replacement = readonly [literal: string, standIn: string];

export async function loadExample(name: string, replacements: readonly Replacement[]): Promise<string> {
  let source = await readFile(new URL(`${name}.ts`, EXAMPLES), 'utf8');
  for (const [literal, standIn] of replacements) {
    // Exactly once: a placeholder that vanished or doubled means the example changed,
    // and a replacement that silently did nothing could send traffic off the machine.
    const count = source.split(literal).length - 1;
    if (count !== 1) throw new Error(`examples/${name}.ts contains ${literal} ${count} times, expected exactly once`);
    source = source.replace(literal, () => standIn);
  }
  const { outputText, diagnostics } = ts.transpileModule(source, {
    fileName: `${name}.ts`,
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  if (diagnostics !== undefined && diagnostics.length > 0) {
    throw new Error(`examples/${name}.ts: ${ts.flattenDiagnosticMessageText(diagnostics[0]?.messageText ?? '', '\n')}`);
  }
  return outputText;
}

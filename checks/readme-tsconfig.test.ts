// The README's tsconfig (section "Types") does what it says: copied verbatim into an app
// that has ohos-netkit installed, it compiles every seed example with TypeScript 5.9 and
// with 7. And types/tsconfig.readme.json, which npm run typecheck compiles the type tests
// with, has the same options.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import ts from 'typescript';
import { readmeSnippets } from '../test-browser/support/readme-snippet.js';
import { COMPILERS, compile, makeApp, repoFile, type App } from './typescript-app.js';

const [SNIPPET = ''] = readmeSnippets('### Types', 'jsonc');

/** A tsconfig's text as JSON, comments allowed as tsc allows them. */
function parseTsconfig(name: string, text: string): { compilerOptions: Record<string, unknown> } {
  const { config, error } = ts.parseConfigFileTextToJson(name, text);
  assert.equal(error, undefined, `${name} does not parse: ${ts.flattenDiagnosticMessageText(error?.messageText, '\n')}`);
  return config as { compilerOptions: Record<string, unknown> };
}

test("types/tsconfig.readme.json has the README snippet's options, but for `types` and `noEmit`", () => {
  const { types: readmeTypes, ...readme } = parseTsconfig('README.md', SNIPPET).compilerOptions;
  const { types: ourTypes, noEmit, ...ours } = parseTsconfig('tsconfig.readme.json', repoFile('types/tsconfig.readme.json')).compilerOptions;
  assert.deepEqual(ours, readme);
  assert.deepEqual(readmeTypes, ['ohos-netkit/ambient']);
  // In the repository the ambient file is listed instead: the package is not in its own node_modules.
  assert.deepEqual(ourTypes, []);
  assert.equal(noEmit, true);
});

let app: App;
before(async () => {
  const examples = readdirSync(new URL('../examples', import.meta.url)).filter((name) => name.endsWith('.ts'));
  assert.ok(examples.length > 20, `only ${examples.length} examples found`);
  app = await makeApp({
    'tsconfig.json': SNIPPET,
    ...Object.fromEntries(examples.map((name) => [name, repoFile(`examples/${name}`)])),
  });
});
after(async () => {
  await app?.remove();
});

for (const compiler of COMPILERS) {
  test(`${compiler.name} compiles every seed example with the README's tsconfig, installed`, { timeout: 120_000 }, async () => {
    // tsc -p with the snippet as the app's tsconfig.json: no `include`, so every .ts file of the folder.
    const { code, output } = await compile(compiler, app.dir);
    assert.equal(code, 0, output);
  });
}

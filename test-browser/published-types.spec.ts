import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { installPackedPackage, type InstalledPackage } from './support/installed-package.js';

// The package's declarations as a user gets them: `npm pack`, the tarball installed in a
// fresh project (support/installed-package.ts), and a consumer of every entry
// type-checked against it with TypeScript 5.9 and 7, `strict` and library checks on
// (`skipLibCheck: false`). Each consumer (test-browser/apps/consumers/<name>) has
// installed only what a user of its entries necessarily has: no @types/ws anywhere,
// Node's types only where the user's own tools need them. Needs `npm run build`.

const REPO = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const require = createRequire(import.meta.url);
/** Each compiler by its path: both packages install a `tsc` binary (see scripts/typecheck.mjs). */
const COMPILERS = {
  'TypeScript 5.9': join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc'),
  'TypeScript 7': join(dirname(require.resolve('typescript-7/package.json')), 'bin', 'tsc'),
};

interface Consumer {
  /** Its directory under test-browser/apps/consumers. */
  name: string;
  /** The entries it imports. */
  entries: string[];
  /** What it has installed besides ohos-netkit (linked from this repository's node_modules). */
  has: string[];
}

const CONSUMERS: Consumer[] = [
  {
    name: 'web-app',
    entries: ['ohos-netkit', 'ohos-netkit/config', 'ohos-netkit/basic-services-kit', 'ohos-netkit/ohos.net.webSocket', 'ohos-netkit/ohos.net.http'],
    has: [],
  },
  { name: 'ambient', entries: ['ohos-netkit/ambient'], has: [] },
  { name: 'relay', entries: ['ohos-netkit/relay'], has: ['@types/node'] },
  // Vite's own declarations import Node's: a Vite project that type-checks has @types/node.
  { name: 'plugin-vite', entries: ['ohos-netkit/plugin'], has: ['vite', '@types/node'] },
  // Rollup's do not, and the plugin's must not either.
  { name: 'plugin-rollup', entries: ['ohos-netkit/plugin'], has: ['rollup'] },
  // Playwright's import Node's too.
  { name: 'playwright', entries: ['ohos-netkit/playwright'], has: ['@playwright/test', '@types/node'] },
];

/**
 * What each bundled declaration file of a Node-only entry may import: only packages every
 * user of the entry has (Node's built-ins stand for @types/node), never a module of ours.
 */
const ALLOWED_IMPORTS: Record<string, (specifier: string) => boolean> = {
  'dist/types/relay.d.ts': (specifier) => specifier.startsWith('node:'),
  'dist/types/plugin.d.ts': () => false,
  'dist/types/playwright.d.ts': (specifier) => specifier === '@playwright/test' || specifier.startsWith('node:'),
};

test.describe.configure({ mode: 'default', timeout: 90_000 });

let root: string;
let installed: InstalledPackage;
let packed: readonly string[];
test.beforeAll(async () => {
  test.setTimeout(120_000);
  root = await mkdtemp(join(tmpdir(), 'ohos-netkit-consumers-'));
  // ohos-netkit from the tarball, its dependency ws (code only: ws ships no declarations)
  // beside it, optional ones left out. Once, then copied into each consumer.
  installed = await installPackedPackage();
  packed = installed.packedFiles;
  for (const { name, has } of CONSUMERS) {
    const dir = join(root, name);
    await cp(join(REPO, 'test-browser/apps/consumers', name), dir, { recursive: true });
    await cp(join(installed.dir, 'node_modules'), join(dir, 'node_modules'), { recursive: true });
    // Beside it, in the same node_modules (a peer dependency resolves from ohos-netkit's own directory).
    for (const pkg of has) {
      await mkdir(dirname(join(dir, 'node_modules', pkg)), { recursive: true });
      await symlink(join(REPO, 'node_modules', pkg), join(dir, 'node_modules', pkg), 'dir');
    }
    // What the consumer lacks, checked too: were any of it visible, these lines would
    // compile, their @ts-expect-error would be unused, and the check would fail.
    const absent = [
      '// @ts-expect-error ws ships no declarations, and no consumer has @types/ws',
      "import type { WebSocket } from 'ws';",
      'export type { WebSocket };',
      ...(has.includes('@types/node') ? [] : ['// @ts-expect-error this consumer has no Node types', 'process.exitCode = 0;']),
    ];
    await writeFile(join(dir, 'absent.ts'), `${absent.join('\n')}\n`);
  }
});
test.afterAll(async () => {
  await Promise.all([rm(root, { recursive: true, force: true }), installed?.remove()]);
});

/** Type-checks the consumer's project; resolves with the compiler's exit code and what it printed. */
async function typeCheck(tsc: string, project: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [tsc, '-p', project], { cwd: dirname(project) });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

test('every entry with declarations has a consumer that imports it', async () => {
  const pkg = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  const typed = Object.entries(pkg.exports)
    .filter(([, target]) => typeof target === 'object' && target !== null && 'types' in target)
    .map(([key]) => (key === '.' ? 'ohos-netkit' : `ohos-netkit/${key.slice(2)}`));
  expect([...new Set(CONSUMERS.flatMap((consumer) => consumer.entries))].sort()).toEqual([...new Set(typed)].sort());
  for (const { name, entries } of CONSUMERS) {
    const dir = join(REPO, 'test-browser/apps/consumers', name);
    const files = await Promise.all((await readdir(dir)).map((file) => readFile(join(dir, file), 'utf8')));
    const quoted = (entry: string): RegExp => new RegExp(`['"]${entry.replaceAll('.', '\\.')}['"]`);
    for (const entry of entries)
      expect(
        files.some((text) => quoted(entry).test(text)),
        `${name} imports ${entry}`,
      ).toBe(true);
  }
});

test('the tarball holds the public declarations and no internal ones', async () => {
  const pkg = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { exports: Record<string, { types?: string }> };
  const declared = Object.values(pkg.exports).flatMap((target) =>
    typeof target === 'object' && target.types !== undefined ? [target.types.slice(2)] : [],
  );
  const declarations = packed.filter((path) => path.endsWith('.d.ts'));
  // The entries' files, and what the hand-written ones import (types/base.d.ts, and each namespace's: web-socket.d.ts, http.d.ts).
  expect(declarations).toEqual([...new Set([...declared, 'types/base.d.ts', 'types/web-socket.d.ts', 'types/http.d.ts'])].sort());
  for (const [file, allowed] of Object.entries(ALLOWED_IMPORTS)) {
    // Every consumer has the same copy.
    const text = await readFile(join(root, 'relay/node_modules/ohos-netkit', file), 'utf8');
    // Statements start a line; an example in a doc comment does not.
    const statements = [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]/gm)];
    const inline = [...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)];
    // A reference directive needs its package as much as an import does (`node` is Node's types).
    const references = [...text.matchAll(/^\/\/\/\s*<reference\s+types="([^"]+)"/gm)].map((match) =>
      match[1] === 'node' ? 'node:' : (match[1] ?? ''),
    );
    const specifiers = [...[...statements, ...inline].map((match) => match[1] ?? ''), ...references];
    expect(
      specifiers.filter((specifier) => !allowed(specifier)),
      `${file} imports only what its users have`,
    ).toEqual([]);
  }
});

for (const consumer of CONSUMERS) {
  test(`${consumer.entries.join(', ')}: the ${consumer.name} consumer type-checks with ${consumer.has.join(' and ') || 'nothing else'} installed`, async () => {
    const project = join(root, consumer.name, 'tsconfig.json');
    const results = await Promise.all(Object.entries(COMPILERS).map(async ([compiler, tsc]) => ({ compiler, ...(await typeCheck(tsc, project)) })));
    expect(results).toEqual(Object.keys(COMPILERS).map((compiler) => ({ compiler, code: 0, output: '' })));
  });
}

/**
 * What the browser entry costs an app: the built entry bundled with what it imports,
 * minified by terser, gzipped at level 9. All in memory.
 *
 * Two figures. The target is the entry as a page loads it when it imports
 * `ohos-netkit` (or, given names, what an app that imports only those names loads): the
 * entry and its static imports. The chunks behind dynamic imports
 * (the relay transport, loaded when a relay is configured; the server's argument
 * checks, loaded when a WebSocketServer method is first called) load only on that use,
 * so they are reported beside it, each on its own and all together.
 */
import terser from '@rollup/plugin-terser';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { rollup, type OutputChunk } from 'rollup';

export interface BundleSize {
  /** The entry and its static imports. */
  minifiedBytes: number;
  gzippedBytes: number;
  /** Everything, lazy chunks included, as one gzip stream. */
  allGzippedBytes: number;
  /** Each lazily loaded chunk: its name and gzipped size. */
  lazy: { name: string; gzippedBytes: number }[];
}

const gzip = (code: string): number => gzipSync(code, { level: 9 }).length;

/**
 * `imports`: measure an app that imports only these names from the entry (the entry's
 * other exports are shaken out, as the app's bundler would); without it, the whole entry.
 */
export async function measureBundleSize(entry: string, imports?: readonly string[]): Promise<BundleSize> {
  const app = '\0app';
  const bundle = await rollup({
    input: imports === undefined ? entry : app,
    plugins:
      imports === undefined
        ? []
        : [
            {
              name: 'app-importing-names',
              resolveId: (id) => (id === app ? app : undefined),
              load: (id) => (id === app ? `export { ${imports.join(', ')} } from ${JSON.stringify(resolve(entry))};` : undefined),
            },
          ],
    onwarn(warning, warn) {
      // The build already resolved everything; an unresolved import here would hide bytes from the figure.
      if (warning.code === 'UNRESOLVED_IMPORT') throw new Error(`${entry} imports ${warning.exporter ?? warning.id}`);
      warn(warning);
    },
  });
  try {
    const { output } = await bundle.generate({ format: 'es', plugins: [terser()] });
    const chunks = output.filter((file): file is OutputChunk => file.type === 'chunk');
    const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
    // The entry and, transitively, what it imports statically.
    const loaded = new Set<string>();
    const visit = (fileName: string): void => {
      if (loaded.has(fileName)) return;
      loaded.add(fileName);
      for (const imported of byName.get(fileName)?.imports ?? []) visit(imported);
    };
    for (const chunk of chunks) if (chunk.isEntry) visit(chunk.fileName);
    const eager = chunks
      .filter((chunk) => loaded.has(chunk.fileName))
      .map((chunk) => chunk.code)
      .join('');
    return {
      minifiedBytes: Buffer.byteLength(eager),
      gzippedBytes: gzip(eager),
      allGzippedBytes: gzip(chunks.map((chunk) => chunk.code).join('')),
      lazy: chunks.filter((chunk) => !loaded.has(chunk.fileName)).map((chunk) => ({ name: chunk.name, gzippedBytes: gzip(chunk.code) })),
    };
  } finally {
    await bundle.close();
  }
}

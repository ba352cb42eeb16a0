/**
 * What the browser entry costs an app: the built entry bundled with everything it
 * imports (its chunks), minified by terser, gzipped at level 9. All in memory.
 */
import terser from '@rollup/plugin-terser';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';

export interface BundleSize {
  minifiedBytes: number;
  gzippedBytes: number;
}

export async function measureBundleSize(entry: string): Promise<BundleSize> {
  const bundle = await rollup({
    input: entry,
    onwarn(warning, warn) {
      // The build already resolved everything; an unresolved import here would hide bytes from the figure.
      if (warning.code === 'UNRESOLVED_IMPORT') throw new Error(`${entry} imports ${warning.exporter ?? warning.id}`);
      warn(warning);
    },
  });
  try {
    const { output } = await bundle.generate({ format: 'es', plugins: [terser()] });
    const code = output
      .filter((file) => file.type === 'chunk')
      .map((chunk) => chunk.code)
      .join('');
    return { minifiedBytes: Buffer.byteLength(code), gzippedBytes: gzipSync(code, { level: 9 }).length };
  } finally {
    await bundle.close();
  }
}

// The README's plugin in a Rollup config.
import type { Plugin, RollupOptions } from 'rollup';
import networkKit from 'ohos-netkit/plugin';

const plugin: Plugin = networkKit({ relay: false });
const options: RollupOptions = {
  input: 'src/main.ts',
  output: { dir: 'dist', format: 'es' },
  plugins: [plugin, networkKit()],
};

export default options;

// The README's plugin, with its options, in a Vite config.
import { defineConfig } from 'vite';
import { networkKit, type NetworkKitPluginOptions } from 'ohos-netkit/plugin';

const options: NetworkKitPluginOptions = {
  relay: { sandboxDir: './app-files', outbound: { allowHosts: ['api.example.com'] } },
  config: { useRelay: 'always', strict: true },
};

export default defineConfig({
  plugins: [networkKit(options), networkKit({ relay: false }), networkKit({ config: { useRelay: 'auto' } })],
});

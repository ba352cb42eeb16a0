import type { CaseGroup } from '../../case.js';
import type { HttpInputs } from '../inputs.js';

const WRITE_ERROR = { code: 2300023, message: 'Failed to write the received data to the disk or application' };
const TIMEOUT = { code: 2300028, message: 'Operation timeout' };
const INTERNAL_ERROR = { code: 2300999, message: 'Internal error' };

/** maxLimit, readTimeout and destroy() (HTTP §7). */
export const LIMITS: CaseGroup<HttpInputs> = {
  section: 'limits and lifecycle (HTTP §7)',
  cases: [
    {
      title: 'maxLimit 1000: a body of 1000 bytes passes, 1001 is 2300023 after the header events (HTTP §7.1; §13.4 row 19)',
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        let headerEvents = 0;
        http.on('headersReceive', () => headerEvents++);
        const code = (promise: Promise<{ responseCode: number }>) =>
          promise.then(
            (response) => response.responseCode,
            (err: { code: number; message: string }) => ({ code: err.code, message: err.message }),
          );
        return {
          exact: await code(http.request(`${server}/bytes?size=1000`, { maxLimit: 1000 })),
          over: await code(http.request(`${server}/bytes?size=1001`, { maxLimit: 1000 })),
          headerEvents,
        };
      },
      expect: { exact: 200, over: WRITE_ERROR, headerEvents: 2 },
    },
    {
      title: 'the default maxLimit (5 MiB) fails a 6 MiB request() with 2300023; requestInStream takes it all (HTTP §7.1; §13.4 row 20)',
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        const url = `${server}/bytes?size=${6 * 1024 * 1024}`;
        const requested = await http.request(url).then(
          () => 'resolved',
          (err: { code: number }) => err.code,
        );
        let streamed = 0;
        http.on('dataReceive', (chunk: ArrayBuffer) => (streamed += chunk.byteLength));
        const status = await http.requestInStream(url);
        return { requested, status, streamed };
      },
      expect: { requested: 2300023, status: 200, streamed: 6 * 1024 * 1024 },
    },
    {
      title: 'readTimeout bounds the whole transfer: a body that trickles past it is 2300028 (HTTP §3, §7.2; §13.4 row 24)',
      run: async ({ server }) =>
        globalThis.kit.http
          .createHttp()
          .request(`${server}/slow?bytes=40&every=100`, { readTimeout: 1000 })
          .then(
            () => 'resolved',
            (err: { code: number; message: string }) => ({ code: err.code, message: err.message }),
          ),
      expect: TIMEOUT,
    },
    {
      title: 'destroy() during a slow body: the call still ends, with 2300023; a request after destroy() is 2300999 (HTTP §7.3; §13.4 row 29)',
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        const pending = http.requestInStream(`${server}/slow?bytes=50&every=50`);
        await new Promise<void>((resolve) => http.on('dataReceive', () => resolve()));
        http.destroy();
        const during = await pending.then(
          () => 'resolved',
          (err: { code: number; message: string }) => ({ code: err.code, message: err.message }),
        );
        const after = await http.request(`${server}/status`).then(
          () => 'resolved',
          (err: unknown) => err,
        );
        return { during, after };
      },
      expect: { during: WRITE_ERROR, after: INTERNAL_ERROR },
    },
  ],
};

import type { CaseGroup } from '../../case.js';
import { DIRECT_HTTP } from '../direct-differences.js';
import type { HttpInputs } from '../inputs.js';

/** Failures as the device's codes and messages (HTTP §9, curl's code + 2300000). */
export const FAILURES: CaseGroup<HttpInputs> = {
  section: 'failures (HTTP §9)',
  cases: [
    {
      title: 'a port where nothing listens is 2300007 "Failed to connect to the server", a plain object (HTTP §9; §13.4 row 26)',
      run: async ({ refused }) =>
        globalThis.kit.http
          .createHttp()
          .request(`${refused}/`)
          .then(
            () => 'resolved',
            (err: Record<string, unknown>) => ({ code: err.code, message: err.message, isError: err instanceof Error }),
          ),
      expect: { code: 2300007, message: 'Failed to connect to the server', isError: false },
    },
    {
      title: 'maxRedirects 0 makes a redirect 2300047 (HTTP §4, §9; §13.4 row 17)',
      run: async ({ server }) =>
        globalThis.kit.http
          .createHttp()
          .request(`${server}/redirect?to=%2Fstatus`, { maxRedirects: 0 })
          .then(
            () => 'resolved',
            (err: { code: number; message: string }) => ({ code: err.code, message: err.message }),
          ),
      expect: { code: 2300047, message: 'The number of redirections reaches the maximum allowed' },
    },
    {
      title: 'a server that answers nothing is 2300052; a body cut short is 2300018 (HTTP §9)',
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        const code = (path: string) =>
          http.request(`${server}${path}`).then(
            () => 'resolved',
            (err: { code: number }) => err.code,
          );
        return [await code('/empty-reply'), await code('/length-mismatch')];
      },
      expect: [2300052, 2300018],
      differs: { direct: { why: DIRECT_HTTP.failureCodes, expect: [2300007, 2300056] } },
    },
    {
      title: 'a scheme curl does not speak is 2300001 "Unsupported protocol" (HTTP §9)',
      run: async ({ server }) =>
        globalThis.kit.http
          .createHttp()
          .request(server.replace('http://', 'ftp://'))
          .then(
            () => 'resolved',
            (err: { code: number; message: string }) => ({ code: err.code, message: err.message }),
          ),
      expect: { code: 2300001, message: 'Unsupported protocol' },
    },
  ],
};

import type { CaseGroup } from '../../case.js';
import type { HttpInputs } from '../inputs.js';

/** The events of a transfer and their order (HTTP §6). */
export const EVENTS: CaseGroup<HttpInputs> = {
  section: 'events (HTTP §6)',
  cases: [
    {
      title:
        'requestInStream: header events, then dataReceive chunks adding up to the body, then dataEnd, then the status as its result (HTTP §6; §13.4 row 21)',
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        const order: string[] = [];
        let bytes = 0;
        http.on('headersReceive', () => order.push('headers'));
        http.on('dataReceive', (chunk: ArrayBuffer) => {
          if (order.at(-1) !== 'data') order.push('data');
          bytes += chunk.byteLength;
        });
        http.on('dataEnd', (...args: unknown[]) => order.push(`dataEnd(${args.length}:${String(args[0])})`));
        const status = await http.requestInStream(`${server}/bytes?size=102400`);
        order.push(`result ${String(status)}`);
        return { order, bytes };
      },
      expect: { order: ['headers', 'data', 'dataEnd(1:undefined)', 'result 200'], bytes: 102400 },
    },
    {
      title: 'request() fires no dataReceive, dataReceiveProgress or dataEnd (HTTP §6)',
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        const heard: string[] = [];
        for (const type of ['dataReceive', 'dataReceiveProgress', 'dataEnd']) http.on(type, () => heard.push(type));
        const response = await http.request(`${server}/bytes?size=1000`);
        return { heard, status: response.responseCode };
      },
      expect: { heard: [], status: 200 },
    },
    {
      title: 'dataReceiveProgress comes with a Content-Length, ending at the total; never for a chunked body (HTTP §6; §13.4 row 22)',
      run: async ({ server }) => {
        const progress = async (path: string) => {
          const http = globalThis.kit.http.createHttp();
          const seen: Array<[number, number]> = [];
          http.on('dataReceiveProgress', (info: { receiveSize: number; totalSize: number }) => seen.push([info.receiveSize, info.totalSize]));
          await http.requestInStream(`${server}${path}`);
          return { count: seen.length > 0 ? 'some' : 'none', last: seen.at(-1) ?? null };
        };
        return [await progress('/bytes?size=65536'), await progress('/bytes?size=65536&chunked')];
      },
      expect: [
        { count: 'some', last: [65536, 65536] },
        { count: 'none', last: null },
      ],
    },
    {
      title: 'dataSendProgress of a POST body is cumulative and ends at the total (HTTP §6; §13.4 row 23)',
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        const seen: Array<[number, number]> = [];
        http.on('dataSendProgress', (info: { sendSize: number; totalSize: number }) => seen.push([info.sendSize, info.totalSize]));
        await http.request(`${server}/echo`, { method: 'POST', extraData: new ArrayBuffer(1024 * 1024) });
        const rising = seen.every(([sent], index) => index === 0 || sent > (seen[index - 1]?.[0] ?? 0));
        return { rising, last: seen.at(-1) ?? null };
      },
      expect: { rising: true, last: [1048576, 1048576] },
    },
    {
      title: 'two requests at once on one object both succeed and share its listeners (HTTP §7.2; §13.4 row 30)',
      run: async ({ server }) => {
        const http = globalThis.kit.http.createHttp();
        let headerEvents = 0;
        http.on('headersReceive', () => headerEvents++);
        const [first, second] = await Promise.all([http.request(`${server}/status?code=200`), http.request(`${server}/status?code=201`)]);
        return { codes: [first.responseCode, second.responseCode].sort(), headerEvents };
      },
      expect: { codes: [200, 201], headerEvents: 2 },
    },
  ],
};

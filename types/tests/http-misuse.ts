// Negative type tests of the http namespace: each line under `// @ts-expect-error` must
// fail to compile.

import { http } from '@kit.NetworkKit';

const request = http.createHttp();

// @ts-expect-error the URL is a string
request.request(new URL('http://127.0.0.1:9/'));
// @ts-expect-error request needs a URL
request.request();
// @ts-expect-error the callback comes after the options
request.request('http://127.0.0.1:9/', () => {}, {});
// @ts-expect-error method takes a RequestMethod
request.request('http://127.0.0.1:9/', { method: 1 });
// @ts-expect-error readTimeout is a number
request.request('http://127.0.0.1:9/', { readTimeout: '60000' });
// @ts-expect-error usingProxy is a boolean or an HttpProxy (which needs its exclusionList)
request.request('http://127.0.0.1:9/', { usingProxy: { host: '127.0.0.1', port: 3128 } });
// @ts-expect-error expectDataType is an HttpDataType
request.request('http://127.0.0.1:9/', { expectDataType: 'json' });
// @ts-expect-error the SDK's enum value string is not an AddressFamily at run time
request.request('http://127.0.0.1:9/', { addressFamily: 'CURL_IPRESOLVE_V4' });
// @ts-expect-error remoteValidation is 'system', 'skip' or a function
request.request('http://127.0.0.1:9/', { remoteValidation: 'none' });
// @ts-expect-error a pin's algorithm is SHA-256
request.request('http://127.0.0.1:9/', { certificatePinning: { publicKeyHash: 'x', hashAlgorithm: 'SHA-1' } });
// @ts-expect-error requestInStream resolves with the status number, not a response
const streamed: Promise<http.HttpResponse> = request.requestInStream('http://127.0.0.1:9/');

// Listeners that do not fit their event, and events that do not exist.
// @ts-expect-error headersReceive listeners get the header alone, not (err, header)
request.on('headersReceive', (err: Error, header: Object) => {});
// @ts-expect-error dataReceive delivers an ArrayBuffer
request.on('dataReceive', (data: string) => {});
// @ts-expect-error dataSendProgress delivers DataSendProgressInfo
request.on('dataSendProgress', (info: http.DataReceiveProgressInfo) => {});
// @ts-expect-error no 'data' event
request.on('data', () => {});
// @ts-expect-error on() needs a listener
request.on('dataEnd');
// @ts-expect-error once is declared for headersReceive only
request.once('dataEnd', () => {});
// @ts-expect-error enableAutoCookie takes a boolean
request.enableAutoCookie('true');
// @ts-expect-error destroy takes no argument
request.destroy(true);

// Enums and the cache.
// @ts-expect-error no such method
http.RequestMethod.FETCH;
// @ts-expect-error the cache size is a number
http.createHttpResponseCache('10M');
// @ts-expect-error flush has no options
http.createHttpResponseCache().flush({});
// @ts-expect-error createHttp takes no argument
http.createHttp({});

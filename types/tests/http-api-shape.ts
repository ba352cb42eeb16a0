// Positive type tests of the http namespace: the declarations give app code the types
// the device's values have. `expectType<T>()(value)` fails to compile unless `value`'s
// type is exactly T.

import networkKit, { http } from '@kit.NetworkKit';
import type { AsyncCallback, BusinessError, Callback } from '@kit.BasicServicesKit';
import httpDefault from '@ohos.net.http';

type Exactly<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<Expected>() {
  return <Actual>(value: Actual & (Exactly<Actual, Expected> extends true ? unknown : never)): void => {
    void value;
  };
}

// The import names reach the same namespace.
expectType<typeof http>()(networkKit.http);
expectType<typeof http>()(httpDefault);
const viaDefault: httpDefault.HttpRequest = http.createHttp();

// Enum stand-ins: http.RequestMethod.GET type-checks and is the string 'GET'.
const get: 'GET' = http.RequestMethod.GET;
const patch: string = http.RequestMethod.PATCH;
const ok: 200 = http.ResponseCode.OK;
const v4: 'ONLY_V4' = http.AddressFamily.ONLY_V4;
const tls13: 7 = http.TlsVersion.TLS_V_1_3;
const asArrayBuffer: 2 = http.HttpDataType.ARRAY_BUFFER;
const readCache: 'READ_CACHE' = http.InterceptorType.CACHE_CHECKED;

const options: http.HttpRequestOptions = {
  method: http.RequestMethod.POST,
  extraData: { a: 1 },
  expectDataType: http.HttpDataType.OBJECT,
  usingCache: false,
  priority: 1,
  header: { 'Content-Type': 'application/json', 'X-Retry': 2 },
  readTimeout: 60000,
  connectTimeout: 60000,
  usingProtocol: http.HttpProtocol.HTTP2,
  usingProxy: { host: '127.0.0.1', port: 3128, exclusionList: [], username: 'u', password: 'p' },
  caPath: '/data/storage/el2/base/ca.pem',
  caData: '-----BEGIN CERTIFICATE-----',
  sslType: 'TLS',
  resumeFrom: 1,
  resumeTo: 100,
  clientCert: { certPath: 'c.pem', certType: http.CertType.PEM, keyPath: 'k.pem', keyPassword: '' },
  dnsOverHttps: 'https://dns.example/dns-query',
  dnsServers: ['8.8.8.8'],
  maxLimit: 10 * 1024 * 1024,
  multiFormDataList: [
    { name: 'f', contentType: 'text/plain', data: 'x' },
    { name: 'g', contentType: 'image/png', filePath: 'g.png', remoteFileName: 'g.png' },
  ],
  certificatePinning: [{ publicKeyHash: 'AAA=', hashAlgorithm: 'SHA-256' }],
  remoteValidation: (context) => context.host === 'example.com',
  tlsOptions: { tlsVersionMin: http.TlsVersion.TLS_V_1_2, tlsVersionMax: http.TlsVersion.TLS_V_1_3, cipherSuites: ['TLS_AES_128_GCM_SHA256'] },
  serverAuthentication: { credential: { username: 'u', password: 'p' }, authenticationType: 'digest' },
  addressFamily: http.AddressFamily.DEFAULT,
  sniHostName: 'example.com',
  maxRedirects: 0,
  customMethod: 'PROPFIND',
  pathPreference: 'auto',
  reuseConnections: true,
  inactivityMs: 1000,
  usingSocks5Proxy: { host: 'socks.example', port: 1080 },
  enablePartialChain: false,
  queryParams: { q: 'a b', n: 1, flag: true, none: null, tags: ['x', 'y'] },
  body: new ArrayBuffer(8),
};

// request: callback forms return void, the promise form HttpResponse.
const request = http.createHttp();
expectType<Promise<http.HttpResponse>>()(request.request('http://127.0.0.1:9/'));
expectType<Promise<http.HttpResponse>>()(request.request('http://127.0.0.1:9/', options));
expectType<void>()(request.request('http://127.0.0.1:9/', (err, data) => expectType<http.HttpResponse>()(data)));
expectType<void>()(request.request('http://127.0.0.1:9/', options, (err, data) => expectType<BusinessError<void>>()(err)));
expectType<Promise<number>>()(request.requestInStream('http://127.0.0.1:9/'));
expectType<void>()(request.requestInStream('http://127.0.0.1:9/', { method: http.RequestMethod.GET }, (err, code) => expectType<number>()(code)));
expectType<http.HttpResponse>()(request.requestSync('http://127.0.0.1:9/'));
expectType<void>()(request.destroy());
expectType<void>()(request.enableAutoCookie(true));

// The response's fields.
async function readResponse(): Promise<void> {
  const response = await request.request('http://127.0.0.1:9/');
  expectType<string | Object | ArrayBuffer>()(response.result);
  expectType<http.HttpDataType>()(response.resultType);
  expectType<http.ResponseCode | number>()(response.responseCode);
  expectType<Object>()(response.header);
  expectType<string>()(response.cookies);
  expectType<number>()(response.performanceTiming.totalTiming);
  expectType<http.ConnectionExtraInfo | undefined>()(response.connectionExtraInfo);
  if (response.responseCode === http.ResponseCode.OK && response.resultType === http.HttpDataType.STRING) console.log(response.result);
}

// Listeners get their event's payload.
request.on('headerReceive', (err, header) => expectType<Object>()(header));
request.on('headersReceive', (header) => expectType<Object>()(header));
request.once('headersReceive', (header) => expectType<Object>()(header));
request.on('dataReceive', (data) => expectType<ArrayBuffer>()(data));
request.on('dataEnd', () => undefined);
request.on('dataReceiveProgress', (info) => expectType<number>()(info.receiveSize + info.totalSize));
request.on('dataSendProgress', (info) => expectType<number>()(info.sendSize + info.totalSize));
const onHeaders: Callback<Object> = () => undefined;
const onHeader: AsyncCallback<Object> = () => undefined;
request.on('headersReceive', onHeaders);
request.off('headersReceive', onHeaders);
request.on('headerReceive', onHeader);
request.off('headerReceive');
request.off('dataReceive');
request.off('dataEnd');
request.off('dataReceiveProgress');
request.off('dataSendProgress');

// The response cache.
const cache = http.createHttpResponseCache();
const sized: http.HttpResponseCache = http.createHttpResponseCache(1024 * 1024);
expectType<Promise<void>>()(cache.flush());
expectType<Promise<void>>()(cache.delete());
expectType<void>()(cache.flush((err) => expectType<BusinessError<void>>()(err)));
expectType<void>()(cache.delete(() => undefined));

// Interceptors (API 22).
const chain = new http.HttpInterceptorChain();
expectType<boolean>()(
  chain.addChain([
    { interceptorType: http.InterceptorType.INITIAL_REQUEST, interceptorHandle: async (req, rsp) => req.url !== '' && rsp.cookies === '' },
  ]),
);
expectType<http.HttpInterceptor[]>()(chain.getChain());
expectType<boolean>()(chain.apply(request));

void [viaDefault, get, patch, ok, v4, tls13, asArrayBuffer, readCache, readResponse, sized];

// ohos-netkit/ohos.net.http: the namespace as the default export.
import http from 'ohos-netkit/ohos.net.http';

const request: http.HttpRequest = http.createHttp();
request.on('headersReceive', (header) => console.log(Object.keys(header)));
const response: http.HttpResponse = await request.request('http://127.0.0.1:8080/', {
  method: http.RequestMethod.POST,
  extraData: { a: 1 },
  expectDataType: http.HttpDataType.STRING,
});
console.log(response.responseCode, response.resultType);
request.destroy();

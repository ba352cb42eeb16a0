// The http example of the seed overview (netstack's README, "示例" under "Http接口说明"):
// the module's default import, a URL without a scheme, and a callback whose parameters
// take their types from request(). The code is the seed's, in this repository's format.
import http from '@ohos.net.http';
// eslint-disable-next-line prefer-const -- the seed's own declaration
let httpRequest = http.createHttp();
httpRequest.request('www.example.com', function (err, data) {
  console.log(JSON.stringify(err));
  console.log(JSON.stringify(data));
});

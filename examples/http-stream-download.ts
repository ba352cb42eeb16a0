// ohos-netkit's own example (no seed has one): a download with requestInStream, its
// header, progress, data and end events, in the API reference's style. The address
// (www.example.com) is a placeholder: the preview and the e2e suite swap it for a
// loopback server that sends a body of a known size with a Content-Length.

import { http } from '@kit.NetworkKit';
import { BusinessError } from '@kit.BasicServicesKit';

let httpRequest = http.createHttp();
let received = 0;
httpRequest.on('headersReceive', (header: Object) => {
  console.info('header: ' + JSON.stringify(header));
});
httpRequest.on('dataReceive', (data: ArrayBuffer) => {
  received += data.byteLength;
  console.info('dataReceive: ' + data.byteLength + ' bytes');
});
httpRequest.on('dataReceiveProgress', (info: http.DataReceiveProgressInfo) => {
  console.info('dataReceiveProgress: ' + info.receiveSize + ' of ' + info.totalSize);
});
httpRequest.on('dataEnd', () => {
  console.info('dataEnd: ' + received + ' bytes in all');
});
httpRequest
  .requestInStream('http://www.example.com/download', { method: http.RequestMethod.GET })
  .then((code: number) => {
    console.info('requestInStream done, response code: ' + code);
    httpRequest.destroy();
  })
  .catch((err: BusinessError) => {
    console.error('requestInStream failed: ' + JSON.stringify(err));
    httpRequest.destroy();
  });

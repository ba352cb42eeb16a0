// An ArkTS module as an OpenHarmony app has one: it asks its HTTP API for something,
// then tells its WebSocket service about it. It imports the SDK's names only (the kit,
// and the older per-namespace module once), and takes its addresses as arguments, so
// that one file runs unchanged in a page, through a bundler, and in Node.
import { http, webSocket } from '@kit.NetworkKit';
import { BusinessError } from '@kit.BasicServicesKit';
import ohosHttp from '@ohos.net.http';

/** What the API's /echo answers: the request it got. */
interface EchoedRequest {
  method: string;
  target: string;
}

/**
 * GETs `${apiOrigin}/echo` (callback form, through @kit.NetworkKit), then
 * `${apiOrigin}/text?body=…` (promise form, through @ohos.net.http), then sends that text
 * to the WebSocket echo service at `echoUrl` and closes on its answer. Reports each step
 * through `log`, ending with "done" (or "failed …").
 */
export function fetchThenEcho(apiOrigin: string, echoUrl: string, log: (line: string) => void): void {
  const request = http.createHttp();
  request.on('headersReceive', (header: Object) => {
    log('headers ' + (header as Record<string, string>)['content-type']);
  });
  const options: http.HttpRequestOptions = {
    method: http.RequestMethod.GET,
    header: { 'X-App': 'arkts-app' },
    expectDataType: http.HttpDataType.OBJECT,
  };
  request.request(apiOrigin + '/echo', options, (err: BusinessError, data: http.HttpResponse) => {
    request.destroy();
    if (err) {
      log('failed ' + JSON.stringify(err));
      return;
    }
    const echoed = data.result as EchoedRequest;
    log('http ' + data.responseCode + ' ' + echoed.method + ' ' + echoed.target);
    ohosHttp
      .createHttp()
      .request(apiOrigin + '/text?body=from-the-api', { method: ohosHttp.RequestMethod.GET })
      .then((response: ohosHttp.HttpResponse) => {
        log('@ohos.net.http ' + response.responseCode + ' ' + (response.result as string));
        echo(response.result as string, echoUrl, log);
      })
      .catch((error: BusinessError) => log('failed ' + JSON.stringify(error)));
  });
}

function echo(text: string, echoUrl: string, log: (line: string) => void): void {
  const ws = webSocket.createWebSocket();
  ws.on('open', () => {
    ws.send(text);
  });
  ws.on('message', (err: BusinessError, value: string | ArrayBuffer) => {
    log('ws message ' + value);
    ws.close({ code: 1000, reason: 'done' });
  });
  ws.on('error', (err: BusinessError) => log('failed ' + JSON.stringify(err)));
  ws.on('close', (err: BusinessError, value: webSocket.CloseResult) => {
    log('ws close ' + value.code + ' ' + value.reason);
    log('done');
  });
  ws.connect(echoUrl).catch((error: BusinessError) => log('failed ' + JSON.stringify(error)));
}

// The page around http-and-ws.ts: its addresses come from the page's (the test's
// servers on 127.0.0.1), and its steps go to the console.
import { fetchThenEcho } from './http-and-ws';

const params = new URLSearchParams(location.search);
fetchThenEcho(params.get('api') ?? '', params.get('server') ?? '', (line: string) => console.log(line));

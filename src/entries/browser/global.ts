/** The classic-script build: `<script src="ohos-netkit.global.js">` sets `globalThis.ohosNetkit`. */
import { BusinessError } from '../../core/business-error.js';
import { configure } from '../../core/netkit-config.js';
import { http } from './http.js';
import { webSocket } from './web-socket.js';

(globalThis as { ohosNetkit?: unknown }).ohosNetkit = Object.freeze({ http, webSocket, BusinessError, configure });

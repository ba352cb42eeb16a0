/** The classic-script build: `<script src="ohos-netkit.global.js">` sets `globalThis.ohosNetkit`. */
import { BusinessError } from './base/business-error.js';
import { configure } from './client/netkit-config.js';
import { webSocket } from './client/web-socket-namespace.js';

(globalThis as { ohosNetkit?: unknown }).ohosNetkit = Object.freeze({ webSocket, BusinessError, configure });

/** The webSocket namespace's codes (WS §7), imported as the namespace `ErrorCode` (error-codes.ts). */
export const PERMISSION_DENIED = 201;
export const PARAMETER_ERROR = 401;
/** Not a method error: the code of every client and server `error` event (WS §2.1). */
export const EVENT_ERROR = 200;
/** Undocumented -1 of a failing send (WS §4, §9.5), with the catch-all's message. */
export const SEND_FAILED = -1;
/** The same -1 from connect when lws cannot even start the connection (WS §4), with CONNECT_FAILED_MESSAGE. */
export const CONNECT_FAILED = -1;
export const URL_ERROR = 2302001;
export const CERT_FILE_MISSING = 2302002;
export const CONNECTION_EXISTS = 2302003;
export const NIC_ERROR = 2302004;
export const PORT_ERROR = 2302005;
export const CONNECTION_NOT_EXIST = 2302006;
export const PORT_OCCUPIED = 2302007;
export const DOMAIN_NOT_ALLOWED = 2302998;
export const UNKNOWN_OTHER_ERROR = 2302999;

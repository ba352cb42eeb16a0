/** `webSocket.TlsProtocol`: WS §1.1, the module installs it as a plain object. */
export const TlsProtocol = Object.freeze({ TLS_V_1_0: 0, TLS_V_1_1: 1, TLS_V_1_2: 2, TLS_V_1_3: 3 } as const);

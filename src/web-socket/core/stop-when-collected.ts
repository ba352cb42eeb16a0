/**
 * WS §4 "GC": when the engine finalizes a `WebSocket` or `WebSocketServer` object the
 * app can no longer reach, netstack sets the stop flag of its service thread: the
 * connection ends (the peer sees it drop) and a server gives its port back. Each wire
 * reaches the app's object only weakly, so that collection can happen here as well;
 * what is registered is the object's state (never the object itself), which knows how
 * to stop what the wire holds.
 */
export const stopWhenCollected = new FinalizationRegistry<{ stop(): void }>((state) => state.stop());

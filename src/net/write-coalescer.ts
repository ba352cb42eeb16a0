/** The part of a socket a WriteCoalescer uses (net.Socket and tls.TLSSocket have it). */
export interface CorkableSocket {
  cork(): void;
  uncork(): void;
}

/**
 * Frames from this size up are written at once, as before: one syscall is then a small
 * part of a frame's cost, and holding a large frame back would only keep it counted in
 * bufferedAmount (a 1 MiB message would pass the pipe's high-water mark by itself and
 * pause the source at every message). Node's own socket buffer size.
 */
const SMALL_FRAME_BYTES = 16 * 1024;

/**
 * Puts the small frames the relay forwards to one socket in one turn of the event loop
 * into one write. ws parses a whole TCP read at once and emits its messages
 * synchronously, and writes each message to its socket (TCP_NODELAY) as it is sent: a
 * read of a hundred small messages would cost a hundred syscalls, and as many packets,
 * on the way out. The first small frame corks the socket, and process.nextTick uncorks
 * it once the read that brought the frames has been handled; the socket then writes
 * them with one writev. (setImmediate would also batch across reads, but adds a turn of
 * latency and measured no better.)
 *
 * Nothing else changes: the frames stay in order (a large frame first flushes what is
 * held), bufferedAmount counts corked bytes (so backpressure sees them), and send
 * callbacks fire as before, once the bytes reach the kernel. Whoever closes or destroys
 * the socket calls flush() first, so a close frame or a drop does not wait for, or
 * discard, the frames written before it.
 */
export class WriteCoalescer {
  readonly #socket: CorkableSocket;
  #held = false;
  readonly #release = (): void => this.flush();

  constructor(socket: CorkableSocket) {
    this.#socket = socket;
  }

  /** Call before writing a frame of `byteLength` payload bytes to the socket. */
  beforeWrite(byteLength: number): void {
    if (byteLength >= SMALL_FRAME_BYTES) {
      this.flush();
      return;
    }
    if (this.#held) return;
    this.#held = true;
    this.#socket.cork();
    process.nextTick(this.#release);
  }

  /** Hands what is held to the socket now. */
  flush(): void {
    if (!this.#held) return;
    this.#held = false;
    this.#socket.uncork();
  }
}

import type WebSocket from 'ws';
import { unmaskInPlace } from './unmask.js';

/** Where a FrameTap sends what it reads. */
export interface FrameTapSinks {
  /**
   * Whole data frames, exactly as they came (header, masking key, payload), in order:
   * the parts of one call are consecutive bytes of the stream, one or more complete
   * frames.
   */
  frames(parts: Buffer[]): void;
  /** Everything else, for ws' own Receiver: returns what Receiver.write returns. */
  receive(bytes: Buffer): boolean;
  /** False once the Receiver takes no more (it read a close frame, or failed): the tap then stops. */
  receiving(): boolean;
  /** ws' Receiver takes the tap's new message limit (FrameTap.limitMessages), so that both judge a message alike. */
  limit?(bytes: number): void;
}

/** Which frames a tap reads, and which of their messages it passes on. */
export interface FrameTapOptions {
  /** ws' maxPayload for the connection: 0 for no limit. */
  readonly maxMessageBytes: number;
  /**
   * 'server': frames a server sent (unmasked; a page's leg takes them as they are).
   * 'client': frames a client sent (masked with the client's random key; an upstream
   * server takes them as they are, the key being as unpredictable as one of our own).
   */
  readonly from: 'server' | 'client';
  /**
   * With `from: 'client'`: hand frames on unmasked (mask bit cleared, key dropped,
   * payload unmasked where it lies), as a server's frames, for a client's messages that
   * go on to a page's leg (an accepted client of the app's server).
   */
  readonly unmask?: boolean;
  /** Which data messages pass as frames: 'binary' (text then goes to ws), or 'all'. */
  readonly pass: 'binary' | 'all';
  /** Whether messages pass from the start; otherwise from startPassing() on. */
  readonly passing: boolean;
  /**
   * A smaller limit for the first data message only (a relay leg's request):
   * at the first header that takes it past `bytes`, the tap stops reading and calls
   * `exceeded` instead of letting ws judge (or buffer) the message.
   */
  readonly firstMessageLimit?: { readonly bytes: number; exceeded(): void };
}

/** #route's verdict for a first message over FrameTapOptions.firstMessageLimit. */
const FIRST_MESSAGE_TOO_BIG = Symbol('first message too big');

/** Whose message is in progress between a first frame without FIN and its last frame. */
type MessageOwner = 'none' | 'tap' | 'receiver';

const OPCODE_CONTINUATION = 0x0;
const OPCODE_BINARY = 0x2;
const FIN = 0x80;
const RSV_BITS = 0x70;
const MASK_BIT = 0x80;
const MAX_CONTROL_PAYLOAD = 125;
/** The longest frame header: 2 bytes, a 64-bit length, a masking key. */
const MAX_HEADER_BYTES = 14;

/**
 * Splits the byte stream of one side of a relayed connection (after the opening
 * handshake) into frames, and passes data messages on as the frames they came in,
 * instead of letting ws assemble each message into a new buffer and frame it again.
 *
 * Why: assembling costs a copy of every message that spans more than one socket read,
 * and the allocation behind it. For large messages that allocation is fresh memory from
 * the system each time (glibc gives blocks this big back when they are freed), and the
 * page faults of touching it cost more CPU than everything else the relay does per
 * byte. Measured with 1 MiB messages from upstream: 2.3 ms of relay CPU per MB
 * assembled, 0.8 ms without the allocation churn. Small frames gain too: the frames of
 * one socket read go on in one write, with no per-message work, and a client's frames
 * are not unmasked and masked again. A client of the app's server (relay `accept`),
 * whose frames go on to a page as a server's, has them unmasked where they lie
 * (`unmask`): one pass over the payload, still no copy.
 *
 * What stays with ws: control frames (ws answers pings, the heartbeat sees pongs, ws
 * runs the closing handshake), the messages a tap does not pass (text from upstream,
 * WS §3.3: the session turns bad UTF-8 into U+FFFD, which needs the whole message;
 * everything before startPassing()), and every frame ws must judge as a protocol error.
 * A frame is handed on only once it is complete, so the other side never carries half
 * a frame when ws writes a frame of its own there (a close frame, a ping). Nothing is
 * copied but the header of a frame split across reads.
 *
 * Judging stays ws' too: at the first header ws would refuse (reserved bits or
 * opcodes, a mask where none belongs or none where one does, a control frame that is
 * fragmented or too long, a message over the limit, a continuation out of place), the
 * tap hands ws a header that ws refuses for the same reason and with the same close
 * code, and stops. ws then closes the connection exactly as it does without the tap.
 */
export class FrameTap {
  #maxMessageBytes: number;
  /** Whether frames carry a masking key (a client's). */
  readonly #masked: boolean;
  /** Whether tapped frames are handed on unmasked. */
  readonly #unmask: boolean;
  readonly #passText: boolean;
  #passing: boolean;
  readonly #sinks: FrameTapSinks;
  /** Bytes of the current frame read in earlier chunks (its header may be among them). */
  #carry: Buffer[] = [];
  /** The current frame's header, as far as it has been read. */
  readonly #header = Buffer.alloc(MAX_HEADER_BYTES);
  #headerRead = 0;
  /** Once the header is read: where the frame goes, and payload bytes still to come. */
  #frameTo: 'tap' | 'receiver' | undefined;
  #payloadLeft = 0;
  #message: MessageOwner = 'none';
  /** Opcode and payload bytes so far of the message being read (for the limit). */
  #messageOpcode = OPCODE_BINARY;
  #messageBytes = 0;
  #stopped = false;
  /** The first message's own limit, until that message is complete. */
  #firstMessageLimit: FrameTapOptions['firstMessageLimit'];

  constructor(options: FrameTapOptions, sinks: FrameTapSinks) {
    this.#maxMessageBytes = options.maxMessageBytes > 0 ? options.maxMessageBytes : Number.MAX_SAFE_INTEGER;
    this.#masked = options.from === 'client';
    if (options.unmask === true && !this.#masked) throw new Error("FrameTap: only a client's frames are masked");
    this.#unmask = options.unmask === true;
    this.#passText = options.pass === 'all';
    this.#passing = options.passing;
    this.#sinks = sinks;
    this.#firstMessageLimit = options.firstMessageLimit;
  }

  /** Passes the messages that start from now on (a message under way stays with ws). */
  startPassing(): void {
    this.#passing = true;
  }

  /**
   * Another limit for the messages read from now on, 0 for none (a relay leg's, once
   * its request has named the operation that takes the leg); ws' Receiver is given the
   * same, so that a message over it is still refused by ws, with ws' own code (1009).
   */
  limitMessages(bytes: number): void {
    this.#maxMessageBytes = bytes > 0 ? bytes : Number.MAX_SAFE_INTEGER;
    this.#sinks.limit?.(bytes);
  }

  /** True once the tap reads no more (ws judged a frame, or closed). */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** Takes the next bytes of the stream; returns false when ws' Receiver asks for a pause. */
  write(chunk: Buffer): boolean {
    if (this.#stopped) return true;
    let keepReading = true;
    /** Complete tapped frames of this chunk, not handed on yet: [runFrom, runTo). */
    let runFrom = 0;
    let runTo = 0;
    /** Complete tapped frames that began in earlier chunks, ahead of the run. */
    let ready: Buffer[] = [];
    const closeRun = (): void => {
      if (runTo > runFrom) ready.push(chunk.subarray(runFrom, runTo));
      runFrom = runTo;
    };
    const handOnFrames = (): void => {
      closeRun();
      if (ready.length === 0) return;
      const parts = ready;
      ready = [];
      this.#sinks.frames(parts);
    };

    let position = 0;
    /** Where the current frame's bytes in this chunk begin. */
    let frameStart = 0;
    while (position < chunk.length && !this.#stopped) {
      if (this.#frameTo === undefined) {
        // Reading a header.
        while (position < chunk.length && this.#headerRead < this.#headerLength()) {
          this.#header[this.#headerRead++] = chunk[position++]!;
        }
        if (this.#headerRead < this.#headerLength()) break;
        const verdict = this.#route();
        if (verdict === FIRST_MESSAGE_TOO_BIG) {
          handOnFrames();
          this.#stop();
          this.#firstMessageLimit?.exceeded();
          return true;
        }
        if (verdict !== undefined) {
          // ws must judge this header: what the tap holds goes first, then ws' header.
          handOnFrames();
          this.#stop();
          this.#sinks.receive(verdict);
          return true;
        }
      } else {
        const take = Math.min(this.#payloadLeft, chunk.length - position);
        position += take;
        this.#payloadLeft -= take;
      }
      if (this.#payloadLeft > 0) continue;

      // The frame is complete: [frameStart, position) here, after #carry.
      if (this.#frameTo === 'tap') {
        if (this.#unmask) {
          closeRun();
          ready.push(...this.#unmasked([...this.#carry, chunk.subarray(frameStart, position)]));
          runFrom = runTo = position;
        } else if (this.#carry.length === 0 && frameStart === runTo) {
          runTo = position;
        } else {
          closeRun();
          ready.push(...this.#carry, chunk.subarray(frameStart, position));
          runFrom = runTo = position;
        }
      } else {
        handOnFrames();
        runFrom = runTo = position;
        // In the pieces it came in: the Receiver gathers a frame itself.
        for (const part of [...this.#carry, chunk.subarray(frameStart, position)]) {
          if (!this.#sinks.receive(part)) keepReading = false;
        }
        if (!this.#sinks.receiving()) this.#stop();
      }
      this.#nextFrame();
      frameStart = position;
    }

    if (!this.#stopped && frameStart < chunk.length) {
      // Part of a frame (or of a header) is still to come: keep what arrived of it.
      const rest = chunk.subarray(frameStart);
      // A header alone is copied: the chunk it came in need not stay alive for 2–14 bytes.
      this.#carry.push(this.#frameTo === undefined ? Buffer.from(rest) : rest);
    }
    handOnFrames();
    return keepReading;
  }

  /**
   * The complete frame whose header was just read, in `parts` (its bytes as they came),
   * as a server's frame: its header without the mask bit and key, then its payload
   * pieces, unmasked where they lie (nothing but the header is copied).
   */
  #unmasked(parts: Buffer[]): Buffer[] {
    const headerBytes = this.#headerRead;
    const keyAt = headerBytes - 4;
    const header = Buffer.from(this.#header.subarray(0, keyAt));
    header[1] = header[1]! & ~MASK_BIT;
    const key = this.#header.subarray(keyAt, headerBytes);
    const frame: Buffer[] = [header];
    let skip = headerBytes;
    let offset = 0;
    for (const part of parts) {
      if (skip >= part.length) {
        skip -= part.length;
        continue;
      }
      const payload = skip > 0 ? part.subarray(skip) : part;
      skip = 0;
      unmaskInPlace(payload, key, offset);
      offset += payload.length;
      frame.push(payload);
    }
    return frame;
  }

  /** Header bytes needed so far: 2, then as the length and mask bits say. */
  #headerLength(): number {
    if (this.#headerRead < 2) return 2;
    const lengthField = this.#header[1]! & 0x7f;
    const lengthBytes = lengthField === 126 ? 2 : lengthField === 127 ? 8 : 0;
    return 2 + lengthBytes + (this.#header[1]! & MASK_BIT ? 4 : 0);
  }

  /**
   * Decides where the frame whose header was just read goes and sets the frame's
   * state; or, when ws would refuse the frame, returns the header ws must judge instead.
   */
  #route(): Buffer | typeof FIRST_MESSAGE_TOO_BIG | undefined {
    const first = this.#header[0]!;
    const opcode = first & 0x0f;
    const fin = (first & FIN) !== 0;
    const control = opcode >= 0x8;
    const length = this.#payloadLength();
    const ownHeader = Buffer.from(this.#header.subarray(0, this.#headerRead));
    // ws refuses these at the header, whatever came before (receiver.js getInfo, getPayloadLength64).
    const reservedOpcode = (opcode > OPCODE_BINARY && !control) || opcode > 0xa;
    const masked = (this.#header[1]! & MASK_BIT) !== 0;
    if ((first & RSV_BITS) !== 0 || masked !== this.#masked || reservedOpcode || length === undefined) return ownHeader;
    if (control && (!fin || length > MAX_CONTROL_PAYLOAD)) return ownHeader;

    let to: 'tap' | 'receiver';
    if (control) {
      // ws answers pings, the heartbeat listens for pongs, ws runs the closing handshake.
      to = 'receiver';
    } else if (opcode === OPCODE_CONTINUATION) {
      // With no message in progress ws refuses it itself (1002, invalid opcode 0).
      if (this.#message === 'none') return ownHeader;
      const total = this.#messageBytes + length;
      if (this.#firstMessageLimit !== undefined && total > this.#firstMessageLimit.bytes) return FIRST_MESSAGE_TOO_BIG;
      if (total > this.#maxMessageBytes) {
        // ws knows the size of a message it reads; for the tap's, it is told with one header.
        return this.#message === 'receiver' ? ownHeader : wholeMessageHeader(this.#messageOpcode, total, this.#masked);
      }
      this.#messageBytes = total;
      to = this.#message;
      if (fin) {
        this.#message = 'none';
        this.#firstMessageLimit = undefined;
      }
    } else {
      // A new message in the middle of a fragmented one: ws refuses it with 1002 (invalid
      // opcode). It cannot tell for the tap's message, so it is shown a continuation out
      // of place, which it refuses with the same code.
      if (this.#message !== 'none') return this.#message === 'receiver' ? ownHeader : loneContinuation(this.#masked);
      if (this.#firstMessageLimit !== undefined && length > this.#firstMessageLimit.bytes) return FIRST_MESSAGE_TOO_BIG;
      if (length > this.#maxMessageBytes) return ownHeader;
      if (fin) this.#firstMessageLimit = undefined;
      to = this.#passing && (opcode === OPCODE_BINARY || this.#passText) ? 'tap' : 'receiver';
      this.#messageOpcode = opcode;
      this.#messageBytes = length;
      if (!fin) this.#message = to;
    }
    this.#frameTo = to;
    this.#payloadLeft = length;
    return undefined;
  }

  /** The payload length the header gives, or undefined past 2^53 - 1 (which ws refuses). */
  #payloadLength(): number | undefined {
    const lengthField = this.#header[1]! & 0x7f;
    if (lengthField < 126) return lengthField;
    if (lengthField === 126) return this.#header.readUInt16BE(2);
    const high = this.#header.readUInt32BE(2);
    if (high > 0x1fffff) return undefined;
    return high * 2 ** 32 + this.#header.readUInt32BE(6);
  }

  #nextFrame(): void {
    this.#frameTo = undefined;
    this.#headerRead = 0;
    this.#payloadLeft = 0;
    this.#carry = [];
  }

  #stop(): void {
    this.#stopped = true;
    this.#carry = [];
  }
}

/**
 * FIN, continuation, no payload (masked when frames are): ws refuses it outside a
 * fragmented message (1002, invalid opcode 0).
 */
function loneContinuation(masked: boolean): Buffer {
  return masked ? Buffer.from([FIN | OPCODE_CONTINUATION, MASK_BIT, 0, 0, 0, 0]) : Buffer.from([FIN | OPCODE_CONTINUATION, 0]);
}

/**
 * The header of a whole message of `length` bytes (masked when frames are, or ws would
 * refuse the missing mask first): ws refuses it with 1009 when that is over its maxPayload.
 */
function wholeMessageHeader(opcode: number, length: number, masked: boolean): Buffer {
  const header = Buffer.alloc(masked ? 14 : 10);
  header[0] = FIN | opcode;
  header[1] = (masked ? MASK_BIT : 0) | 127;
  header.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
  header.writeUInt32BE(length >>> 0, 6);
  return header;
}

/** What the tap needs from ws' (private) Receiver of a connected WebSocket. */
interface ReceiverInternals {
  write(chunk: Buffer): boolean;
  readonly writable: boolean;
  /** The limit the Receiver judges a message by (ws' maxPayload; 0 for none). */
  _maxPayload: number;
}

/**
 * Puts a FrameTap in front of `socket`'s Receiver: every byte ws reads from the
 * network after the opening handshake (from its 'data' listener, and what it reads
 * out of the socket when it closes) goes through the tap first. Call it before any data
 * is read: from the client's 'open' event, or as soon as a server hands over the
 * socket. ws must emit its events synchronously (allowSynchronousEvents, its default),
 * so that a message the Receiver completes reaches its listener before the frames
 * after it are passed on.
 *
 * This reaches into ws internals (pinned by frame-tap.test.ts and the relay's tests).
 * Returns undefined, and leaves ws as it is, when they are not as expected: the relay
 * then forwards messages as ws assembles them, as before.
 */
export function tapFrames(
  socket: WebSocket,
  options: FrameTapOptions,
  frames: (parts: Buffer[]) => void,
  /** A throw inside the tap (a bug): the connection must end, never the process (ws calls the tap from a socket's 'data' event). */
  onFault: (error: unknown) => void,
): FrameTap | undefined {
  const receiver = (socket as unknown as { _receiver?: Partial<ReceiverInternals> | null })._receiver;
  if (
    receiver === undefined ||
    receiver === null ||
    typeof receiver.write !== 'function' ||
    typeof receiver.writable !== 'boolean' ||
    typeof receiver._maxPayload !== 'number'
  )
    return undefined;
  const internals = receiver as ReceiverInternals;
  const write = internals.write.bind(internals);
  const tap = new FrameTap(options, {
    frames,
    receive: (bytes) => write(bytes),
    receiving: () => internals.writable,
    limit: (bytes) => {
      internals._maxPayload = bytes;
    },
  });
  let faulted = false;
  internals.write = (chunk) => {
    if (faulted) return true;
    try {
      return tap.write(chunk);
    } catch (error) {
      faulted = true;
      onFault(error);
      return true;
    }
  };
  return tap;
}

/**
 * The upload bytes the relay holds at once, over all its legs. A leg holds a page's
 * body whole before its transfer starts (relay-messages.ts step 4), at most
 * MAX_UPLOAD_BYTES each: without a bound over them all, pages could make the relay hold
 * that much on every leg it allows. A request whose declared body does not fit fails
 * as a device out of memory does (curl 27, 2300027); the room is given back when its
 * transfer is over or its leg ends.
 */
export class UploadBudget {
  readonly limit: number;
  #held = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Takes `bytes` of room; false (and nothing taken) when they do not fit. */
  take(bytes: number): boolean {
    if (this.#held + bytes > this.limit) return false;
    this.#held += bytes;
    return true;
  }

  give(bytes: number): void {
    this.#held = Math.max(0, this.#held - bytes);
  }
}

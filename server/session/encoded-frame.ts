/**
 * Pre-encoded frame bytes for fan-outs: the relay serializes a frame once and every recipient's
 * session sends the same bytes (`Session.sendShared`). Branded so that only the typed builders
 * of server/rooms/room-frames.ts, which take `ServerFrame` values, can make them.
 */

declare const encodedFrame: unique symbol;

/** The UTF-8 bytes of one `ServerFrame`, serialized once for every recipient of a fan-out. */
export type EncodedFrame = Uint8Array & { readonly [encodedFrame]: true };

/**
 * Share codes and join links for free rooms (DESIGN.md "Free rooms", docs/rooms-mls.md "Knock"):
 * an `open` room's code carries the link secret S, which must never reach a server; an `approval`
 * room's code carries only its roomId, a knock address: whoever has it can ask to be let in.
 *
 * Text code: bech32m (BIP 350) with prefix `ag`, data = a version word followed by 32 bytes in
 * 5-bit words (62 chars): version 0 = S (`ag1q…`), version 1 = the roomId's 32 bytes (`ag1p…`).
 * Its alphabet has no 1/b/i/o look-alikes, it is case-insensitive, and its BCH checksum detects
 * any typo of up to four characters, so a mistyped code is reported as a typo instead of silently
 * joining a different room.
 *
 * Join link: `<serverOrigin>/join#<code>`; the code sits in the fragment, which browsers never send
 * to the server. `parseShareInput` accepts either form, with surrounding whitespace, line breaks
 * inside the code and any letter case.
 */
import { bech32m } from '@scure/base';
import { abytes } from '../crypto/bytes-assertions.ts';
import { LINK_SECRET_LENGTH } from '../crypto/room-secret.ts';
import { decodeB64u, encodeB64u } from '../encoding.ts';

export const SHARE_CODE_PREFIX = 'ag';
export const SHARE_CODE_VERSION = 0;
/** The version word of a knock address (an approval room's roomId). */
export const KNOCK_CODE_VERSION = 1;
const ROOM_ID_BYTES = 32;
export const SHARE_CODE_CHARS = 62; // "ag1" + 1 version + 52 secret + 6 checksum characters
export const JOIN_PATH = '/join';
const BECH32_CHARSET = /^[qpzry9x8gf2tvdw0s3jn54khce6mua7l]*$/;

/** What a pasted code or link held: a room secret (join), a knock address (ask to join), or neither. */
export type ShareInputResult =
  | { ok: true; kind: 'secret'; linkSecret: Uint8Array }
  | { ok: true; kind: 'knock'; roomId: string }
  | { ok: false; reason: string };

/** The text code for a link secret (32 bytes, else it throws: `abytes`). */
export function encodeShareCode(linkSecret: Uint8Array): string {
  abytes(linkSecret, LINK_SECRET_LENGTH, 'linkSecret');
  return bech32m.encode(SHARE_CODE_PREFIX, [SHARE_CODE_VERSION, ...bech32m.toWords(linkSecret)]);
}

/** The join link `<serverOrigin>/join#<code>`; `serverOrigin` is like `https://example.org`. */
export function buildJoinUrl(serverOrigin: string, linkSecret: Uint8Array): string {
  return `${serverOrigin.replace(/\/+$/, '')}${JOIN_PATH}#${encodeShareCode(linkSecret)}`;
}

/** The knock address of an approval room: its roomId (43 b64u characters) as a version-1 code. */
export function encodeKnockCode(roomId: string): string {
  const bytes = typeof roomId === 'string' ? decodeB64u(roomId) : undefined;
  if (bytes?.length !== ROOM_ID_BYTES) throw new TypeError('"roomId" must be the b64u of 32 bytes');
  return bech32m.encode(SHARE_CODE_PREFIX, [KNOCK_CODE_VERSION, ...bech32m.toWords(bytes)]);
}

/** The knock link `<serverOrigin>/join#<knock code>`. */
export function buildKnockUrl(serverOrigin: string, roomId: string): string {
  return `${serverOrigin.replace(/\/+$/, '')}${JOIN_PATH}#${encodeKnockCode(roomId)}`;
}

/**
 * Reads a pasted join link or text code: S (a room to join), a roomId (a room to knock on), or a
 * reason a person can act on. Never throws.
 */
export function parseShareInput(input: string): ShareInputResult {
  const text = input.trim();
  if (text === '') return fail('enter a room code or join link');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return parseJoinUrl(text);
  return parseShareCode(text);
}

function parseJoinUrl(text: string): ShareInputResult {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('this is not a valid link');
  }
  if (!url.pathname.replace(/\/+$/, '').endsWith(JOIN_PATH)) return fail('this is not an AnoGhost join link');
  const code = url.hash.slice(1);
  if (code === '') return fail('the link has no room code after "#"; was it cut off?');
  return parseShareCode(decodeURIComponent(code));
}

function parseShareCode(raw: string): ShareInputResult {
  const code = raw.replace(/\s+/g, '').toLowerCase();
  const prefix = `${SHARE_CODE_PREFIX}1`;
  if (!code.startsWith(prefix))
    return fail(`this is not an AnoGhost room code (codes start with "${prefix}")`);
  const body = code.slice(prefix.length);
  const bad = [...body].find((c) => !BECH32_CHARSET.test(c));
  if (bad !== undefined)
    return fail(`the room code contains "${bad}", which no room code has; check for a typo`);
  if (code.length < SHARE_CODE_CHARS) return fail('the room code is too short; a character may be missing');
  if (code.length > SHARE_CODE_CHARS) return fail('the room code is too long; a character may be extra');
  const decoded = bech32m.decodeUnsafe(code);
  if (!decoded) return fail('the room code has a typo (its checksum does not match)');
  const [version, ...words] = decoded.words;
  if (version !== SHARE_CODE_VERSION && version !== KNOCK_CODE_VERSION) {
    return fail('this room code is from a newer AnoGhost; please update');
  }
  const bytes = bech32m.fromWordsUnsafe(words);
  if (!bytes || bytes.length !== LINK_SECRET_LENGTH) return fail('the room code is malformed');
  if (version === KNOCK_CODE_VERSION) return { ok: true, kind: 'knock', roomId: encodeB64u(bytes) };
  return { ok: true, kind: 'secret', linkSecret: bytes };
}

function fail(reason: string): ShareInputResult {
  return { ok: false, reason };
}

/**
 * MLSMessage ↔ the b64u text frames carry (RFC 9420 §6), decoded defensively: anything that is not
 * canonical b64u, not one whole MLSMessage of version mls10, or has bytes left over, is `undefined`.
 */
import { decodeMlsMessage, encodeMlsMessage, type MLSMessage, type MlsMessageContent } from 'ts-mls';
import { decodeB64u, encodeB64u } from '../encoding.ts';

/** An MLSMessage of one wire format. */
export type MlsMessageOf<W extends MlsMessageContent['wireformat']> = MLSMessage & { wireformat: W };

/** Encodes an MLSMessage as the bytes a frame carries. */
export function encodeMlsBytes(content: MlsMessageContent): Uint8Array {
  return encodeMlsMessage({ version: 'mls10', ...content } as MLSMessage);
}

/** Encodes an MLSMessage as b64u. */
export function encodeMlsText(content: MlsMessageContent): string {
  return encodeB64u(encodeMlsBytes(content));
}

/** Decodes one whole MLSMessage from bytes; `undefined` for anything else. Never throws. */
export function decodeMlsBytes(bytes: Uint8Array): MLSMessage | undefined {
  try {
    const decoded = decodeMlsMessage(bytes, 0);
    if (!decoded || decoded[1] !== bytes.length || decoded[0].version !== 'mls10') return undefined;
    return decoded[0];
  } catch {
    return undefined;
  }
}

/** Decodes one whole MLSMessage from b64u text; `undefined` for anything else. Never throws. */
export function decodeMlsText(text: string): MLSMessage | undefined {
  if (typeof text !== 'string') return undefined;
  const bytes = decodeB64u(text);
  return bytes === undefined ? undefined : decodeMlsBytes(bytes);
}

/** Narrows a decoded message to one wire format. */
export function isWireformat<W extends MlsMessageContent['wireformat']>(
  message: MLSMessage | undefined,
  wireformat: W,
): message is MlsMessageOf<W> {
  return message?.wireformat === wireformat;
}

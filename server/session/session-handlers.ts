/** Frame handlers of a signed-in session that are not about rooms or chats (PROTOCOL.md §2). */

import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { GhostIds } from '../ghost/ghost-ids.ts';
import type { FrameHandlers } from './session.ts';

/** The handlers of `rotate`, `check`, `ping` and `pong`. */
export function createSessionHandlers(ghostIds: GhostIds): FrameHandlers {
  return {
    rotate: (session, frame) => session.pushGhost(frame.id),
    check: (session, frame) => {
      const reply = () => {
        const live = frame.ghostIds.map((ghostId) => ghostIds.isLive(ghostId));
        session.reply(frame, { t: 'checked', id: frame.id, live });
      };
      const loading = ghostIds.prepare(frame.ghostIds);
      if (!loading) return reply();
      return loading.then(reply, (error: unknown) => {
        throw new ProtocolError('unavailable', 'ghostIds cannot be checked right now; try again', {
          cause: error,
        });
      });
    },
    ping: (session, frame) => session.reply(frame, { t: 'pong', id: frame.id }),
    pong: () => {},
  };
}

/** Preact hook: the background's live connection status over a `STATUS_PORT` port. */
import { useEffect, useState } from 'preact/hooks';
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { STATUS_PORT, type Status, StatusUpdate } from '../messaging/runtime-messages.ts';

const RECONNECT_PORT_MS = 500; // the service worker may restart under an open page

export function useStatus(): Status | undefined {
  const [status, setStatus] = useState<Status>();
  useEffect(() => {
    let stopped = false;
    let port: ReturnType<typeof browser.runtime.connect> | undefined;
    const open = () => {
      if (stopped) return;
      port = browser.runtime.connect({ name: STATUS_PORT });
      port.onMessage.addListener((raw) => {
        const parsed = v.safeParse(StatusUpdate, raw);
        if (parsed.success) setStatus(parsed.output.status);
      });
      port.onDisconnect.addListener(() => setTimeout(open, RECONNECT_PORT_MS));
    };
    open();
    return () => {
      stopped = true;
      port?.disconnect();
    };
  }, []);
  return status;
}

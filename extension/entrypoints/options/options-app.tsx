/**
 * Options: the server URL (default http://127.0.0.1:8787). Changing it to another host asks for
 * that host's permission first (the local dev hosts are granted at install); plain http is refused
 * for anything but this computer. Below it, what was confirmed for that server.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { askBackground } from '../../messaging/background-requests.ts';
import {
  DEFAULT_SERVER_URL,
  loadServerUrl,
  originPermission,
  parseServerUrl,
  saveServerUrl,
} from '../../storage/server-url.ts';
import { ServerPinsCard } from './server-pins-card.tsx';

export function OptionsApp() {
  const [value, setValue] = useState('');
  const [saved, setSaved] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    loadServerUrl().then(
      (origin) => {
        setValue(origin);
        setSaved(origin);
      },
      () => setValue(DEFAULT_SERVER_URL),
    );
  }, []);

  const save = async (event: Event) => {
    event.preventDefault();
    const parsed = parseServerUrl(value);
    if (!parsed.ok) return setMessage({ text: parsed.reason, error: true });
    // Ask before any await: the permission prompt needs the user gesture.
    const granted = await browser.permissions
      .request({ origins: [originPermission(parsed.origin)] })
      .catch(() => false);
    if (!granted)
      return setMessage({ text: `Permission to reach ${parsed.origin} was not granted.`, error: true });
    await saveServerUrl(parsed.origin);
    setValue(parsed.origin);
    setSaved(parsed.origin);
    try {
      await askBackground({ type: 'server-changed' });
      setMessage({
        text: `Saved. AnoGhost now uses ${parsed.origin}; connect your wallet again.`,
        error: false,
      });
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    }
  };

  return (
    <main>
      <h1>👻 AnoGhost options</h1>
      <form onSubmit={save} class="card">
        <label>
          Server URL
          <input
            name="server"
            type="url"
            required
            value={value}
            onInput={(e) => setValue(e.currentTarget.value)}
            placeholder={DEFAULT_SERVER_URL}
            aria-describedby="server-help"
          />
        </label>
        <p id="server-help" class="muted">
          The AnoGhost server to connect to. Chats are never written to disk; this setting is.
        </p>
        <div class="row">
          <button type="submit" class="primary">
            Save
          </button>
          <button type="button" onClick={() => setValue(DEFAULT_SERVER_URL)}>
            Reset to default
          </button>
        </div>
        {message && (
          <p class={message.error ? 'error' : 'ok'} role={message.error ? 'alert' : 'status'}>
            {message.text}
          </p>
        )}
      </form>
      <ServerPinsCard server={saved} />
    </main>
  );
}

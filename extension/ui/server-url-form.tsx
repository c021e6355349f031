/**
 * The server URL form of the options page and of the welcome page's "Advanced" section (default
 * http://127.0.0.1:8787). Changing it to another host asks for that host's permission first (the
 * local dev hosts are granted at install); plain http is refused for anything but this computer.
 * The field's error sits right under the field, in space kept for it (no layout jump).
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { askBackground } from '../messaging/background-requests.ts';
import {
  DEFAULT_SERVER_URL,
  loadServerUrl,
  originPermission,
  parseServerUrl,
  saveServerUrl,
} from '../storage/server-url.ts';

export function ServerUrlForm(props: {
  /** What to say once saved, e.g. "…; connect your wallet." */
  savedText(origin: string): string;
  onSaved?(origin: string): void;
}) {
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    loadServerUrl().then(
      (origin) => {
        setValue(origin);
        props.onSaved?.(origin);
      },
      () => setValue(DEFAULT_SERVER_URL),
    );
  }, []);

  const save = async (event: Event) => {
    event.preventDefault();
    const { savedText } = props; // as it was when Save was pressed, before the sign-out it causes
    const parsed = parseServerUrl(value);
    if (!parsed.ok) return setMessage({ text: capitalize(parsed.reason), error: true });
    // Ask before any await: the permission prompt needs the user gesture.
    const granted = await browser.permissions
      .request({ origins: [originPermission(parsed.origin)] })
      .catch(() => false);
    if (!granted)
      return setMessage({ text: `Permission to reach ${parsed.origin} was not granted.`, error: true });
    await saveServerUrl(parsed.origin);
    setValue(parsed.origin);
    try {
      await askBackground({ type: 'server-changed' });
      setMessage({ text: savedText(parsed.origin), error: false });
      props.onSaved?.(parsed.origin);
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    }
  };
  const invalid = message?.error === true;

  return (
    <form onSubmit={save} class="server-form" noValidate>
      <label for="server-url">Server URL</label>
      <input
        id="server-url"
        name="server"
        type="url"
        required
        value={value}
        onInput={(e) => {
          setValue(e.currentTarget.value);
          if (message?.error) setMessage(null);
        }}
        placeholder={DEFAULT_SERVER_URL}
        aria-describedby="server-help server-message"
        aria-invalid={invalid}
      />
      <div id="server-message" class="field-message">
        {message && (
          <p class={message.error ? 'error' : 'ok'} role={message.error ? 'alert' : 'status'}>
            {message.text}
          </p>
        )}
      </div>
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
    </form>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

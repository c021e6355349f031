/** Preact hook: copies text to the clipboard and says so for a moment (copy buttons). */
import { useState } from 'preact/hooks';

const COPIED_SHOWN_MS = 1500;

export function useCopy(onError: (message: string) => void): {
  copied: boolean;
  copy(text: string): Promise<void>;
} {
  const [copied, setCopied] = useState(false);
  const copy = (text: string) =>
    navigator.clipboard.writeText(text).then(
      () => {
        setCopied(true);
        setTimeout(() => setCopied(false), COPIED_SHOWN_MS);
      },
      () => onError('Could not copy to the clipboard.'),
    );
  return { copied, copy };
}

/**
 * The /connect page's contents, inside its own `#anoghost-connect` element and nowhere else (plus
 * the tab's title): a heading saying what the wallet is asked for ("Sign in to AnoGhost", "Approve
 * 0.03 SOL for 'Weekend plans'"), a button per discovered Solana wallet (name and icon),
 * keyboard-usable, a status line, and Cancel. Plain DOM: this script runs in the page's main world.
 */
import type { Wallet } from '@wallet-standard/base';

/** What the page is asking for: its title, an optional detail line, and the wallet prompt. */
export interface Purpose {
  heading: string;
  detail?: string;
  /** Above the wallet list, e.g. "Choose the wallet to sign in with:". */
  prompt: string;
}

export interface WalletPicker {
  /** Titles the page by what the wallet is asked for. */
  showPurpose(purpose: Purpose): void;
  /** Shows the wallets and resolves with the one the person picks. */
  pick(wallets: () => readonly Wallet[], onChange: (listener: () => void) => void): Promise<Wallet>;
  showStatus(text: string, isError?: boolean): void;
  /** Calls `listener` when the person presses Cancel. */
  onCancel(listener: () => void): void;
}

/** Replaces the contents of `root` (the connect page's placeholder) with the picker. */
export function createWalletPicker(root: HTMLElement): WalletPicker {
  root.replaceChildren();
  const heading = document.createElement('h1');
  heading.textContent = 'AnoGhost';
  const detail = document.createElement('p');
  detail.className = 'muted';
  detail.dataset.testid = 'connect-detail';
  const status = document.createElement('p');
  status.setAttribute('role', 'status');
  const list = document.createElement('ul');
  list.setAttribute('aria-label', 'Solana wallets');
  const actions = document.createElement('div');
  actions.className = 'actions';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'secondary';
  cancel.textContent = 'Cancel';
  actions.append(cancel);
  root.append(heading, detail, status, list, actions);
  let prompt = 'Choose your wallet:';
  const cancelListeners: (() => void)[] = [];
  cancel.addEventListener('click', () => {
    for (const listener of cancelListeners) listener();
    list.replaceChildren();
    cancel.disabled = true;
  });

  return {
    showPurpose(purpose) {
      heading.textContent = purpose.heading;
      document.title = `${purpose.heading} · AnoGhost`;
      detail.textContent = purpose.detail ?? '';
      detail.hidden = !purpose.detail;
      prompt = purpose.prompt;
      cancel.disabled = false;
    },
    pick(wallets, onChange) {
      return new Promise((resolve) => {
        const render = () => {
          if (cancel.disabled) return;
          const found = wallets();
          status.className = '';
          status.textContent = found.length
            ? prompt
            : 'No Solana wallet found. Install one (Phantom, Solflare, Backpack…) and reload this page.';
          list.replaceChildren(...found.map((wallet) => walletButton(wallet, () => resolve(wallet))));
          list.querySelector('button')?.focus();
        };
        onChange(render);
        render();
      });
    },
    showStatus(text, isError = false) {
      status.textContent = text;
      status.className = isError ? 'error' : '';
      if (isError) list.replaceChildren();
    },
    onCancel(listener) {
      cancelListeners.push(listener);
    },
  };
}

function walletButton(wallet: Wallet, onPick: () => void): HTMLLIElement {
  const item = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.dataset.wallet = wallet.name;
  const icon = document.createElement('img');
  icon.src = wallet.icon;
  icon.alt = '';
  const label = document.createElement('span');
  label.textContent = wallet.name;
  button.append(icon, label);
  button.addEventListener('click', onPick, { once: true });
  item.append(button);
  return item;
}

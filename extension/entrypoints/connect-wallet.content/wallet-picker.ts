/**
 * The wallet list on the /connect page: a button per discovered Solana wallet (name and icon),
 * keyboard-usable, with a status line, inside the page's own `#anoghost-connect` element and
 * nowhere else. Plain DOM: this script runs in the page's main world.
 */
import type { Wallet } from '@wallet-standard/base';

export interface WalletPicker {
  /** Shows the wallets and resolves with the one the person picks. */
  pick(wallets: () => readonly Wallet[], onChange: (listener: () => void) => void): Promise<Wallet>;
  showStatus(text: string, isError?: boolean): void;
}

/** Replaces the contents of `root` (the connect page's placeholder) with the picker. */
export function createWalletPicker(root: HTMLElement): WalletPicker {
  root.replaceChildren();
  const status = document.createElement('p');
  status.setAttribute('role', 'status');
  const list = document.createElement('ul');
  list.setAttribute('aria-label', 'Solana wallets');
  root.append(status, list);

  return {
    pick(wallets, onChange) {
      return new Promise((resolve) => {
        const render = () => {
          const found = wallets();
          status.className = '';
          status.textContent = found.length
            ? 'Choose the wallet to sign in to AnoGhost with:'
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

/**
 * Token accounts by owner, kept up to date from each landed transaction's post-state, so
 * getTokenAccountsByOwner does not scan every token account (LiteSVM's getProgramAccounts costs
 * about 60 µs per account). Readers re-check the live account, so the index only has to be a
 * superset.
 */

/** Owner → token account addresses. */
export class TokenAccountIndex {
  private readonly accountsByOwner = new Map<string, Set<string>>();
  private readonly ownerByAccount = new Map<string, string>();

  /** Records `account` as a token account of `owner` (or as none when `owner` is undefined). */
  update(account: string, owner: string | undefined): void {
    const previous = this.ownerByAccount.get(account);
    if (previous === owner) return;
    if (previous !== undefined) {
      const set = this.accountsByOwner.get(previous);
      set?.delete(account);
      if (set?.size === 0) this.accountsByOwner.delete(previous);
      this.ownerByAccount.delete(account);
    }
    if (owner === undefined) return;
    this.ownerByAccount.set(account, owner);
    let set = this.accountsByOwner.get(owner);
    if (!set) {
      set = new Set();
      this.accountsByOwner.set(owner, set);
    }
    set.add(account);
  }

  /** The token accounts last seen owned by `owner`. */
  listAccountsOf(owner: string): string[] {
    return [...(this.accountsByOwner.get(owner) ?? [])];
  }
}

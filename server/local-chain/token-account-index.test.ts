/** The owner → token accounts index follows ownership changes and closures. */
import { describe, expect, it } from 'vitest';
import { TokenAccountIndex } from './token-account-index.ts';

describe('TokenAccountIndex', () => {
  it('moves an account between owners and forgets closed ones', () => {
    const index = new TokenAccountIndex();
    index.update('ata-1', 'alice');
    index.update('ata-2', 'alice');
    expect(index.listAccountsOf('alice').sort()).toEqual(['ata-1', 'ata-2']);
    index.update('ata-1', 'bob');
    expect(index.listAccountsOf('alice')).toEqual(['ata-2']);
    expect(index.listAccountsOf('bob')).toEqual(['ata-1']);
    index.update('ata-2', undefined);
    expect(index.listAccountsOf('alice')).toEqual([]);
  });
});

/**
 * The subscriptions of all WebSocket clients: signatureSubscribe (one-shot, notified when the
 * transaction lands; at once if it already has) and slotSubscribe (every new slot). Ids are unique
 * across connections, as on real nodes.
 */
import type { LocalLedger } from './local-ledger.ts';
import type { TransactionRecord } from './transaction-record.ts';

/** Where notifications for one client go. */
export type NotificationSink = (method: string, subscription: number, result: unknown) => void;

interface SignatureSubscription {
  readonly signature: string;
  readonly sink: NotificationSink;
}

/** All live subscriptions and the ledger listeners that feed them. */
export class SubscriptionHub {
  private nextId = 0;
  private readonly slotSubscriptions = new Map<number, NotificationSink>();
  private readonly signatureSubscriptions = new Map<number, SignatureSubscription>();

  constructor(private readonly ledger: LocalLedger) {
    ledger.onSlot((slot) => this.notifySlot(slot));
    ledger.onTransaction((record) => this.notifySignature(record));
  }

  /** Subscribes to a signature's landing; notifies at once when it already landed. */
  subscribeSignature(signature: string, sink: NotificationSink): { id: number; deliverPending: () => void } {
    const id = this.allocateId();
    this.signatureSubscriptions.set(id, { signature, sink });
    const deliverPending = () => {
      const record = this.ledger.records.get(signature);
      if (record && this.signatureSubscriptions.delete(id))
        sink('signatureNotification', id, this.buildSignatureResult(record));
    };
    return { id, deliverPending };
  }

  /** Subscribes to new slots. */
  subscribeSlot(sink: NotificationSink): number {
    const id = this.allocateId();
    this.slotSubscriptions.set(id, sink);
    return id;
  }

  /** Removes a signature subscription; whether it existed. */
  unsubscribeSignature(id: number): boolean {
    return this.signatureSubscriptions.delete(id);
  }

  /** Removes a slot subscription; whether it existed. */
  unsubscribeSlot(id: number): boolean {
    return this.slotSubscriptions.delete(id);
  }

  /** Removes every subscription of a closed client. */
  removeSink(sink: NotificationSink): void {
    for (const [id, item] of this.slotSubscriptions) if (item === sink) this.slotSubscriptions.delete(id);
    for (const [id, item] of this.signatureSubscriptions)
      if (item.sink === sink) this.signatureSubscriptions.delete(id);
  }

  private allocateId(): number {
    this.nextId += 1;
    return this.nextId;
  }

  private buildSignatureResult(record: TransactionRecord) {
    return { context: { slot: record.slot }, value: { err: record.err } };
  }

  private notifySlot(slot: bigint): void {
    const result = { parent: slot - 1n, root: slot, slot };
    for (const [id, sink] of this.slotSubscriptions) sink('slotNotification', id, result);
  }

  private notifySignature(record: TransactionRecord): void {
    for (const [id, subscription] of this.signatureSubscriptions) {
      if (subscription.signature !== record.signature) continue;
      this.signatureSubscriptions.delete(id);
      subscription.sink('signatureNotification', id, this.buildSignatureResult(record));
    }
  }
}

/**
 * Transaction fees as LiteSVM charges them: a base fee per signature plus the prioritization fee
 * requested with ComputeBudget instructions (`compute unit price × limit`, in micro-lamports).
 */
import type { SupportedCompiledMessage } from './wire-transaction.ts';

/** Base fee per signature on all clusters. */
export const LAMPORTS_PER_SIGNATURE = 5000n; // lamports
const COMPUTE_BUDGET_PROGRAM = 'ComputeBudget111111111111111111111111111111';
const DEFAULT_UNITS_PER_INSTRUCTION = 200_000n; // compute units
const MAX_COMPUTE_UNITS = 1_400_000n; // compute units
const MICRO_LAMPORTS_PER_LAMPORT = 1_000_000n;
const SET_COMPUTE_UNIT_LIMIT = 2;
const SET_COMPUTE_UNIT_PRICE = 3;

/** Computes the fee of a compiled message (what `getFeeForMessage` answers). */
export function computeMessageFee(message: SupportedCompiledMessage): bigint {
  let unitLimit: bigint | undefined;
  let unitPrice = 0n;
  let otherInstructions = 0n;
  for (const instruction of message.instructions) {
    const program = message.staticAccounts[instruction.programAddressIndex];
    const data = instruction.data;
    if (program !== COMPUTE_BUDGET_PROGRAM || !data || data.length === 0) {
      otherInstructions += 1n;
      continue;
    }
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (data[0] === SET_COMPUTE_UNIT_LIMIT && data.length >= 5) unitLimit = BigInt(view.getUint32(1, true));
    if (data[0] === SET_COMPUTE_UNIT_PRICE && data.length >= 9) unitPrice = view.getBigUint64(1, true);
  }
  const limit = unitLimit ?? otherInstructions * DEFAULT_UNITS_PER_INSTRUCTION;
  const cappedLimit = limit > MAX_COMPUTE_UNITS ? MAX_COMPUTE_UNITS : limit;
  const priorityFee =
    (unitPrice * cappedLimit + MICRO_LAMPORTS_PER_LAMPORT - 1n) / MICRO_LAMPORTS_PER_LAMPORT;
  return LAMPORTS_PER_SIGNATURE * BigInt(message.header.numSignerAccounts) + priorityFee;
}

/**
 * LiteSVM transaction errors → the JSON form real nodes return (`"BlockhashNotFound"`,
 * `{"InstructionError":[0,{"Custom":1}]}`, …) and the human message used in preflight failures.
 * LiteSVM exposes fieldless variants as numbers (its `const enum`s are not importable under
 * `isolatedModules`), so the variant names are listed here in the same order.
 */

/** A transaction error as serialized by Agave's JSON-RPC (serde's externally tagged enums). */
export type TransactionErrorJson = string | Record<string, unknown>;

const TRANSACTION_ERROR_NAMES = [
  'AccountInUse',
  'AccountLoadedTwice',
  'AccountNotFound',
  'ProgramAccountNotFound',
  'InsufficientFundsForFee',
  'InvalidAccountForFee',
  'AlreadyProcessed',
  'BlockhashNotFound',
  'CallChainTooDeep',
  'MissingSignatureForFee',
  'InvalidAccountIndex',
  'SignatureFailure',
  'InvalidProgramForExecution',
  'SanitizeFailure',
  'ClusterMaintenance',
  'AccountBorrowOutstanding',
  'WouldExceedMaxBlockCostLimit',
  'UnsupportedVersion',
  'InvalidWritableAccount',
  'WouldExceedMaxAccountCostLimit',
  'WouldExceedAccountDataBlockLimit',
  'TooManyAccountLocks',
  'AddressLookupTableNotFound',
  'InvalidAddressLookupTableOwner',
  'InvalidAddressLookupTableData',
  'InvalidAddressLookupTableIndex',
  'InvalidRentPayingAccount',
  'WouldExceedMaxVoteCostLimit',
  'WouldExceedAccountDataTotalLimit',
  'MaxLoadedAccountsDataSizeExceeded',
  'ResanitizationNeeded',
  'InvalidLoadedAccountsDataSizeLimit',
  'UnbalancedTransaction',
  'ProgramCacheHitMaxLimit',
  'CommitCancelled',
] as const;

const INSTRUCTION_ERROR_NAMES = [
  'GenericError',
  'InvalidArgument',
  'InvalidInstructionData',
  'InvalidAccountData',
  'AccountDataTooSmall',
  'InsufficientFunds',
  'IncorrectProgramId',
  'MissingRequiredSignature',
  'AccountAlreadyInitialized',
  'UninitializedAccount',
  'UnbalancedInstruction',
  'ModifiedProgramId',
  'ExternalAccountLamportSpend',
  'ExternalAccountDataModified',
  'ReadonlyLamportChange',
  'ReadonlyDataModified',
  'DuplicateAccountIndex',
  'ExecutableModified',
  'RentEpochModified',
  'NotEnoughAccountKeys',
  'AccountDataSizeChanged',
  'AccountNotExecutable',
  'AccountBorrowFailed',
  'AccountBorrowOutstanding',
  'DuplicateAccountOutOfSync',
  'InvalidError',
  'ExecutableDataModified',
  'ExecutableLamportChange',
  'ExecutableAccountNotRentExempt',
  'UnsupportedProgramId',
  'CallDepth',
  'MissingAccount',
  'ReentrancyNotAllowed',
  'MaxSeedLengthExceeded',
  'InvalidSeeds',
  'InvalidRealloc',
  'ComputationalBudgetExceeded',
  'PrivilegeEscalation',
  'ProgramEnvironmentSetupFailure',
  'ProgramFailedToComplete',
  'ProgramFailedToCompile',
  'Immutable',
  'IncorrectAuthority',
  'AccountNotRentExempt',
  'InvalidAccountOwner',
  'ArithmeticOverflow',
  'UnsupportedSysvar',
  'IllegalOwner',
  'MaxAccountsDataAllocationsExceeded',
  'MaxAccountsExceeded',
  'MaxInstructionTraceLengthExceeded',
  'BuiltinProgramsMustConsumeComputeUnits',
  'BorshIoError',
] as const;

/** Display strings of the errors a client is likely to see (Agave's `thiserror` messages). */
const TRANSACTION_ERROR_MESSAGES: Record<string, string> = {
  AccountNotFound: 'Attempt to debit an account but found no record of a prior credit.',
  InsufficientFundsForFee: 'Insufficient funds for fee',
  AlreadyProcessed: 'This transaction has already been processed',
  BlockhashNotFound: 'Blockhash not found',
  SignatureFailure: 'Transaction did not pass signature verification',
  SanitizeFailure: 'Transaction failed to sanitize accounts offsets correctly',
  MissingSignatureForFee: 'Transaction requires a fee but has no signature present',
};

type LiteSvmError = unknown;

function readNumberField(value: unknown, field: string): number | undefined {
  const item = (value as Record<string, unknown> | null)?.[field];
  return typeof item === 'number' ? item : undefined;
}

function convertInstructionError(error: unknown): string | Record<string, unknown> {
  if (typeof error === 'number') return INSTRUCTION_ERROR_NAMES[error] ?? 'GenericError';
  const code = readNumberField(error, 'code');
  if (code !== undefined) return { Custom: code };
  const message = (error as { msg?: unknown } | null)?.msg;
  return { BorshIoError: typeof message === 'string' ? message : '' };
}

/** Converts LiteSVM's `FailedTransactionMetadata.err()` value to the JSON-RPC form. */
export function convertTransactionError(error: LiteSvmError): TransactionErrorJson {
  if (typeof error === 'number') return TRANSACTION_ERROR_NAMES[error] ?? 'SanitizeFailure';
  const index = readNumberField(error, 'index');
  const errorOf = (error as { err?: unknown } | null)?.err;
  if (index !== undefined && typeof errorOf === 'function') {
    return { InstructionError: [index, convertInstructionError(errorOf.call(error))] };
  }
  if (index !== undefined) return { DuplicateInstruction: index };
  const accountIndex = readNumberField(error, 'accountIndex') ?? 0;
  const variant = String((error as object).constructor?.name ?? '').includes('Restricted')
    ? 'ProgramExecutionTemporarilyRestricted'
    : 'InsufficientFundsForRent';
  return { [variant]: { account_index: accountIndex } };
}

function describeInstructionError(error: unknown): string {
  if (typeof error === 'string') return error.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const record = error as Record<string, unknown>;
  if (typeof record.Custom === 'number') return `custom program error: 0x${record.Custom.toString(16)}`;
  return `Failed to serialize or deserialize account data: ${String(record.BorshIoError)}`;
}

/** The human message of a transaction error, as in `Transaction simulation failed: <message>`. */
export function describeTransactionError(error: TransactionErrorJson): string {
  if (typeof error === 'string') return TRANSACTION_ERROR_MESSAGES[error] ?? error;
  const instruction = error.InstructionError as [number, unknown] | undefined;
  if (instruction)
    return `Error processing Instruction ${instruction[0]}: ${describeInstructionError(instruction[1])}`;
  const rent = error.InsufficientFundsForRent as { account_index: number } | undefined;
  if (rent)
    return `Transaction results in an account (${rent.account_index}) with insufficient funds for rent`;
  return JSON.stringify(error);
}

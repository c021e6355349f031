/** Lamports shown as SOL, exactly (no floating point): 20000000n → "0.02", 1500000000n → "1.5". */
export const LAMPORTS_PER_SOL = 1_000_000_000n;
const FRACTION_DIGITS = 9;

export function formatSol(lamports: bigint): string {
  const whole = lamports / LAMPORTS_PER_SOL;
  const fraction = (lamports % LAMPORTS_PER_SOL).toString().padStart(FRACTION_DIGITS, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}

/**
 * Structured logs (pino). Logs say what happened, never who: no wallet address, no session key,
 * no ghostId, no IP address, no frame content, no transaction signature (on chain it names who paid
 * whom). Callers pass counts, codes and durations only.
 */
import { type DestinationStream, pino } from 'pino';

export type Logger = pino.Logger;

/** A JSON-lines logger writing to `destination` (stdout by default). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'anoghost' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

/** What a log line may say about a caught error: its class name only (messages may name accounts). */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'non-error thrown';
}

/** A logger that drops everything (benchmarks, embedded use). */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}

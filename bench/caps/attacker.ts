/**
 * The attacker of the caps benchmark, in its own process: keeps `concurrency` WebSocket attempts in
 * flight for `durationMs`, keeps every socket the server lets it open (signing in with a throwaway
 * wallet in `sign-in` mode), and tries again at once after each refusal. Reports what it got.
 */
import WebSocket from 'ws';
import { authFrame, createTestKey, signInMessage } from '../../tests/support/test-wallet.ts';

export interface AttackPlan {
  t: 'attack';
  wsUrl: string;
  domain: string;
  /** `one`: every connection from 127.0.0.66; `many`: a new loopback address per connection. */
  addresses: 'one' | 'many';
  signIn: boolean;
  concurrency: number;
  durationMs: number;
}

export interface AttackReport {
  t: 'report';
  attempts: number;
  /** Most sockets open at once (signed in, in `sign-in` mode). */
  maxHeld: number;
  refused: Record<string, number>;
}

const held = new Set<WebSocket>();

function attempt(plan: AttackPlan, index: number, report: AttackReport): Promise<void> {
  report.attempts += 1;
  // Linux routes all of 127/8 to the loopback: real, distinct source addresses, no proxy needed.
  const localAddress = plan.addresses === 'one' ? '127.0.0.66' : `127.1.${(index >> 8) & 255}.${index & 255}`;
  const ws = new WebSocket(plan.wsUrl, { localAddress, perMessageDeflate: false });
  let settled = false;
  let counted = false;
  const refuse = (why: string) => {
    if (settled) return;
    settled = true;
    report.refused[why] = (report.refused[why] ?? 0) + 1;
  };
  return new Promise((resolve) => {
    const hold = () => {
      settled = true;
      counted = true;
      held.add(ws);
      report.maxHeld = Math.max(report.maxHeld, held.size);
      resolve();
    };
    ws.on('unexpected-response', (request, response) => {
      refuse(String(response.statusCode));
      request.destroy();
      resolve();
    });
    ws.on('error', (error: NodeJS.ErrnoException) => {
      refuse(error.code ?? 'error');
      resolve();
    });
    ws.on('open', () => {
      if (!plan.signIn) hold();
    });
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { t: string; nonce?: string; code?: string };
      if (frame.t === 'challenge' && plan.signIn) {
        const session = createTestKey();
        const signed = signInMessage(createTestKey(), session, { domain: plan.domain });
        ws.send(JSON.stringify(authFrame(signed, session, String(frame.nonce))));
      } else if (frame.t === 'ghost' && !counted) hold();
      else if (frame.t === 'error') refuse(`auth ${frame.code}`);
    });
    ws.on('close', (code) => {
      refuse(`close ${code}`);
      held.delete(ws);
      resolve();
    });
  });
}

async function attack(plan: AttackPlan): Promise<AttackReport> {
  const report: AttackReport = { t: 'report', attempts: 0, maxHeld: 0, refused: {} };
  const end = Date.now() + plan.durationMs;
  let next = 0;
  const worker = async () => {
    while (Date.now() < end) await attempt(plan, next++, report);
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  for (const ws of held) ws.terminate();
  held.clear();
  return report;
}

process.on('message', (plan: AttackPlan) => {
  if (plan.t === 'attack') void attack(plan).then((report) => process.send?.(report));
});
process.send?.({ t: 'ready' });

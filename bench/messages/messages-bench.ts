/**
 * Application messages per second (issue #11: aim ≥ 1,000/s each way), ~1 KB, sequential, with our
 * MLS crypto provider: in Node (bench/mls.ts's measurement) and in headless Chromium, where the
 * same shared/e2e code is bundled with esbuild and served from 127.0.0.1 (a secure context, so
 * WebCrypto's Ed25519, X25519 and AES-GCM are there as in the extension).
 * Run: `npm run bench -- messages`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { runMlsMessagesBench } from '../mls.ts';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DURATION_MS = 2000;
const MESSAGE_CHARS = 1000;

export interface MessagesBenchRow {
  where: string;
  encryptPerSecond: number;
  decryptPerSecond: number;
}

export async function runMessagesBench(): Promise<MessagesBenchRow[]> {
  const node = (await runMlsMessagesBench()).find((r) => r.provider !== 'ts-mls-default')!;
  const browser = await runInChromium();
  return [
    { where: 'Node 20', encryptPerSecond: node.encryptPerSecond, decryptPerSecond: node.decryptPerSecond },
    {
      where: 'Chromium (headless)',
      encryptPerSecond: browser.encryptPerSecond,
      decryptPerSecond: browser.decryptPerSecond,
    },
  ];
}

async function runInChromium(): Promise<{ encryptPerSecond: number; decryptPerSecond: number }> {
  const bundled = await build({
    entryPoints: [fileURLToPath(new URL('./browser-entry.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    minify: true,
  });
  const script = bundled.outputFiles[0]!.text;
  const server = createServer((req, res) => {
    if (req.url === '/bench.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><script src="/bench.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => 'runMessages' in globalThis);
    return await page.evaluate(
      (ms, chars) =>
        (
          globalThis as unknown as {
            runMessages(
              ms: number,
              chars: number,
            ): Promise<{ encryptPerSecond: number; decryptPerSecond: number }>;
          }
        ).runMessages(ms, chars),
      DURATION_MS,
      MESSAGE_CHARS,
    );
  } finally {
    await browser.close();
    server.close();
  }
}

export function printMessagesTable(rows: MessagesBenchRow[]): void {
  console.log(
    `MLS application messages, ~${MESSAGE_CHARS} B, sequential, our provider (aim: ≥ 1,000/s each)`,
  );
  console.table(rows);
}

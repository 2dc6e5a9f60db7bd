import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
// Plain ESM launcher shared with `npm start` (typed by launch.d.mts).
import { launchStoryFlow } from '../scripts/launch.mjs';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The browser the suite drives; in CI a missing browser is a failure, elsewhere a loud skip. */
export function findChromium(): string | undefined {
  const found = CANDIDATES.find((p): p is string => typeof p === 'string' && fs.existsSync(p));
  if (!found) {
    if (process.env.CI === 'true') throw new Error('e2e: no Chromium found (set CHROMIUM_PATH or apt-get install chromium)');
    console.warn('\n*** e2e SKIPPED: no Chromium found (set CHROMIUM_PATH or install chromium) ***\n');
  }
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export type RunningApp = {
  url: string;
  apiUrl: string;
  dataDir: string;
  /** Stops the API on purpose (no restart); the web server keeps serving. */
  stopApi(): Promise<void>;
  /** Starts it again and waits until it answers. */
  startApi(): Promise<void>;
  /** Kills the API as a crash would; the launcher restarts it. */
  crashApi(): void;
  stop(): Promise<void>;
};

/** The production build of StoryFlow on free ports with its own temp data directory. */
export async function startApp(dataDir?: string): Promise<RunningApp> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'storyflow-e2e-'));
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const app = await launchStoryFlow({
    dataDir: dir,
    apiPort,
    webPort,
    stdio: process.env.E2E_VERBOSE ? 'inherit' : 'ignore',
    env: { STORYFLOW_LOG_LEVEL: 'warn' },
    log: process.env.E2E_VERBOSE ? undefined : () => undefined,
  });
  return {
    url: app.url,
    apiUrl: app.apiUrl,
    dataDir: dir,
    stopApi: () => app.stopApi(),
    startApi: () => app.startApi(),
    crashApi: () => void app.api.kill('SIGKILL'),
    stop: () => app.stop(),
  };
}

export async function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '..', 'test-results', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

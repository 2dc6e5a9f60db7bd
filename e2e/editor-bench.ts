/**
 * The editor with a long story (SPEC §7.8, issue 14): a 500-segment project with an image
 * and audio on every segment, opened in Debian's Chromium at 1440×900. Prints
 *   - time to interactive: navigation start → a key typed into the first narration box as soon as it
 *     exists (the page focuses it itself) has been painted,
 *   - what the open fetched (WAVs, thumbnails, originals) and how many cards are mounted,
 *   - typing latency per key (keydown → its work done, and → the next frame), p50/p95/max,
 *   - scroll frame times while the window scrolls through the whole list, p50/p95/max.
 * A measurement, not a test: `npm run bench:editor` (production build, built if stale).
 * SEGMENTS=… changes the story length; OPENS=… how many fresh tabs open it (default 3: on a
 * shared machine one open swings by a few hundred ms, the median of several less). Lives in e2e/ because its page code needs DOM types,
 * which backend's tsconfig (that holds bench/) does not have.
 */
import os from 'node:os';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
// Plain ESM helpers shared with `npm test`.
import { ensureBuilt } from '../scripts/prepare.mjs';
import { findChromium, launchBrowser, startApp } from './harness.js';

const SEGMENTS = Number(process.env.SEGMENTS ?? 500);
const OPENS = Math.max(1, Number(process.env.OPENS ?? 3));
const TYPED = 'The keeper lit the lamp as the storm came in';
const UPLOAD_CONCURRENCY = 4;

type ApiSegment = { id: string };
type ApiProject = { id: string; segments: ApiSegment[] };
type Stats = { p50: number; p95: number; max: number; n: number };

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? NaN, n: sorted.length };
}
const ms = (value: number) => `${value.toFixed(1)} ms`;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? NaN;
const line = (label: string, s: Stats) => `${label}: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)} (${s.n} samples)`;

const chromium = findChromium();
if (chromium === undefined) throw new Error('bench:editor needs Chromium (/usr/bin/chromium or CHROMIUM_PATH)');
ensureBuilt();
const app = await startApp();
const browser = await launchBrowser(chromium);

async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(app.apiUrl + path, init);
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The story: SEGMENTS narrations, one photo-sized image each (a few different ones), audio for all. */
async function makeStory(): Promise<ApiProject> {
  const blocks = Array.from({ length: SEGMENTS }, (_, i) => `Text: Part ${i + 1}. The lighthouse keeper climbs the stairs again.`);
  const project = await api<ApiProject>('/api/projects/import/', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ format: 'text', title: `A long story (${SEGMENTS})`, raw_text: blocks.join('\n---\n') }),
  });
  const colours = ['#1e3a8a', '#9a3412', '#166534', '#6b21a8', '#0f766e'];
  const images = await Promise.all(
    colours.map((colour) =>
      sharp({ create: { width: 1920, height: 1080, channels: 3, background: colour } })
        .composite([{ input: Buffer.from(`<svg width="1920" height="1080"><circle cx="960" cy="540" r="400" fill="#fde68a"/></svg>`) }])
        .jpeg({ quality: 85 })
        .toBuffer(),
    ),
  );
  let next = 0;
  const upload = async () => {
    while (next < project.segments.length) {
      const i = next++;
      const form = new FormData();
      form.append('image', new Blob([new Uint8Array(images[i % images.length]!)], { type: 'image/jpeg' }), `part-${i + 1}.jpg`);
      await api(`/api/segments/${project.segments[i]!.id}/upload-image/`, { method: 'POST', body: form });
    }
  };
  await Promise.all(Array.from({ length: UPLOAD_CONCURRENCY }, upload));
  const batch = await api<{ task_id: string | null }>(`/api/projects/${project.id}/generate-all-audio/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  if (batch.task_id !== null) {
    for (;;) {
      const task = await api<{ status: string; error?: string | null }>(`/api/tasks/${batch.task_id}/status/`);
      if (task.status === 'COMPLETED') break;
      if (task.status === 'FAILED' || task.status === 'CANCELLED') throw new Error(`audio batch ${task.status}: ${task.error ?? ''}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return project;
}

/** Runs in the page before its scripts: notes when the first narration box appears. */
function watchFirstCard() {
  const w = window as typeof window & { __firstCardAt?: number };
  const observer = new MutationObserver(() => {
    if (w.__firstCardAt === undefined && document.querySelector('[data-testid="segment-card"] textarea')) {
      w.__firstCardAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

/**
 * Opens the editor and types one key into the first narration as soon as it exists. A busy
 * main thread (hydration, 500 cards mounting) delays that key: the moment its character is
 * painted is when the page answered the user, i.e. interactive.
 */
async function openEditor(page: Page, projectId: string) {
  const requests: string[] = [];
  page.on('request', (req) => requests.push(new URL(req.url()).pathname));
  await page.addInitScript(watchFirstCard);
  await page.goto(`${app.url}/projects/${projectId}`, { waitUntil: 'commit' });
  // The page itself waits for the first narration box, focuses it and listens for the key:
  // Playwright's own waiting polls at growing intervals (500 ms apart after the first
  // 0.8 s), which would time the harness, not the page.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const w = window as typeof window & { __keyPaintedAt?: number };
        const ready = () => {
          const box = document.querySelector<HTMLTextAreaElement>('[data-testid="segment-card"] textarea');
          if (!box) return false;
          box.focus();
          box.addEventListener('input', () => requestAnimationFrame(() => (w.__keyPaintedAt = performance.now())), { once: true });
          resolve();
          return true;
        };
        if (ready()) return;
        const observer = new MutationObserver(() => {
          if (ready()) observer.disconnect();
        });
        observer.observe(document, { childList: true, subtree: true });
      }),
  );
  await page.keyboard.type('x');
  await page.waitForFunction(() => (window as typeof window & { __keyPaintedAt?: number }).__keyPaintedAt !== undefined);
  const times = await page.evaluate(() => {
    const w = window as typeof window & { __firstCardAt?: number; __keyPaintedAt?: number };
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return { firstCard: w.__firstCardAt ?? NaN, interactive: w.__keyPaintedAt ?? NaN, domContentLoaded: nav?.domContentLoadedEventEnd ?? NaN };
  });
  await page.keyboard.press('Backspace');
  // What opening cost on the wire, once the first screen settled.
  await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
  const mounted = await page.locator('[data-testid="segment-card"]').count();
  return {
    ...times,
    mounted,
    wavs: requests.filter((p) => p.endsWith('.wav')).length,
    thumbnails: requests.filter((p) => p.includes('/thumbnail.webp')).length,
    originals: requests.filter((p) => /\/media\/.*\/images\//.test(p)).length,
  };
}

/** Latency of each key typed into a narration halfway down the story. */
async function measureTyping(page: Page) {
  await page.getByRole('spinbutton', { name: 'Go to segment' }).fill(String(Math.ceil(SEGMENTS / 2)));
  await page.getByRole('button', { name: 'Go', exact: true }).click();
  await page.waitForFunction(() => document.activeElement instanceof HTMLTextAreaElement);
  await page.evaluate(() => {
    const w = window as typeof window & { __handled: number[]; __framed: number[] };
    w.__handled = [];
    w.__framed = [];
    // The last key's timestamp (when the browser got it). Keys that change no text (End) leave no sample.
    let keyAt = 0;
    const channel = new MessageChannel();
    // Posted from the input event: delivered after keydown, beforeinput, input and React's render all ran.
    channel.port1.onmessage = () => w.__handled.push(performance.now() - keyAt);
    document.addEventListener(
      'keydown',
      (event) => {
        keyAt = event.timeStamp;
        requestAnimationFrame(() => w.__framed.push(performance.now() - event.timeStamp));
      },
      { capture: true },
    );
    document.addEventListener('input', () => channel.port2.postMessage(null), { capture: true });
  });
  await page.keyboard.press('End');
  await page.waitForTimeout(300);
  await page.evaluate(() => {
    const w = window as typeof window & { __handled: number[]; __framed: number[] };
    w.__handled = [];
    w.__framed = [];
  });
  await page.keyboard.type(` ${TYPED}`, { delay: 60 });
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const w = window as typeof window & { __handled: number[]; __framed: number[] };
    return { handled: w.__handled, framed: w.__framed };
  });
}

/** Frame intervals while the window scrolls from the top to the bottom of the story at a brisk pace. */
async function measureScrolling(page: Page) {
  await page.evaluate(() => window.scrollTo({ top: 0 }));
  await page.waitForTimeout(500);
  return page.evaluate(
    () =>
      new Promise<{ frames: number[]; mountedMax: number; reachedY: number; pageHeight: number; stalled: boolean }>((resolve) => {
        const MAX_FRAMES = 4000; // a guard: a page that keeps moving its end must not hold the bench forever
        const frames: number[] = [];
        let mountedMax = 0;
        let last = performance.now();
        const step = 120; // px per frame: 7 200 px/s, a fast wheel
        let stuckFrames = 0;
        let lastY = -1;
        const done = (stalled: boolean) => {
          clearInterval(watchdog);
          resolve({ frames: frames.slice(1), mountedMax, reachedY: window.scrollY, pageHeight: document.documentElement.scrollHeight, stalled });
        };
        // Once (in 15 runs) the frames stopped coming and the bench waited forever: report it instead.
        const watchdog = setInterval(() => {
          if (performance.now() - last > 5000) done(true);
        }, 1000);
        const tick = (now: number) => {
          frames.push(now - last);
          last = now;
          mountedMax = Math.max(mountedMax, document.querySelectorAll('[data-testid="segment-card"]').length);
          // The page's height changes as cards are measured: the end is where scrolling stops moving.
          stuckFrames = window.scrollY === lastY ? stuckFrames + 1 : 0;
          lastY = window.scrollY;
          const atEnd = window.scrollY >= document.documentElement.scrollHeight - window.innerHeight - 1;
          if (atEnd || stuckFrames >= 10 || frames.length >= MAX_FRAMES) return done(false);
          window.scrollBy(0, step);
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
  );
}

/**
 * A 1440×900 tab. tsx (esbuild, keepNames) wraps named functions in the page code below in
 * `__name(fn, "name")`, a helper that exists only in Node: the page gets a no-op one.
 */
async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript('globalThis.__name = (fn) => fn;');
  return page;
}

try {
  const made = performance.now();
  const project = await makeStory();
  console.log(`Made a ${SEGMENTS}-segment story with images and audio in ${((performance.now() - made) / 1000).toFixed(1)} s`);

  // A first visit warms the server's thumbnail cache for the first screen, as any later visit finds it.
  const warm = await newPage();
  await openEditor(warm, project.id);
  await warm.close();

  // Each open in a fresh tab (its own cache); typing and scrolling are measured in the last one.
  const loadBefore = load();
  const opens: Awaited<ReturnType<typeof openEditor>>[] = [];
  let page = await newPage();
  for (let i = 0; i < OPENS; i++) {
    if (i > 0) {
      await page.close();
      page = await newPage();
    }
    opens.push(await openEditor(page, project.id));
  }
  const open = opens.at(-1)!;
  console.log('opened; typing…');
  const typing = await measureTyping(page);
  console.log('typed; scrolling…');
  const scrolling = await measureScrolling(page);

  const each = (pick: (o: (typeof opens)[number]) => number) =>
    `${ms(median(opens.map(pick)))}${OPENS > 1 ? ` (median of ${OPENS}: ${opens.map((o) => pick(o).toFixed(0)).join(', ')})` : ''}`;
  console.log(`\nEditor with ${SEGMENTS} segments (Chromium ${browser.version()}, 1440×900)`);
  console.log(`load average (1/5/15 min): ${loadBefore} before the opens, ${load()} after scrolling`);
  console.log(`DOMContentLoaded: ${each((o) => o.domContentLoaded)}`);
  console.log(`first card painted: ${each((o) => o.firstCard)}`);
  console.log(`time to interactive (first key painted in the first card): ${each((o) => o.interactive)}`);
  console.log(`on open: ${open.mounted} cards mounted, ${open.thumbnails} thumbnails, ${open.originals} full-size images, ${open.wavs} WAV files fetched`);
  console.log(line('typing, keydown → work done', stats(typing.handled)));
  console.log(line('typing, keydown → next frame', stats(typing.framed)));
  console.log(line('scrolling top → bottom, frame time', stats(scrolling.frames)));
  console.log(`most cards mounted at once while scrolling: ${scrolling.mountedMax}`);
  console.log(`scrolled to ${Math.round(scrolling.reachedY)} px of a ${Math.round(scrolling.pageHeight)} px page`);
  if (scrolling.stalled) console.log('!! scrolling stalled: no animation frame for 5 s');
  await page.close();
} finally {
  await browser.close();
  await app.stop();
}

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchBrowser, screenshot, startApp, type RunningApp } from './harness.js';

const chromiumPath = findChromium();
/** Set by scripts/without-system-tools.mjs: the system ffmpeg, ffprobe and espeak-ng are stubs that exit 127. */
const bareMachine = process.env.STORYFLOW_BARE_MACHINE === '1';

type ApiTool = { name: string; available: boolean; source: string | null; version: string | null; kind: string | null };

const SOURCE_LABEL: Record<string, string> = {
  system: 'installed on this computer',
  bundled: 'bundled with StoryFlow',
  env: 'set by environment variable',
};

describe.skipIf(!chromiumPath)('the programs StoryFlow uses, in Chromium', () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser(chromiumPath ?? '');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('names each program, its version and where it comes from in the editor’s settings', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    try {
      const project = (await (
        await fetch(`${app.apiUrl}/api/projects/import/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'Tools check', format: 'text', raw_text: 'Text: One line.\nPrompt: a field' }),
        })
      ).json()) as { id: string };
      const { tools } = (await (await fetch(`${app.apiUrl}/api/system/`)).json()) as { tools: ApiTool[] };
      expect(tools.map((t) => t.name)).toEqual(['ffmpeg', 'ffprobe', 'espeak-ng']);
      expect(tools.every((t) => t.available)).toBe(true);
      if (bareMachine) {
        // With the system programs hidden, speech and rendering must run on what npm installed.
        expect(tools.map((t) => [t.name, t.source, t.kind])).toEqual([
          ['ffmpeg', 'bundled', 'program'],
          ['ffprobe', 'bundled', 'program'],
          ['espeak-ng', 'bundled', 'wasm'],
        ]);
      }

      await page.goto(`${app.url}/projects/${project.id}`);
      // exact: the editor's own section is a region named after the project's title.
      const programs = page.getByRole('region', { name: 'Programs', exact: true });
      const items = programs.getByRole('listitem');
      await expect.poll(() => items.count()).toBe(3);
      const shown = await items.allInnerTexts();
      expect(shown).toEqual(tools.map((t) => `${t.name} ${t.version ?? ''} — ${SOURCE_LABEL[t.source ?? ''] ?? ''}`));
      await screenshot(page, bareMachine ? 'settings-programs-bare-machine' : 'settings-programs');
    } catch (err) {
      await screenshot(page, 'failure-programs');
      throw err;
    } finally {
      await page.close();
    }
  });
});

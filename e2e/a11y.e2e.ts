import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.js';
import { findChromium, launchBrowser, screenshot, startApp, type RunningApp } from './harness.js';

const chromiumPath = findChromium();

type ApiSegment = { id: string; audio_file: string | null };
type ApiProject = { id: string; title: string; segments: ApiSegment[] };

const focusedName = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? (el.getAttribute('aria-label') ?? el.textContent ?? '').trim() : '';
  });

describe.skipIf(!chromiumPath)('axe-core finds nothing serious, and focus lands somewhere sensible', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;

  const api = async <T>(p: string, init?: RequestInit): Promise<T> =>
    // JSON content type only with a body: Fastify answers 400 to an empty JSON body.
    (await (
      await fetch(app.apiUrl + p, { headers: init?.body ? { 'Content-Type': 'application/json' } : {}, ...init })
    ).json()) as T;

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser(chromiumPath ?? '');
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('the empty dashboard, the create and import dialogs; closing a dialog returns focus to its button', async () => {
    await page.goto(app.url);
    await page.getByText('No projects yet').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const create = page.getByRole('button', { name: 'New project' }).first();
    await create.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'New project' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'a11y-create-dialog');
    await page.keyboard.press('Escape');
    await expect.poll(() => focusedName(page)).toBe('New project');

    await page.getByRole('button', { name: 'Import story' }).first().click();
    await page.getByRole('dialog', { name: 'Import a story' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'a11y-import-dialog');
    await page.keyboard.press('Escape');
    await expect.poll(() => focusedName(page)).toBe('Import story');
  });

  it('the dashboard with projects and its delete dialog', async () => {
    await api<ApiProject>('/api/projects/import/', {
      method: 'POST',
      body: JSON.stringify({ format: 'text', title: 'The Lighthouse Keeper', raw_text: 'Text: One.\n---\nText: Two.' }),
    });
    await page.goto(app.url);
    await page.getByText('The Lighthouse Keeper').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Actions for The Lighthouse Keeper' }).click();
    await page.getByRole('menuitem', { name: 'Delete project' }).click();
    await page.getByRole('alertdialog').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'a11y-delete-project-dialog');
    await page.getByRole('button', { name: 'Cancel' }).click();
    // Back on the card's menu button, not lost on the page body.
    await expect.poll(() => focusedName(page)).toBe('Actions for The Lighthouse Keeper');
  });

  it('the editor with an image and audio, its delete dialog; lock and delete keep focus on the cards', async () => {
    const project = await api<ApiProject>('/api/projects/import/', {
      method: 'POST',
      body: JSON.stringify({
        format: 'text',
        title: 'Harbour',
        raw_text: 'Text: The boats came home.\n---\nText: Gulls.\n---\nText: Night.',
      }),
    });
    const first = project.segments[0]?.id ?? '';
    const jpeg = await sharp({ create: { width: 320, height: 180, channels: 3, background: '#1d4ed8' } })
      .jpeg()
      .toBuffer();
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'scene.jpg');
    await fetch(`${app.apiUrl}/api/segments/${first}/upload-image/`, { method: 'POST', body: form });
    await api(`/api/segments/${first}/generate-audio/`, { method: 'POST' });
    await expect
      .poll(async () => (await api<ApiProject>(`/api/projects/${project.id}/`)).segments[0]?.audio_file ?? null, {
        timeout: 120_000,
      })
      .not.toBeNull();

    await page.goto(`${app.url}/projects/${project.id}`);
    await page
      .getByRole('slider', { name: /Seek segment/ })
      .first()
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'a11y-editor');

    // Lock keeps focus on the button it pressed.
    const card = (n: number) => page.getByRole('article', { name: `Segment ${n}` });
    await card(2).getByRole('button', { name: 'Lock segment', exact: true }).click();
    await card(2).getByRole('button', { name: 'Unlock segment', exact: true }).waitFor();
    expect(await focusedName(page)).toBe('Unlock segment');
    await page.keyboard.press('Enter');
    await card(2).getByRole('button', { name: 'Lock segment', exact: true }).waitFor();
    expect(await focusedName(page)).toBe('Lock segment');

    // A tooltip: shown on hover and on focus, describing its button, closed by Escape with focus kept.
    await card(1).getByRole('button', { name: 'Lock segment', exact: true }).hover();
    await expect.poll(() => page.getByRole('tooltip').textContent()).toBe('Lock segment');
    const moveDown = card(1).getByRole('button', { name: 'Move down' });
    await moveDown.focus();
    const tip = page.getByRole('tooltip');
    await expect.poll(() => tip.textContent()).toBe('Move down');
    expect(await moveDown.getAttribute('aria-describedby')).toBe(await tip.getAttribute('id'));
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await tip.waitFor({ state: 'detached' });
    expect(await focusedName(page)).toBe('Move down');
    await page.mouse.move(0, 0);

    // Move to position…, closed with Escape, gives focus back to its button.
    await card(2).getByRole('button', { name: 'Move to position…' }).click();
    await page.getByRole('dialog').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => focusedName(page)).toBe('Move to position…');

    await card(2).getByRole('button', { name: 'Delete segment' }).click();
    await page.getByRole('alertdialog').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Delete segment' }).last().click();
    // The card that took its place (the old segment 3, now 2) holds focus.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Segment 2');
    expect(await page.getByTestId('segment-card').count()).toBe(2);
  });
});

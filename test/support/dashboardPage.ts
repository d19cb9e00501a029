import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { PageRecorder } from './pageRecorder.js';

/** A laptop in the light theme. */
export const LAPTOP: BrowserContextOptions = {
  viewport: { width: 1280, height: 900 },
  colorScheme: 'light',
  timezoneId: 'UTC',
};
/** A phone in the dark theme. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  colorScheme: 'dark',
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
  timezoneId: 'UTC',
};
/** The ids of the page's four chart hosts. */
export const CHARTS = ['traffic-chart', 'errors-chart', 'latency-chart', 'saturation-chart'];

/** The few DOM members the in-page checks use: the test program is compiled without the DOM lib. */
export interface InPageElement {
  textContent: string | null;
  querySelector(selector: string): InPageElement | null;
  querySelectorAll(selector: string): ArrayLike<InPageElement>;
}
/** A canvas, as far as the pixel count reads it. */
export interface InPageCanvas extends InPageElement {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
  } | null;
}
/** The page's global object, as far as the checks read it. */
export interface InPage {
  document: {
    getElementById(id: string): InPageElement | null;
    documentElement: { scrollWidth: number };
    body: InPageElement;
  };
  innerWidth: number;
  getComputedStyle(el: InPageElement): { borderColor: string; backgroundColor: string };
}

/** Per series of a chart: its legend label and colour, and how many canvas pixels have that colour. */
export function seriesPixels(chartId: string): { label: string; color: string; pixels: number }[] {
  const w = globalThis as unknown as InPage;
  const host = w.document.getElementById(chartId);
  const canvas = host?.querySelector('canvas') as InPageCanvas | null | undefined;
  const ctx = canvas?.getContext('2d');
  if (host == null || canvas == null || ctx == null) throw new Error(`${chartId}: no canvas`);
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const out: { label: string; color: string; pixels: number }[] = [];
  const rows = host.querySelectorAll('.u-legend .u-series');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as InPageElement;
    const marker = row.querySelector('.u-marker');
    // The live legend's first row is the time under the cursor, no series.
    if (marker === null || i === 0) continue;
    const color = w.getComputedStyle(marker).borderColor;
    const [r, g, b] = (color.match(/\d+/g) ?? []).map(Number) as [number, number, number];
    let pixels = 0;
    for (let p = 0; p < data.length; p += 4) {
      const near =
        Math.abs((data[p] as number) - r) +
          Math.abs((data[p + 1] as number) - g) +
          Math.abs((data[p + 2] as number) - b) <=
        24;
      if (near && (data[p + 3] as number) >= 250) pixels++;
    }
    out.push({ label: row.querySelector('.u-label')?.textContent ?? '', color, pixels });
  }
  return out;
}

/** A page in a fresh context with a controllable clock, recorded from its first request. */
export async function openPage(
  browser: Browser,
  url: string,
  options: BrowserContextOptions = LAPTOP,
  beforeLoad: (page: Page) => Promise<unknown> = async () => {},
): Promise<{ page: Page; recorder: PageRecorder }> {
  const context = await browser.newContext(options);
  // The clock runs at normal speed; tests jump it forward to fire the 5 s refresh at once.
  await context.clock.install();
  const page = await context.newPage();
  const recorder = await PageRecorder.attach(page);
  await beforeLoad(page);
  await page.goto(url);
  return { page, recorder };
}

/** Waits until the refresh in flight (if any) has drawn the chosen period. */
export async function settled(page: Page): Promise<void> {
  await page.waitForSelector('#main[aria-busy="false"]:not([data-stale])');
  for (const id of CHARTS) await page.waitForSelector(`#${id} canvas`);
}

/** The cells' text of each body row of a table. */
export async function tableRows(page: Page, tableId: string): Promise<string[][]> {
  const rows = await page.locator(`#${tableId} tbody tr`).all();
  return Promise.all(
    rows.map(async (row) => (await row.locator('th, td').allTextContents()).map((t) => t.trim())),
  );
}

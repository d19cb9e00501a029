import type { Page } from 'playwright-core';

/** What a panel of the page shows: whether it is visible, and its text. */
export interface PanelState {
  readonly visible: boolean;
  readonly text: string;
}

/** The page's per-process panels: in flight, and the recent errors (the table's section). */
export const PER_PROCESS_PANELS = {
  inflight: '#inflight-panel',
  'recent errors': 'section:has(#recent-errors)',
} as const;

/** Words that say a panel's answer lives in each process, not in the engine. */
export const PER_PROCESS_WORDS = /per[- ]process|each (process|instance)|own dashboard|in memory/i;

/** The visibility and text of the panel at `selector` (not visible when absent). */
export async function panelState(page: Page, selector: string): Promise<PanelState> {
  const panel = page.locator(selector).first();
  if ((await panel.count()) === 0) return { visible: false, text: '' };
  const visible = await panel.isVisible();
  return { visible, text: visible ? ((await panel.textContent()) ?? '').replace(/\s+/g, ' ') : '' };
}

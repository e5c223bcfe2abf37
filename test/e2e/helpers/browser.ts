import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { accessibilityProblems, type A11yProblem } from './axe.ts';

/** Debian's Chromium, never a downloaded browser; no background traffic to hosts this machine cannot reach. */
const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Saves screenshots of the main screens (git-ignored) and runs axe-core on each. */
export class Screens {
  /** Accessibility findings per screen, asserted once at the end so one run lists them all. */
  readonly problems: Array<{ screen: string } & A11yProblem> = [];
  private readonly dir: string;

  constructor(name: string) {
    this.dir = join(import.meta.dirname, '..', '..', '..', 'test-artifacts', name);
    mkdirSync(this.dir, { recursive: true });
  }

  /** The screen at desktop and phone widths, then back to the page's size. */
  async shoot(page: Page, name: string): Promise<void> {
    const size = page.viewportSize() ?? DESKTOP;
    for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(250);
      await page.screenshot({ path: join(this.dir, `${name}-${label}.png`) });
      for (const p of await accessibilityProblems(page)) this.problems.push({ screen: `${name}-${label}`, ...p });
    }
    await page.setViewportSize(size);
  }
}

export async function waitForCount(locator: Locator, n: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await locator.count()) !== n) {
    if (Date.now() > deadline) throw new Error(`expected ${n} elements, found ${await locator.count()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

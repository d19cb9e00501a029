import type { Page } from 'playwright-core';

/**
 * Everything a page did that a test may want to hold against it: every
 * request URL, every failed request or error response, every console error,
 * uncaught exception and Content-Security-Policy violation.
 */
export class PageRecorder {
  /** Every request the page made, in order. */
  readonly requests: string[] = [];
  /** Requests that failed in the network, and responses with status >= 400. */
  readonly failures: string[] = [];
  /** Console errors, uncaught exceptions and CSP violations. */
  readonly errors: string[] = [];

  private constructor(readonly page: Page) {
    page.on('request', (r) => this.requests.push(r.url()));
    page.on('requestfailed', (r) => this.failures.push(`${r.url()}: ${r.failure()?.errorText}`));
    page.on('response', (r) => {
      if (r.status() >= 400) this.failures.push(`${r.url()}: HTTP ${r.status()}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => this.errors.push(`uncaught: ${e.message}`));
  }

  /** Starts recording a page before it loads anything. */
  static async attach(page: Page): Promise<PageRecorder> {
    const recorder = new PageRecorder(page);
    // CSP violations reach no console event of their own: turn each into a console error.
    await page.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (e) => {
        console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline'));
      });`,
    });
    return recorder;
  }

  /** The requests to one path of the app (`/dashboard/requests`), from index `from` on, as URLs. */
  requestsTo(pathname: string, from = 0): URL[] {
    return this.requests
      .slice(from)
      .map((u) => new URL(u))
      .filter((u) => u.pathname === pathname);
  }
}

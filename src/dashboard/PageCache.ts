import { type PageAsset, type PageAssets, renderPage } from './pageAssets.js';

/** The page's files, read once on first use, and the page rendered once per prefix it is mounted under. */
export class PageCache {
  private assets: PageAssets | undefined;
  /** The page rendered for each prefix (a handful at most). */
  private readonly pages = new Map<string, PageAsset>();

  constructor(private readonly load: () => PageAssets) {}

  /** The page for a mount at `prefix`. */
  page(prefix: string): PageAsset {
    let page = this.pages.get(prefix);
    if (page === undefined) {
      page = renderPage(this.loaded().html, prefix);
      this.pages.set(prefix, page);
    }
    return page;
  }

  /** One of the page's files (scripts, styles), or undefined. */
  asset(name: string): PageAsset | undefined {
    return this.loaded().byName.get(name);
  }

  private loaded(): PageAssets {
    this.assets ??= this.load();
    return this.assets;
  }
}

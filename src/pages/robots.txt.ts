/** `robots.txt`: everything may be crawled; the sitemap index is named for crawlers. */
import { absoluteUrl } from '../lib/feed';
import { siteConfig } from '../site.config';

export function GET() {
  return new Response(`User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(siteConfig.url, '/sitemap-index.xml')}\n`, {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}

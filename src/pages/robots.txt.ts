/** `robots.txt`: everything may be crawled; the sitemap index is named for crawlers. */
import { absoluteUrl } from '../lib/feed';
import { settings } from '../settings';

export function GET() {
  return new Response(`User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(settings.url, '/sitemap-index.xml')}\n`, {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}

/** `robots.txt`: everything may be crawled; the sitemap index is named for crawlers. */
import { pageView } from '../route-data';
import { context } from '../site-data';

export function GET() {
  const view = pageView(context, 'robots');
  return new Response(`User-agent: *\nAllow: /\n\nSitemap: ${view.sitemapUrl}\n`, {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}

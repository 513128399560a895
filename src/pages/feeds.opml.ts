/** `/feeds.opml`: every feed in one list, for readers that import OPML. */
import { buildOpml } from '../lib/opml';
import { pageView } from '../route-data';
import { context } from '../site-data';

export function GET() {
  return new Response(buildOpml(pageView(context, 'opml')), { headers: { 'content-type': 'text/x-opml; charset=utf-8' } });
}

/** The site feed at `/feed.xml` (the URL Jekyll's feed had), newest posts first. */
import { feedResponse } from '../lib/feed';
import { readBody } from '../lib/body-store';
import { pageView } from '../route-data';
import { context } from '../site-data';

export function GET() {
  return feedResponse(pageView(context, 'feed', 'feed.xml'), readBody);
}

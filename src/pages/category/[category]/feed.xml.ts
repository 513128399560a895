/** One feed per category at `/category/<key>/feed.xml`. */
import type { APIContext } from 'astro';
import { feedResponse } from '../../../lib/feed';
import { readBody } from '../../../lib/body-store';
import type { FeedPageView } from '../../../route-data';
import { staticPaths } from '../../../site-data';

export function getStaticPaths() {
  return staticPaths('category/[category]/feed.xml');
}

export function GET({ props }: APIContext<{ view: FeedPageView }>) {
  return feedResponse(props.view, readBody);
}

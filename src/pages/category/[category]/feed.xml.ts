/** One feed per category at `/category/<key>/feed.xml`. */
import type { APIContext } from 'astro';
import { feedResponse } from '../../../lib/feed';
import { readBody } from '../../../loaders/html-store';
import { categoryFeedRoutes, staticPath, type FeedView } from '../../../route-data';
import { context } from '../../../site-data';

export function getStaticPaths() {
  return categoryFeedRoutes(context).map(staticPath);
}

export function GET({ props }: APIContext<{ view: FeedView }>) {
  return feedResponse(props.view, readBody);
}

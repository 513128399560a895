/** One feed per category at `/category/<key>/feed.xml`. */
import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { rssOptions } from '../../../lib/feed';
import { readBody } from '../../../loaders/html-store';
import { categoryFeedRoutes, staticPath, type FeedView } from '../../../route-data';
import { context } from '../../../site-data';

export function getStaticPaths() {
  return categoryFeedRoutes(context).map(staticPath);
}

export function GET({ props }: APIContext<{ view: FeedView }>) {
  return rss(rssOptions(props.view, readBody));
}

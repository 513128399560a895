/** One feed per category at `/category/<key>/feed.xml`. */
import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { feedCacheKey } from '../../../lib/cache-key';
import { absoluteUrl, channelData, feedItem } from '../../../lib/feed';
import type { Term } from '../../../lib/site-index';
import { postBody, site, settings } from '../../../site-data';

export function getStaticPaths() {
  return [...site.categories.values()].map((category) => ({
    params: { category: category.key },
    props: { category },
    cacheKey: feedCacheKey(category, category.posts.slice(0, settings.feedSize)),
  }));
}

export function GET({ props }: APIContext<{ category: Term }>) {
  const { category } = props;
  return rss({
    title: `${category.name} | ${settings.title}`,
    description: category.description ?? `${settings.title}“${category.name}”分类的最新文章`,
    site: absoluteUrl(settings.url, category.url),
    xmlns: { atom: 'http://www.w3.org/2005/Atom' },
    // Browsers show the feed as a readable page; readers ignore the stylesheet.
    stylesheet: '/feed.xsl',
    customData: channelData(settings.language, absoluteUrl(settings.url, category.feedUrl!)),
    items: category.posts
      .slice(0, settings.feedSize)
      .map((post) => feedItem({ ...post, ...postBody(post.bodyFile) }, settings.url, settings.timeZone)),
  });
}

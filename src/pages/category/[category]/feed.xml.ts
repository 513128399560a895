/** One feed per category at `/category/<key>/feed.xml`. */
import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { feedCacheKey } from '../../../lib/cache-key';
import { absoluteUrl, channelData, feedItem } from '../../../lib/feed';
import type { Term } from '../../../lib/site-index';
import { postBody, site, siteConfig } from '../../../site-data';

export function getStaticPaths() {
  return [...site.categories.values()].map((category) => ({
    params: { category: category.key },
    props: { category },
    cacheKey: feedCacheKey(category, category.posts.slice(0, siteConfig.feedSize)),
  }));
}

export function GET({ props }: APIContext<{ category: Term }>) {
  const { category } = props;
  return rss({
    title: `${category.name} | ${siteConfig.title}`,
    description: category.description ?? `${siteConfig.title}“${category.name}”分类的最新文章`,
    site: absoluteUrl(siteConfig.url, category.url),
    xmlns: { atom: 'http://www.w3.org/2005/Atom' },
    // Browsers show the feed as a readable page; readers ignore the stylesheet.
    stylesheet: '/feed.xsl',
    customData: channelData(siteConfig.language, absoluteUrl(siteConfig.url, category.feedUrl!)),
    items: category.posts
      .slice(0, siteConfig.feedSize)
      .map((post) => feedItem({ ...post, ...postBody(post.bodyFile) }, siteConfig.url, siteConfig.timeZone)),
  });
}

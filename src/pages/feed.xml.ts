/** The site feed at `/feed.xml` (the URL Jekyll's feed had), newest posts first. */
import rss from '@astrojs/rss';
import { absoluteUrl, channelData, feedItem } from '../lib/feed';
import { postBody, site, siteConfig } from '../site-data';

export function GET() {
  return rss({
    title: siteConfig.title,
    description: siteConfig.description,
    site: siteConfig.url,
    xmlns: { atom: 'http://www.w3.org/2005/Atom' },
    // Browsers show the feed as a readable page; readers ignore the stylesheet.
    stylesheet: '/feed.xsl',
    customData: channelData(siteConfig.language, absoluteUrl(siteConfig.url, '/feed.xml')),
    items: site.posts
      .slice(0, siteConfig.feedSize)
      .map((post) => feedItem({ ...post, ...postBody(post.bodyFile) }, siteConfig.url, siteConfig.timeZone)),
  });
}

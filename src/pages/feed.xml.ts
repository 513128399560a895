/** The site feed at `/feed.xml` (the URL Jekyll's feed had), newest posts first. */
import rss from '@astrojs/rss';
import { absoluteUrl, channelData, feedItem } from '../lib/feed';
import { postBody, site, settings } from '../site-data';

export function GET() {
  return rss({
    title: settings.title,
    description: settings.description,
    site: settings.url,
    xmlns: { atom: 'http://www.w3.org/2005/Atom' },
    // Browsers show the feed as a readable page; readers ignore the stylesheet.
    stylesheet: '/feed.xsl',
    customData: channelData(settings.language, absoluteUrl(settings.url, '/feed.xml')),
    items: site.posts
      .slice(0, settings.feedSize)
      .map((post) => feedItem({ ...post, ...postBody(post.bodyFile) }, settings.url, settings.timeZone)),
  });
}

/**
 * This site's settings. Every setting, its default and its range is described in
 * `src/schemas/settings.ts` (and the README's settings table); write here only what differs.
 * The build checks these values before reading any post and stops with the setting, the value
 * and the fix when one is wrong. `npm run migrate` edits this object, so keep it one literal.
 */
import { defineSiteSettings } from './schemas/settings';

export default defineSiteSettings({
  title: '新闻存档',
  description: '财经与时事新闻存档',
  language: 'zh-CN',
  url: 'https://finews.example.com',
  timeZone: 'Asia/Shanghai',
  permalink: 'date',
  pageSize: 50,
  pagination: 'stable',
  feedSize: 50,
  homePostCount: 30,
  homeCategoryCount: 12,
  excerptLength: 120,
  legacyHosts: ['finews.example.com', 'finews.withounder.com'],
});

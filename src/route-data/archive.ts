/** Month archives (`/archive/<year>/<month>.html`) and their index (`/archive.html`). */
import type { MonthArchive } from '../lib/site-index';
import { ARCHIVE_URL } from '../lib/site-urls';
import {
  pageFrame,
  postItems,
  type PageFrameView,
  type PostItemView,
  type RouteContext,
  type RouteEntry,
  type TitledLinkView,
} from './common';

/** The posts of one month, newest first, with links to the months before and after. */
export interface MonthView {
  kind: 'month';
  frame: PageFrameView;
  /** `2024年3月`. */
  heading: string;
  count: number;
  posts: PostItemView[];
  newer?: TitledLinkView | undefined;
  older?: TitledLinkView | undefined;
}

/** Every month by year, newest first, with post counts. */
export interface ArchiveIndexView {
  kind: 'archive';
  frame: PageFrameView;
  years: { year: number; months: { month: number; url: string; count: number }[] }[];
}

const monthTitle = (archive: MonthArchive) => `${archive.year}年${archive.month}月`;
const monthLink = (archive: MonthArchive | undefined): TitledLinkView | undefined =>
  archive ? { title: monthTitle(archive), url: archive.url } : undefined;

/** The view of the month at `index` in the site's months (newest first). */
export function monthView(context: RouteContext, index: number): MonthView {
  const { months } = context.site;
  const archive = months[index];
  if (!archive) throw new RangeError(`No month archive at ${index}`);
  const heading = monthTitle(archive);
  return {
    kind: 'month',
    frame: pageFrame(context, { title: `${heading}的文章`, url: archive.url }),
    heading,
    count: archive.posts.length,
    posts: postItems(context, archive.posts, { excerpts: false }),
    newer: monthLink(months[index - 1]),
    older: monthLink(months[index + 1]),
  };
}

/** Every month archive, for `/archive/[year]/[month]`. */
export function monthRoutes(context: RouteContext): RouteEntry<MonthView>[] {
  return context.site.months.map((archive, index) => {
    const month = String(archive.month).padStart(2, '0');
    return {
      route: 'archive/[year]/[month]' as const,
      params: { year: String(archive.year), month },
      path: `/archive/${archive.year}/${month}.html`,
      view: () => monthView(context, index),
    };
  });
}

/** The view of the archive index. */
export function archiveIndexView(context: RouteContext): ArchiveIndexView {
  // Months arrive newest first, so years and each year's months do too.
  const years = new Map<number, ArchiveIndexView['years'][number]>();
  for (const archive of context.site.months) {
    let year = years.get(archive.year);
    if (!year) {
      year = { year: archive.year, months: [] };
      years.set(archive.year, year);
    }
    year.months.push({ month: archive.month, url: archive.url, count: archive.posts.length });
  }
  return { kind: 'archive', frame: pageFrame(context, { title: '按月归档', url: ARCHIVE_URL }), years: [...years.values()] };
}

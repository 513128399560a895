/**
 * Display names for categories, keyed by the category as it appears in URLs (lower case).
 * A category without an entry is shown by the name its posts give it.
 */
import { z } from 'astro/zod';

export const categorySchema = z.object({
  /** Name shown in listings, breadcrumbs and feed titles, e.g. 光明日报. */
  name: z.string().trim().min(1, { error: 'must not be empty' }),
  /** Optional sentence shown on the category page and in its feed. */
  description: z.string().trim().optional(),
  /**
   * Site paths the old site served this category's page at, in their exact case
   * (`/category/CBOT.html`): each gets a redirect page to the listing. Written by `npm run migrate`.
   */
  oldUrls: z.array(z.string().startsWith('/', { error: 'must be a site path starting with "/", such as /category/CBOT.html' })).optional(),
});

export type CategoryData = z.output<typeof categorySchema>;

/** The categories data file, relative to the project. */
export const CATEGORIES_FILE = 'src/data/categories.yml';

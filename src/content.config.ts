/**
 * The site's collections: `posts` from the Jekyll posts folder, and `categories` (display
 * names) from `src/data/categories.yml`.
 */
import { defineCollection } from 'astro:content';
import { file } from 'astro/loaders';
import { jekyllPostsLoader } from './loaders/jekyll-posts';
import { readerSettings } from './reader/settings';
import { CATEGORIES_FILE, categorySchema } from './schemas/category';
import { settings } from './settings';

const posts = defineCollection({
  loader: jekyllPostsLoader(readerSettings(settings)),
});

const categories = defineCollection({
  loader: file(CATEGORIES_FILE),
  schema: categorySchema,
});

export const collections = { posts, categories };

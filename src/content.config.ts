/**
 * The site's collections: `posts` from the Jekyll posts folder, and `categories` (display
 * names) from `src/data/categories.yml`.
 */
import { defineCollection } from 'astro:content';
import { categoriesLoader } from './loaders/categories-file';
import { jekyllPostsLoader } from './loaders/jekyll-posts';
import { readerSettings } from './reader/settings';
import { categorySchema } from './schemas/category';
import { settings } from './settings';

const posts = defineCollection({
  loader: jekyllPostsLoader(readerSettings(settings)),
});

const categories = defineCollection({
  // Not Astro's file(): an empty categories file is a site without category names, not an error.
  loader: categoriesLoader(),
  schema: categorySchema,
});

export const collections = { posts, categories };

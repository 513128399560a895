/**
 * Posts in a `_posts` folder below another folder (`news/_posts/`, `world/asia/_posts/`): Jekyll
 * gives each the categories of the folders above its `_posts` (`news`; `world`, `asia`), before
 * those of its defaults and its own front matter. xinwen reads one posts folder, so migrate
 * copies such a folder into a subfolder of it named as the folders above (`news/`), and gives
 * that subfolder's posts the categories in a `postDefaults` set, whose categories come first and
 * add up with the post's own, as Jekyll's do.
 */
import type { PostDefaultSet } from '../lib/post-defaults';
import { counted } from './counted';
import type { NestedPosts } from './site-files';

/** A nested `_posts` folder to copy, and the set that gives its posts their folders' categories. */
export interface NestedPostsCopy {
  /** The `_posts` folder, relative to the site (`news/_posts`). */
  from: string;
  /** The subfolder of the posts folder its files go to (`news`). */
  to: string;
  files: number;
  set: PostDefaultSet;
}

/** The folders above a nested `_posts` folder: `world/asia/_posts` → `world/asia`. */
const foldersAbove = (nestedPath: string) => nestedPath.slice(0, -'/_posts'.length);

/**
 * Which nested `_posts` folders can be copied, and the lines for those that cannot: one whose
 * subfolder would also hold posts from elsewhere that its set would then give its categories
 * (`_posts/news/…` beside `news/_posts/`: Jekyll gave those none). `postFilesOf` gives the post
 * files of a folder of the site (`_posts`, `news/_posts`), relative to it.
 */
export function planNestedPosts(
  nested: readonly NestedPosts[],
  postFilesOf: (folder: string) => readonly string[],
): { copies: NestedPostsCopy[]; notCopied: string[] } {
  const sources = [{ from: '_posts', to: '' }, ...nested.map((folder) => ({ from: folder.path, to: foldersAbove(folder.path) }))].map(
    (source) => ({ ...source, files: postFilesOf(source.from) }),
  );
  // The set a copied file would take: the one of the longest subfolder it is in.
  const setOf = (file: string) =>
    sources
      .slice(1)
      .filter((source) => file.startsWith(`${source.to}/`))
      .reduce<string | undefined>(
        (longest, source) => (longest === undefined || source.to.length > longest.length ? source.to : longest),
        undefined,
      );
  const copies: NestedPostsCopy[] = [];
  const notCopied: string[] = [];
  for (const folder of nested) {
    const above = foldersAbove(folder.path);
    const categories = above.split('/');
    const clash = sources
      .filter((source) => source.from !== folder.path)
      .flatMap((source) => source.files.map((file) => ({ source, file: source.to === '' ? file : `${source.to}/${file}` })))
      .find(({ file }) => setOf(file) === above);
    if (clash) {
      notCopied.push(
        `${folder.path}/: ${counted(folder.files, 'file')} — not copied: ${clash.source.from}/${clash.file.slice(clash.source.to === '' ? 0 : clash.source.to.length + 1)} ` +
          `would share the folder they go to (${above}/ of the posts folder), and with it their categories; ` +
          `move them into _posts/ under another folder and add ${categories.map((name) => `"${name}"`).join(', ')} to their categories`,
      );
      continue;
    }
    copies.push({ from: folder.path, to: above, files: folder.files, set: { path: `${above}/`, values: { categories } } });
  }
  return { copies, notCopied };
}

/** What migrate says of nested `_posts` folders when posts stay in place (no `--copy-posts`). */
export function nestedPostsInPlace(nested: readonly NestedPosts[]): string[] {
  return nested.map((folder) => {
    const categories = foldersAbove(folder.path)
      .split('/')
      .map((name) => `"${name}"`)
      .join(', ');
    return (
      `${folder.path}/: ${counted(folder.files, 'file')} — not read: Jekyll gave these posts the categories ${categories} from their folders, ` +
      'and a build reads one posts folder; migrate with --copy-posts, which copies them into it with those categories'
    );
  });
}

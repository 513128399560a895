/**
 * Category names carried over from a Jekyll site: its category stub pages (`category/<Name>.html`
 * with a `title:`, and the URL each was served at) and the tags its posts carry. Scrapers write
 * the outlet's name into every post's `tags:` and sometimes reuse a stub's title for another
 * outlet, so the posts are the better witness: a stub's title is checked against them, and
 * categories without a stub can be named by them. Every category with posts ends up with a
 * name, or is listed as showing its slug. Pure: the caller reads the files.
 */
import { termSlug } from '../lib/site-index';
import { categoryListingPath, formatProblem } from '../loaders/report';
import { decodePost } from '../reader/decode';
import { readFrontMatter } from '../reader/front-matter';
import { inFile } from '../lib/problem';
import { counted } from './counted';

/** Folder of the category stubs, relative to the Jekyll site. */
export const STUB_FOLDER = 'category';

/** Whether a file name (of a file directly in {@link STUB_FOLDER}) is a stub page. */
export function isStubFile(name: string): boolean {
  return /\.(html|md|markdown)$/.test(name);
}

/** A stub page that names a category. */
export interface Stub {
  /** File name in the stub folder. */
  file: string;
  /** The category as written: its `category:`, else the file name. */
  category: string;
  /** The category's key in URLs and in categories.yml (lower case). */
  key: string;
  /** Its `title:`, or the category when it has none. */
  title: string;
  /** Whether it had a `title:` (one without names nothing). */
  titled: boolean;
  /** The URL Jekyll served it at, exact case. */
  oldUrl: string;
}

/** An entry of `src/data/categories.yml`. */
export interface CategoryEntry {
  name: string;
  description?: string;
  oldUrls?: string[];
}

/**
 * The URL Jekyll served a stub at, exact case: its `permalink:` as a site path (one ending in
 * "/" stays a folder URL), else its file name with `.html`.
 */
export function stubUrl(file: string, permalink: unknown): string {
  const basename = file.replace(/\.[^.]+$/, '');
  if (typeof permalink !== 'string' || permalink.trim() === '') return `/${STUB_FOLDER}/${basename}.html`;
  // Jekyll's page placeholders; :path is the stub's folder.
  const url = permalink.trim().replaceAll(':path', `/${STUB_FOLDER}/`).replaceAll(':basename', basename).replaceAll(':output_ext', '.html');
  return `/${url}`.replace(/\/{2,}/g, '/');
}

/**
 * Reads one stub page (its bytes), with the reader's own stages: the stub, or why it cannot be
 * read. An empty file is a stub without front matter.
 */
export function readStub(file: string, bytes: Uint8Array): { stub: Stub } | { problem: string } {
  const shown = `${STUB_FOLDER}/${file}`;
  const decoded = decodePost(bytes);
  const empty = !decoded.ok && new TextDecoder().decode(bytes).trim() === '';
  if (!decoded.ok && !empty) return { problem: formatProblem(inFile(shown, decoded.problem)) };
  const front = readFrontMatter(decoded.ok ? decoded.text : '', { repairTitles: false });
  const problem = front.problems[0];
  if (problem) return { problem: `${formatProblem(inFile(shown, problem))} — not read, so it names no category` };
  const { data } = front;
  const category = typeof data.category === 'string' && data.category.trim() !== '' ? data.category.trim() : file.replace(/\.[^.]+$/, '');
  const written = typeof data.title === 'string' ? data.title.trim() : '';
  return {
    stub: {
      file,
      category,
      key: termSlug(category),
      // Without a title the stub is still written, named by its category, so its old URL works.
      title: written === '' ? category : written,
      titled: written !== '',
      oldUrl: stubUrl(file, data.permalink),
    },
  };
}

/** Stubs grouped by category key, and what they leave to check. */
export interface StubGroups {
  /** Every stub of a key, first by file name first: it names the category. */
  byKey: Map<string, Stub[]>;
  unmapped: string[];
  toCheck: string[];
}

/**
 * Groups stubs (in file-name order) by category key. Reports stubs without a title, stubs no
 * post can match (a post's categories are split at spaces) and stubs naming one category twice.
 */
export function groupStubs(stubs: readonly Stub[]): StubGroups {
  const groups: StubGroups = { byKey: new Map(), unmapped: [], toCheck: [] };
  for (const stub of stubs) {
    if (!stub.titled) {
      groups.unmapped.push(
        `${STUB_FOLDER}/${stub.file}: no title: in its front matter; named "${stub.category}", its category, so its old URL keeps working`,
      );
    }
    if (/\s/.test(stub.category)) {
      // Written all the same: the old URL keeps working, as an empty listing.
      groups.toCheck.push(
        `${STUB_FOLDER}/${stub.file}: category "${stub.category}" has spaces, and a post's categories are split at spaces, so no post can match it; ` +
          `written all the same, so ${stub.oldUrl} keeps working, as an empty listing that links to all categories`,
      );
    }
    const earlier = groups.byKey.get(stub.key)?.[0];
    if (earlier !== undefined) {
      // Case-insensitive file systems and lower-case URLs make these one category.
      const urls = [...new Set([earlier.oldUrl, stub.oldUrl])];
      groups.toCheck.push(
        `${STUB_FOLDER}/${stub.file}: names the same category "${stub.key}" as ${STUB_FOLDER}/${earlier.file}` +
          `${earlier.title === stub.title ? '' : ` ("${stub.title}" against "${earlier.title}")`}; the first is kept` +
          `, and ${urls.length > 1 ? `${urls.join(' and ')} both keep` : `${urls[0]} keeps`} working`,
      );
    }
    groups.byKey.set(stub.key, [...(groups.byKey.get(stub.key) ?? []), stub]);
  }
  return groups;
}

/** A category's posts and the tags they carry. */
export interface CategoryTally {
  /** The category as the first of its posts writes it: what the site shows without a name. */
  written: string;
  posts: number;
  /** Posts carrying at least one tag. */
  tagged: number;
  /** Posts carrying each tag, in the order tags are first seen. */
  tags: Map<string, number>;
}

/**
 * Counts, per category key, its posts and their tags. A post counts once for each of its
 * categories, whatever their case, and each tag once a post. Give the posts in file-name order:
 * ties between tags go to the one seen first.
 */
export function tallyCategories(
  posts: Iterable<{ readonly categories: readonly string[]; readonly tags: readonly string[] }>,
): Map<string, CategoryTally> {
  const tallies = new Map<string, CategoryTally>();
  for (const post of posts) {
    const tags = [...new Set(post.tags)];
    const seen = new Set<string>();
    for (const category of post.categories) {
      const key = termSlug(category);
      if (seen.has(key)) continue;
      seen.add(key);
      const tally = tallies.get(key) ?? { written: category, posts: 0, tagged: 0, tags: new Map<string, number>() };
      tally.posts += 1;
      if (tags.length > 0) tally.tagged += 1;
      for (const tag of tags) tally.tags.set(tag, (tally.tags.get(tag) ?? 0) + 1);
      tallies.set(key, tally);
    }
  }
  return tallies;
}

/** The tag a category's posts carry most, and how many of them carry it. */
export interface CommonTag {
  tag: string;
  count: number;
  posts: number;
  tagged: number;
  /** More than half of the posts carry it: the outlet's name, as scrapers write it. */
  majority: boolean;
  /**
   * More than half of the posts that carry any tag carry it: the outlet's name on a site whose
   * scrapers wrote no tags for a while. A topic tag of a blog is on far fewer.
   */
  majorityOfTagged: boolean;
}

/** The tag most of a category's posts carry (on a tie, the first seen); undefined when they carry none. */
export function commonTag(tally: CategoryTally | undefined): CommonTag | undefined {
  if (!tally) return undefined;
  let best: { tag: string; count: number } | undefined;
  for (const [tag, count] of tally.tags) if (best === undefined || count > best.count) best = { tag, count };
  return (
    best && {
      ...best,
      posts: tally.posts,
      tagged: tally.tagged,
      majority: best.count * 2 > tally.posts,
      majorityOfTagged: best.count * 2 > tally.tagged,
    }
  );
}

/** What naming the categories needs. */
export interface NamingInput {
  stubs: ReadonlyMap<string, readonly Stub[]>;
  /** The old site's posts by category key; empty when it has none (or they were not read). */
  tallies: ReadonlyMap<string, CategoryTally>;
  /** Entries of categories.yml that stay (none when the example categories are replaced). */
  existing: Readonly<Record<string, unknown>>;
  /** `--names-from-posts`: the posts' tag wins over a stub's title, and names stub-less categories. */
  namesFromPosts: boolean;
  /** categories.yml as the site owner named it, for messages. */
  categoriesFile: string;
}

/** The entries to write into categories.yml (merged over the existing ones), and what to check. */
export interface Naming {
  names: Record<string, CategoryEntry>;
  toCheck: string[];
}

function existingEntry(entry: unknown): Partial<CategoryEntry> | undefined {
  return entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? (entry as Partial<CategoryEntry>) : undefined;
}

/**
 * Names every category. A stub's title names its category, unless more than half of its posts
 * carry another tag (reported; with `namesFromPosts`, the tag wins). A category with posts but
 * no stub title keeps its categories.yml name; with `namesFromPosts` it takes the tag more than
 * half of its posts carry, else the tag more than half of its posts with tags carry (listed to
 * check). When no tag is that common the tags are topics, not the outlet's name, and the category
 * is not named: like every category left without a name, it shows as its posts write it and is
 * listed, with its posts' most common tag.
 */
export function nameCategories(input: NamingInput): Naming {
  const { stubs, tallies, existing, namesFromPosts, categoriesFile } = input;
  const names: Record<string, CategoryEntry> = {};
  const toCheck: string[] = [];
  /** Named by their posts' tag, having no stub title (`key "tag" (on n of m posts)`). */
  const named: string[] = [];
  /** Named by a tag more than half of their posts with tags carry, but not more than half of all. */
  const weak: string[] = [];
  /** Left showing their slug, with their posts' most common tag, and those whose posts carry no tags. */
  const unnamed: string[] = [];
  const untagged: string[] = [];
  const share = (tag: CommonTag) => `${tag.count} of ${counted(tag.posts, 'post')}`;

  /** Names a category with posts and no stub title from its posts, or lists it as unnamed. */
  const fromPosts = (key: string, tally: CategoryTally, before: string | undefined): string | undefined => {
    const tag = commonTag(tally);
    if (namesFromPosts && tag && (tag.majority || tag.majorityOfTagged)) {
      const was = before !== undefined && before !== tag.tag ? `; ${categoriesFile} said "${before}"` : '';
      if (!tag.majority) weak.push(`${key} "${tag.tag}" (${share(tag)}, ${tag.count} of the ${tag.tagged} with tags${was})`);
      // A tag that is the category as written changes nothing readers see: not worth a look.
      else if (was !== '' || termSlug(tag.tag) !== key) named.push(`${key} "${tag.tag}" (${share(tag)}${was})`);
      return tag.tag;
    }
    // A name categories.yml already has stays.
    if (before !== undefined) return undefined;
    if (tag)
      unnamed.push(`${tally.written} (${tag.majority ? "its posts' tag" : "its posts' most common tag"}: "${tag.tag}", ${share(tag)})`);
    else untagged.push(tally.written);
    return undefined;
  };

  // URLs that are some category's listing: an old URL there must not become a redirect.
  const listings = new Map([...Object.keys(existing), ...stubs.keys(), ...tallies.keys()].map((key) => [categoryListingPath(key), key]));
  for (const [key, group] of stubs) {
    const first = group[0]!;
    let name = first.title;
    const tally = tallies.get(key);
    const tag = commonTag(tally);
    if (first.titled) {
      if (tag?.majority && tag.tag !== first.title) {
        if (namesFromPosts) {
          name = tag.tag;
          toCheck.push(`${STUB_FOLDER}/${first.file}: named "${tag.tag}" from its posts (the stub said "${first.title}")`);
        } else {
          toCheck.push(
            `${STUB_FOLDER}/${first.file}: title "${first.title}" but its ${tag.posts} posts mostly carry the tag "${tag.tag}" ` +
              `(${tag.count} of ${tag.posts}); run with --names-from-posts to use the posts' name`,
          );
        }
      }
    } else if (tally) {
      // A stub without a title names nothing: the category is named as one without a stub.
      name = fromPosts(key, tally, undefined) ?? name;
    }
    const oldUrls: string[] = [];
    for (const { file, oldUrl } of group) {
      const listingOf = listings.get(oldUrl);
      if (listingOf === key || oldUrls.includes(oldUrl)) continue;
      if (listingOf !== undefined) {
        toCheck.push(
          `${STUB_FOLDER}/${file}: its old URL ${oldUrl} is the listing of category "${listingOf}" now, so it does not lead to "${key}"`,
        );
        continue;
      }
      oldUrls.push(oldUrl);
    }
    names[key] = oldUrls.length > 0 ? { name, oldUrls } : { name };
  }

  for (const [key, tally] of tallies) {
    if (stubs.has(key)) continue;
    const entry = existingEntry(existing[key]);
    const before = typeof entry?.name === 'string' ? entry.name : undefined;
    const name = fromPosts(key, tally, before);
    // The rest of an existing entry (its description, its old URLs) stays.
    if (name !== undefined) names[key] = { ...entry, name };
  }

  if (named.length > 0) {
    toCheck.push(`category names: named by the tag most of their posts carry, having no stub title: ${named.join(', ')}`);
  }
  if (weak.length > 0) {
    toCheck.push(
      'category names: named by the tag more than half of their posts with tags carry, though not more than half of all their posts; ' +
        `check them in ${categoriesFile}: ${weak.join(', ')}`,
    );
  }
  if (untagged.length > 0)
    unnamed.push(`${untagged.join(', ')} (${untagged.length === 1 ? 'its posts carry' : 'their posts carry'} no tags)`);
  if (unnamed.length > 0) {
    const shows = 'headings, breadcrumbs, feed titles and the OPML show these categories as their posts write them';
    toCheck.push(
      namesFromPosts
        ? `category names: with no stub title, no entry in ${categoriesFile} and no tag on more than half of their posts, ${shows}: ${unnamed.join(', ')}; ` +
            `name them in ${categoriesFile}`
        : `category names: with no stub title and no entry in ${categoriesFile}, ${shows}: ${unnamed.join(', ')}; ` +
            `rerun with --names-from-posts to name them by their posts' tags, or name them in ${categoriesFile}`,
    );
  }
  return { names, toCheck };
}

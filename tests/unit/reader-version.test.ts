/**
 * The reader version follows the reading: stored posts are reused while `READER_VERSION` and the
 * settings are unchanged, so a change to what reading gives must come with a new version. Sample
 * posts are read with fixed settings and a fixed clock, and the digest of what comes out is
 * pinned beside the version: a change to reading that forgets the version fails here.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPostFile } from '../../src/reader/read-post';
import { READER_OUTPUT_DIGEST, READER_VERSION, type ReaderSettings } from '../../src/reader/settings';
import { BROKEN_CONSTRUCTS } from '../fixtures/broken-html-posts/constructs';
import { BODY_PAYLOADS } from '../fixtures/xss-payloads';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Every reader setting written out (lenient, so title repairs are read too), not taken from the defaults: a changed default changes the
 * reader's fingerprint already, and must not read as a change to reading.
 */
const SETTINGS: ReaderSettings = {
  postsDir: '_posts',
  invalidPosts: 'skip',
  includeFuture: false,
  timeZone: 'Asia/Shanghai',
  permalink: 'date',
  legacyPermalink: undefined,
  legacyTimeZone: undefined,
  excerptLength: 120,
  legacyHosts: ['news.example.org'],
  liquid: {
    site: { title: '新闻存档', description: '财经与时事新闻存档', url: 'https://news.example.org', baseurl: '' },
    variables: {},
    includes: {
      'JB/setup':
        "{%- if site.JB.BASE_PATH -%}{%- assign HOME_PATH = site.JB.BASE_PATH -%}{%- else -%}{%- assign HOME_PATH = '/' -%}{%- endif -%}",
    },
  },
};
const NOW = new Date('2024-06-01T00:00:00Z');

/**
 * The samples, each a path as shown in messages and its bytes: the posts of the reading fixture
 * (Markdown, excerpts, links), the warned posts (each kind of warning), the build posts (every
 * status: invalid, future, unpublished, not a post, a BOM and CRLF, a subfolder), and bodies
 * written from the tables of broken markup and hostile markup, which the sanitizing policy decides.
 */
function samples(): [string, Uint8Array][] {
  const files = ['reading-posts', 'warned-posts', 'build-posts'].flatMap((folder) =>
    readdirSync(path.join(root, 'tests/fixtures', folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')),
  );
  const written: [string, string][] = [
    ...BROKEN_CONSTRUCTS.map(({ name, html }, index): [string, string] => [
      `broken-html/2023-06-01-broken-${index + 1}.html`,
      `---\ntitle: '${name.replace(/'/g, "''")}'\ncategories: broken\n---\n${html}\n<p>之后的文字。</p>\n`,
    ]),
    // Old paths of a post (jekyll-redirect-from).
    ['names/2023-08-03-moved.md', '---\ntitle: moved\nredirect_from: [/old/moved.html, legacy/moved/]\n---\n正文\n'],
    // A summary of the author's, with Markdown and a script in it.
    ['names/2023-08-02-summary.md', '---\ntitle: summary\ndescription: "关于 **债市** 的<script>alert(1)</script>摘要"\n---\n正文\n'],
    // Category and tag names Psych reads as no text (src/lib/psych-scalar.ts).
    ['names/2023-08-01-psych-names.md', '---\ntitle: names\ncategories: [yes, 012, 2.50]\ntags:\n  - on\n  - 2024-1-5\n---\n正文\n'],
    ...Object.entries(BODY_PAYLOADS).flatMap(([group, payloads]) =>
      payloads.map((payload, index): [string, string] => [
        `xss/2023-07-01-${group.replace(/\W+/g, '-')}-${index + 1}.md`,
        `---\ntitle: '${group}'\n---\n前文\n\n${payload}\n\n后文\n`,
      ]),
    ),
  ];
  return [
    ...files.sort().map((file): [string, Uint8Array] => [file, readFileSync(path.join(root, file))]),
    ...written.map(([file, text]): [string, Uint8Array] => [file, new TextEncoder().encode(text)]),
  ];
}

/** JSON with object keys sorted and dates as ISO text, so the order fields are set in does not count. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

describe('READER_VERSION', () => {
  const read = samples().map(([file, bytes]) => [file, readPostFile(file, bytes, SETTINGS, { now: NOW })] as const);

  it('reads samples of every status', () => {
    expect(new Set(read.map(([, result]) => result.status))).toEqual(new Set(['post', 'invalid', 'unpublished', 'future', 'not-a-post']));
    expect(read.length).toBeGreaterThan(100);
  });

  it('is bumped with every change to what reading the sample posts gives', () => {
    const digest = createHash('sha256').update(canonical(read)).digest('hex');
    expect(
      digest,
      `Reading the sample posts gives something else than under reader version ${READER_VERSION}: ` +
        `if a change to reading did this, bump READER_VERSION in src/reader/settings.ts (stored posts ` +
        `would otherwise keep being served as read before), and set READER_OUTPUT_DIGEST there to '${digest}'. ` +
        `If only the sample posts changed, set READER_OUTPUT_DIGEST alone.`,
    ).toBe(READER_OUTPUT_DIGEST);
  });
});

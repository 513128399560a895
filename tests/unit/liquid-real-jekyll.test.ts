/**
 * Every post of the three real Jekyll sites beside the checkout, read with its Liquid run: no
 * `{{` or `{%` is left in a body where Jekyll 4.3's own output has none, and the images of the
 * Jekyll-Bootstrap site (`{{BLOG_IMG}}x.png` after `{% include JB/setup %}`) lead where Jekyll's did.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPostFile } from '../../src/reader/read-post';
import { readerSettings } from '../../src/reader/settings';
import { resolveSettings } from '../../src/settings/resolve';
import { REAL_JEKYLL, REAL_JEKYLL_PRESENT } from '../support/shared-samples';

interface OraclePost {
  path: string;
  body_html: string;
}

const oracle = (site: string): OraclePost[] =>
  (JSON.parse(gunzipSync(readFileSync(path.join(REAL_JEKYLL, 'oracle', `${site}.json.gz`))).toString('utf8')) as { posts: OraclePost[] })
    .posts;

const LIQUID = /\{\{|\{%/;
const imageSources = (html: string) => [...html.matchAll(/<img\b[^>]*?\ssrc="([^"]*)"/g)].map((match) => match[1]);

// The value yanhaijing's own _includes/JB/setup assigns (the folder is not in the snapshot).
const SETTINGS = { yanhaijing: { liquid: { variables: { BLOG_IMG: '/blog/' } } } } as Record<string, object>;

/** Every post of `site`, read; called inside tests only: a suite left out is still collected, and a clone without the sites has none to read. */
function readSite(site: string) {
  const settings = readerSettings(resolveSettings({ postsDir: '_posts', timeZone: 'UTC', ...SETTINGS[site] }, {}));
  return oracle(site).map((expected) => {
    const bytes = readFileSync(path.join(REAL_JEKYLL, 'sites', site, expected.path));
    const result = readPostFile(expected.path, bytes, settings, { now: new Date('2030-01-01T00:00:00Z'), render: true });
    return { expected, result, liquid: LIQUID.test(bytes.toString('utf8')) };
  });
}

describe.runIf(REAL_JEKYLL_PRESENT).each(['terminus2049', 'mzlogin', 'yanhaijing'])('Liquid in the posts of %s', (site) => {
  let read: ReturnType<typeof readSite> = [];
  beforeAll(() => {
    read = readSite(site);
  });

  it('leaves no Liquid where Jekyll left none', () => {
    const left = read.filter(
      ({ expected, result }) => result.status === 'post' && LIQUID.test(result.html) && !LIQUID.test(expected.body_html),
    );
    expect(left.map(({ expected }) => expected.path)).toEqual([]);
  });

  it('gives the images of posts with Liquid the addresses Jekyll gave them', () => {
    const differ = read.filter(
      ({ expected, result, liquid }) =>
        liquid && result.status === 'post' && imageSources(result.html).join(' ') !== imageSources(expected.body_html).join(' '),
    );
    expect(differ.map(({ expected }) => expected.path)).toEqual([]);
  });

  it('reports only what it cannot run, each kind once per post', () => {
    const groups = read.flatMap(({ result }) =>
      result.warnings.filter((warning) => warning.group?.startsWith('liquid ')).map((warning) => warning.group),
    );
    expect([...new Set(groups)].sort()).toEqual(
      { terminus2049: [], mzlogin: ['liquid variable secrets'], yanhaijing: ['liquid include JB/liquid_raw'] }[site],
    );
  });
});

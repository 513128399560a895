/**
 * The tools for authors and site owners: `npm run new`, `npm run migrate`, and the dev server
 * that picks up post files as they change.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { buildSite, fileForUrl, projectRoot, temporaryDir } from '../support/build-site';

const tsx = path.join(projectRoot, 'node_modules/tsx/dist/cli.mjs');

function script(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [tsx, ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `npm run check -- <postsDir>`, as an author runs it (Node's own TypeScript, not tsx). */
function checkPosts(postsDir: string) {
  const result = spawnSync('npm', ['run', '--silent', 'check', '--', postsDir], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run new', () => {
  it('writes a post that check refuses until its body is written, and that then builds at the printed URL', () => {
    const postsDir = temporaryDir('new-posts');
    const created = script(
      ['scripts/new-post.ts', '光伏产业迎来新订单', '--category', 'nengyuan', '--tags', '光伏,能源', '--date', '2024-05-01T01:30:00Z'],
      { POSTS_DIR: postsDir },
    );
    expect(created.code).toBe(0);
    const file = /^wrote (.+)$/m.exec(created.stdout)![1]!;
    const url = /^url {3}(.+)$/m.exec(created.stdout)![1]!;
    // 01:30 UTC is 09:30 in Shanghai; the slug of a Chinese title is a stable hash.
    expect(path.basename(file)).toMatch(/^2024-05-01-[0-9a-f]{8}\.md$/);
    expect(readFileSync(file, 'utf8')).toContain('date: 2024-05-01 09:30:00 +0800');
    expect(url).toMatch(/^https:\/\/finews\.example\.com\/nengyuan\/2024\/05\/01\/[0-9a-f]{8}\.html$/);

    expect(
      script(['scripts/new-post.ts', '光伏产业迎来新订单', '--category', 'nengyuan', '--date', '2024-05-01T01:30:00Z'], {
        POSTS_DIR: postsDir,
      }).code,
    ).toBe(1);
    // The placeholder body must not be published by mistake.
    const unwritten = checkPosts(postsDir);
    expect(unwritten.code).toBe(1);
    expect(unwritten.stdout).toMatch(/:\d+: body: is still the placeholder <p>在这里写正文。<\/p> that npm run new wrote/);
    writeFileSync(file, readFileSync(file, 'utf8').replace('<p>在这里写正文。</p>', '<p>光伏企业签下新订单。</p>'));
    expect(checkPosts(postsDir).code).toBe(0);

    const site = buildSite({ postsDir });
    expect(site.exitCode).toBe(0);
    const page = readFileSync(fileForUrl(site.outDir, new URL(url).pathname), 'utf8');
    expect(page).toContain('<h1 data-pagefind-meta="title">光伏产业迎来新订单</h1>');
  });

  it('gives Latin titles readable slugs and never an empty one', () => {
    const postsDir = temporaryDir('new-posts');
    const latin = script(['scripts/new-post.ts', 'CPI rises 0.3% in May', '--category', 'macro'], { POSTS_DIR: postsDir });
    expect(latin.stdout).toMatch(/-cpi-rises-0-3-in-may\.md$/m);
    const symbols = script(['scripts/new-post.ts', '！？', '--category', 'macro'], { POSTS_DIR: postsDir });
    expect(symbols.stdout).toMatch(/-[0-9a-f]{8}\.md$/m);
  });
});

describe('npm run migrate', () => {
  it("carries a Jekyll site's settings and category names over, and lists what it could not map", () => {
    const work = temporaryDir('migrate');
    const config = path.join(work, 'site.config.ts');
    const categories = path.join(work, 'categories.yml');
    copyFileSync(path.join(projectRoot, 'src/site.config.ts'), config);
    writeFileSync(categories, 'caijing:\n  name: 财经\n');
    const result = script(['scripts/migrate.ts', 'tests/fixtures/jekyll-site', '--config', config, '--categories', categories]);
    expect(result.code).toBe(0);
    const source = readFileSync(config, 'utf8');
    expect(source).toContain("  title: '财经新闻网',");
    expect(source).toContain("  description: '每日财经新闻',");
    expect(source).toContain("  language: 'zh-HK',");
    expect(source).toContain("  url: 'https://news.example.net',");
    expect(source).toContain("  timeZone: 'Asia/Hong_Kong',");
    expect(source).toContain("  permalink: '/:categories/:year/:month/:title.html',");
    expect(source).toContain("  legacyHosts: ['news.example.net'],");
    // Untouched settings and the file's comments stay as they were.
    expect(source).toContain('  pageSize: 50,');
    expect(source).toContain(" * This site's settings.");
    // A timezone in _config.yml: the old site's zone is the site's, so no legacyTimeZone.
    expect(source).not.toContain('legacyTimeZone');
    expect(source.endsWith('});\n')).toBe(true);
    // CBOT.html was served at its own, upper-case name; guangmingribao.html at the listing's.
    expect(YAML.parse(readFileSync(categories, 'utf8'))).toEqual({
      caijing: { name: '财经' },
      cbot: { name: '芝加哥期货', oldUrls: ['/category/CBOT.html'] },
      guangmingribao: { name: '光明日报新闻' },
      weiming: { name: 'weiming' },
    });
    expect(result.stdout).toMatch(/not mapped:\n(?:.*\n)*\s+author: "编辑部"/);
    // The one post has no tags: nothing to check the names against, and CBOT has no post.
    expect(result.stdout).toContain(
      `3 category names written to ${categories} (2 without a post in tests/fixtures/jekyll-site/_posts, which has 1 valid post)\n`,
    );
    expect(result.stdout).not.toContain('to check:');
    expect(result.stdout).toMatch(/paginate: 20 — no xinwen setting/);
    expect(result.stdout).toContain(
      'category/weiming.html: no title: in its front matter; named "weiming", its category, so its old URL keeps working',
    );
    expect(result.stdout).toContain('POSTS_DIR=tests/fixtures/jekyll-site/_posts');
  });

  it('edits the settings object whatever its layout, and adds settings it lacks', () => {
    const work = temporaryDir('migrate');
    const config = path.join(work, 'site.config.ts');
    writeFileSync(
      config,
      [
        "import { defineSiteSettings } from './settings/resolve';",
        '',
        'export default defineSiteSettings({',
        '  // Hosts the archive had',
        '  legacyHosts: [',
        "    'a.example.com',",
        "    'b.example.com',",
        '  ],',
        "  title: 'Old', pageSize: 20,",
        '});',
        '',
      ].join('\n'),
    );
    const result = script([
      'scripts/migrate.ts',
      'tests/fixtures/jekyll-site',
      '--config',
      config,
      '--categories',
      path.join(work, 'categories.yml'),
    ]);
    expect(result.code).toBe(0);
    const source = readFileSync(config, 'utf8');
    expect(source).toContain('// Hosts the archive had');
    expect(source).toMatch(/legacyHosts: \['news\.example\.net'\]/);
    expect(source).toMatch(/title: '财经新闻网'/);
    expect(source).toMatch(/pageSize: 20/);
    expect(source).toMatch(/timeZone: 'Asia\/Hong_Kong'/);
    expect(source).not.toContain('a.example.com');
  });

  it('refuses values the settings schema refuses, and says why', () => {
    const work = temporaryDir('migrate');
    const site = path.join(work, 'site');
    mkdirSync(site);
    writeFileSync(path.join(site, '_config.yml'), 'timezone: Asia/Shangai\npermalink: /:year/:mnth/:title.html\n');
    const config = path.join(work, 'site.config.ts');
    copyFileSync(path.join(projectRoot, 'src/site.config.ts'), config);
    const before = readFileSync(config, 'utf8');
    const result = script(['scripts/migrate.ts', site, '--config', config, '--categories', path.join(work, 'categories.yml')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/timezone: "Asia\/Shangai" is not an IANA time zone/);
    expect(result.stdout).toMatch(/permalink: .* unknown placeholder :mnth/);
    // Nothing refused is written; with no url: the example's old hosts go (and that is said).
    expect(result.stdout).toMatch(/url: _config\.yml has none \(nor production_url:\), so migrate cannot tell the site's address/);
    // Jekyll ran a site whose zone it could not find in UTC: its old URLs come from there.
    expect(result.stdout).toMatch(/the old site ran in UTC/);
    expect(readFileSync(config, 'utf8')).toBe(before.replace(/legacyHosts: \[[^\]]*\]/, "legacyHosts: [],\n  legacyTimeZone: 'UTC'"));
  });

  it('reports stubs no post can match, stubs that collide on one category, and a missing timezone', () => {
    const work = temporaryDir('migrate');
    const site = path.join(work, 'site');
    mkdirSync(path.join(site, 'category'), { recursive: true });
    writeFileSync(path.join(site, '_config.yml'), 'title: 旧站\n');
    const stub = (file: string, front: string) => writeFileSync(path.join(site, 'category', file), `---\nlayout: category\n${front}---\n`);
    stub('TechWeb.html', 'title: TechWeb新闻\n');
    stub('Techweb.html', 'title: 另一个名字\n');
    stub('21sj.html', 'title: 21世纪经济报道\ncategory: 21shijijingjibaodao 21caijingAPP\n');
    stub('cbot-stub.html', 'title: 芝加哥期货\ncategory: CBOT\n');
    // yaowen.html served category caijing, but /category/yaowen.html is now yaowen's listing.
    stub('yaowen.html', 'title: 财经\ncategory: caijing\n');
    stub('zz-yaowen.html', 'title: 要闻\ncategory: yaowen\n');
    const config = path.join(work, 'site.config.ts');
    copyFileSync(path.join(projectRoot, 'src/site.config.ts'), config);
    const categories = path.join(work, 'categories.yml');
    const result = script(['scripts/migrate.ts', site, '--config', config, '--categories', categories]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '  category/21sj.html: category "21shijijingjibaodao 21caijingAPP" has spaces, and a post\'s categories are split at spaces, ' +
        'so no post can match it; written all the same, so /category/21sj.html keeps working, as an empty listing that links to all categories\n',
    );
    expect(result.stdout).toContain(
      '  category/Techweb.html: names the same category "techweb" as category/TechWeb.html ("另一个名字" against "TechWeb新闻"); ' +
        'the first is kept, and /category/TechWeb.html and /category/Techweb.html both keep working\n',
    );
    expect(result.stdout).toMatch(/timezone: not set — the old site ran in its build machine's zone, UTC on GitHub Pages/);
    // No _posts: the names are written as the stubs give them, unchecked.
    expect(result.stdout).toContain(
      '  category/yaowen.html: its old URL /category/yaowen.html is the listing of category "yaowen" now, so it does not lead to "caijing"\n',
    );
    expect(result.stdout).toContain(`5 category names written to ${categories}\n`);
    expect(result.stdout).toContain(`category names not checked against posts: ${path.join(site, '_posts')} does not exist\n`);
    expect(YAML.parse(readFileSync(categories, 'utf8'))).toEqual({
      '21shijijingjibaodao 21caijingapp': { name: '21世纪经济报道', oldUrls: ['/category/21sj.html'] },
      cbot: { name: '芝加哥期货', oldUrls: ['/category/cbot-stub.html'] },
      techweb: { name: 'TechWeb新闻', oldUrls: ['/category/TechWeb.html', '/category/Techweb.html'] },
      caijing: { name: '财经' },
      yaowen: { name: '要闻', oldUrls: ['/category/zz-yaowen.html'] },
    });
  });

  describe('on a scraped archive (tests/fixtures/jekyll-archive)', () => {
    const archive = 'tests/fixtures/jekyll-archive';
    const posts = `${archive}/_posts`;
    function migrate(...flags: string[]) {
      const work = temporaryDir('migrate');
      const config = path.join(work, 'site.config.ts');
      const categories = path.join(work, 'categories.yml');
      copyFileSync(path.join(projectRoot, 'src/site.config.ts'), config);
      const result = script(['scripts/migrate.ts', archive, '--config', config, '--categories', categories, ...flags]);
      return { ...result, config: readFileSync(config, 'utf8'), categories: readFileSync(categories, 'utf8'), categoriesFile: categories };
    }

    it('keeps every stub URL in its exact case, writes stubs no post can match, and counts those without posts', () => {
      const result = migrate();
      expect(result.code).toBe(0);
      expect(YAML.parse(result.categories)).toEqual({
        '21shijijingjibaodao 21caijingapp': { name: '21世纪经济报道', oldUrls: ['/category/21sj.html'] },
        cbot: { name: '芝加哥期货', oldUrls: ['/category/CBOT.html'] },
        // Both stubs of one category: the first by file name names it, and both URLs stay.
        techweb: { name: 'TechWeb新闻', oldUrls: ['/category/TechWeb.html', '/category/Techweb.html'] },
        // permalink: category/Caixin/ is a folder URL, made a site path.
        caixin: { name: '财新', oldUrls: ['/category/Caixin/'] },
        // Lower-case file names are the listing's URL already.
        dongfang: { name: '新浪财经' },
        yangshi: { name: '央视新闻' },
      });
      // 21sj (spaces), caixin and yangshi have no post; the invalid post is skipped, not fatal.
      expect(result.stdout).toContain(
        `6 category names written to ${result.categoriesFile} (3 without a post in ${posts}, which has 7 valid posts; ` +
          `1 invalid file not read, see npm run check -- ${posts})\n`,
      );
      expect(result.stdout).toContain(
        '  category/21sj.html: category "21shijijingjibaodao 21caijingAPP" has spaces, and a post\'s categories are split at spaces, ' +
          'so no post can match it; written all the same, so /category/21sj.html keeps working, as an empty listing that links to all categories\n',
      );
      expect(result.stdout).toContain(
        '  category/Techweb.html: names the same category "techweb" as category/TechWeb.html ("另一个名字" against "TechWeb新闻"); ' +
          'the first is kept, and /category/TechWeb.html and /category/Techweb.html both keep working\n',
      );
    });

    it("reports a stub title its posts contradict, and takes the posts' tag with --names-from-posts", () => {
      const reported = migrate();
      // dongfang's three posts: 东方财富新闻 twice, 股票 twice; the tie goes to the tag seen first.
      expect(reported.stdout).toContain(
        '  category/dongfang.html: title "新浪财经" but its 3 posts mostly carry the tag "东方财富新闻" (2 of 3); ' +
          "run with --names-from-posts to use the posts' name\n",
      );
      // Titles that agree with their posts' tag (CBOT, TechWeb) are not reported.
      expect(reported.stdout.match(/mostly carry the tag/g)).toHaveLength(1);
      expect(YAML.parse(reported.categories).dongfang).toEqual({ name: '新浪财经' });

      const renamed = migrate('--names-from-posts');
      expect(renamed.code).toBe(0);
      expect(renamed.stdout).toContain('  category/dongfang.html: named "东方财富新闻" from its posts (the stub said "新浪财经")\n');
      expect(renamed.stdout).not.toContain('mostly carry the tag');
      // The tag as written, 新闻 included; the other names stay the stubs'. The categories with
      // posts but no stub (the post of the stub with spaces) are named by their posts too.
      const names = Object.fromEntries(
        Object.entries(YAML.parse(renamed.categories) as Record<string, { name: string }>).map(([key, { name }]) => [key, name]),
      );
      expect(names).toEqual({
        '21shijijingjibaodao 21caijingapp': '21世纪经济报道',
        '21shijijingjibaodao': '21世纪经济报道新闻',
        '21caijingapp': '21世纪经济报道新闻',
        cbot: '芝加哥期货',
        techweb: 'TechWeb新闻',
        caixin: '财新',
        dongfang: '东方财富新闻',
        yangshi: '央视新闻',
      });
    });

    it('sets legacyTimeZone to UTC when _config.yml has no timezone, and keeps timeZone', () => {
      const result = migrate();
      expect(result.config).toContain("  timeZone: 'Asia/Shanghai',\n");
      expect(result.config).toContain("  legacyTimeZone: 'UTC',\n});\n");
      expect(result.stdout).toContain('settings written to');
      expect(result.stdout).toContain('\n  legacyTimeZone: UTC\n');
      expect(result.stdout).toContain(
        "to check:\n  timezone: not set — the old site ran in its build machine's zone, UTC on GitHub Pages; legacyTimeZone: 'UTC' is set, " +
          'so each post whose day differs in UTC (such as one dated before 08:00 +0800) also gets a redirect from its old URL; ' +
          'change legacyTimeZone if the old site was built elsewhere\n',
      );
      expect(result.stdout).not.toMatch(/not mapped:(?:.*\n)*\s+timezone/);
    });
  });

  it('copies the posts when asked', () => {
    const work = temporaryDir('migrate');
    const posts = path.join(work, 'posts');
    copyFileSync(path.join(projectRoot, 'src/site.config.ts'), path.join(work, 'site.config.ts'));
    const result = script([
      'scripts/migrate.ts',
      'tests/fixtures/jekyll-site',
      '--copy-posts',
      '--config',
      path.join(work, 'site.config.ts'),
      '--categories',
      path.join(work, 'categories.yml'),
      '--posts',
      posts,
    ]);
    expect(result.code).toBe(0);
    expect(existsSync(path.join(posts, '2024-03-01-shili.md'))).toBe(true);
  });

  it('replaces the example posts and categories with the site’s own when copying posts', () => {
    const work = temporaryDir('migrate');
    const posts = path.join(work, 'posts');
    mkdirSync(posts);
    writeFileSync(path.join(posts, '2026-11-20-example.md'), '---\ntitle: 示例\n---\n示例\n');
    const categories = path.join(work, 'categories.yml');
    writeFileSync(categories, 'example:\n  name: 示例分类\n');
    copyFileSync(path.join(projectRoot, 'src/site.config.ts'), path.join(work, 'site.config.ts'));
    const result = script([
      'scripts/migrate.ts',
      'tests/fixtures/jekyll-site',
      '--copy-posts',
      '--config',
      path.join(work, 'site.config.ts'),
      '--categories',
      categories,
      '--posts',
      posts,
    ]);
    expect(result.code).toBe(0);
    expect(readdirSync(posts)).toEqual(['2024-03-01-shili.md']);
    expect(result.stdout).toContain('replacing the 1 posts that were there');
    expect(Object.keys(YAML.parse(readFileSync(categories, 'utf8')) as object).sort()).toEqual(['cbot', 'guangmingribao', 'weiming']);
  });
});

/** The environment without Vitest's own variables, which would make Vite in the child think it runs under test. */
function withoutTestRunner(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^(VITEST|NODE_ENV$|TEST$)/.test(key)));
}

describe('the dev server', () => {
  let server: ChildProcess | undefined;
  afterAll(() => {
    server?.kill('SIGTERM');
  });

  it('serves a post file added while it runs, and survives an invalid one', async () => {
    const postsDir = temporaryDir('dev-posts');
    cpSync(path.join(projectRoot, 'tests/fixtures/search-posts'), postsDir, { recursive: true });
    const port = 42000 + Math.floor(Math.random() * 2000);
    // --ignore-lock: a developer's own dev server may be running for this project meanwhile.
    let log = '';
    server = spawn(
      process.execPath,
      [path.join(projectRoot, 'node_modules/astro/bin/astro.mjs'), 'dev', '--port', String(port), '--host', '127.0.0.1', '--ignore-lock'],
      {
        cwd: projectRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...withoutTestRunner(process.env),
          POSTS_DIR: postsDir,
          XINWEN_CACHE_DIR: temporaryDir('dev-cache'),
          NO_COLOR: '1',
          ASTRO_TELEMETRY_DISABLED: '1',
        },
      },
    );
    server.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    // The port the server took: Vite moves on to the next one when the one asked for is in use.
    const origin = await new Promise<string>((resolve) => {
      const until = Date.now() + 60_000;
      const look = () => {
        const local = /Local\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(log);
        if (local) resolve(local[1]!);
        else if (Date.now() > until || server?.exitCode !== null) resolve(`http://127.0.0.1:${port}`);
        else setTimeout(look, 100);
      };
      look();
    });
    /** Polls `url` until its body contains `text` or the time is up. */
    const waitFor = async (url: string, text: string, seconds: number): Promise<boolean> => {
      const until = Date.now() + seconds * 1000;
      while (Date.now() < until) {
        const body = await fetch(url).then(
          (response) => (response.ok ? response.text() : ''),
          () => '',
        );
        if (body.includes(text)) return true;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      return false;
    };
    expect(await waitFor(`${origin}/nengyuan/2024/05/01/guangfu-chanye.html`, '光伏产业迎来新订单', 60), log).toBe(true);

    writeFileSync(
      path.join(postsDir, '2024-05-06-xinzeng.md'),
      '---\ntitle: 开发中新增的稿件\ndate: 2024-05-06 09:00:00 +0800\ncategories: nengyuan\n---\n<p>保存后几秒内出现。</p>\n',
    );
    expect(await waitFor(`${origin}/nengyuan/2024/05/06/xinzeng.html`, '保存后几秒内出现', 15), log).toBe(true);

    writeFileSync(path.join(postsDir, '2024-05-07-huai.md'), '---\ntitle: "坏"的"标题"\n---\n<p>x</p>\n');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(log).toMatch(/2024-05-07-huai\.md:2: title: /);
    expect(await waitFor(`${origin}/nengyuan/2024/05/06/xinzeng.html`, '保存后几秒内出现', 10)).toBe(true);
  }, 120_000);
});

// jekyll-redirect-from, a plugin GitHub Pages runs, writes a redirect page at each path of a
// post's redirect_from: (its permalink, a `/` put before one without).
describe('redirect_from:', () => {
  /** A folder of posts, each a file name and its front-matter lines. */
  const postsFolder = (prefix: string, posts: Record<string, string[]>) => {
    const dir = temporaryDir(prefix);
    for (const [name, lines] of Object.entries(posts))
      writeFileSync(path.join(dir, name), `---\n${lines.join('\n')}\n---\n<p>正文。</p>\n`);
    return dir;
  };

  it("writes a redirect page to the post at each old path, listed in the build's redirect lines", () => {
    const postsDir = postsFolder('redirect-from', {
      '2024-05-01-xin.md': ['title: 新文章', 'categories: news', 'redirect_from: [/old/xin.html, legacy/xin/, /a/../b/xin.html]'],
      '2024-05-02-other.md': ['title: 另一篇', 'categories: news'],
    });
    const site = buildSite({ postsDir });
    expect(site.exitCode, site.output).toBe(0);
    for (const from of ['/old/xin.html', '/legacy/xin/', '/a/b/xin.html']) {
      expect(site.output).toContain(`redirect ${from} → /news/2024/05/01/xin.html`);
      const page = readFileSync(fileForUrl(site.outDir, from), 'utf8');
      expect(page).toMatch(/<meta http-equiv="refresh" content="0; ?url=\/news\/2024\/05\/01\/xin\.html"/);
    }
  });

  it("refuses an old path that another post's URL takes, naming the field", () => {
    const postsDir = postsFolder('redirect-from-conflict', {
      // The first file by path: its redirect_from gives way to the other post's own URL.
      '2024-05-01-a.md': ['title: 甲', 'categories: news', 'redirect_from: /news/2024/05/02/b.html'],
      '2024-05-02-b.md': ['title: 乙', 'categories: news'],
    });
    const result = checkPosts(postsDir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${postsDir}/2024-05-01-a.md: redirect_from: /news/2024/05/02/b.html is also the URL of ${postsDir}/2024-05-02-b.md; remove it from redirect_from:`,
    );
  });
});

/**
 * Liquid in a body, run before Markdown as Jekyll 4 runs it: each construct as Liquid's and
 * Jekyll's documentation says, what cannot run kept as written and reported, lines of findings
 * in the file as written.
 */
import { describe, expect, it } from 'vitest';
import { KNOWN_INCLUDES, type LiquidSite, liquidUses, renderLiquid } from '../../src/lib/liquid';
import { warningLines } from '../../src/loaders/report';
import { renderPostLiquid, rubyTime } from '../../src/reader/liquid';
import { readPostFile } from '../../src/reader/read-post';
import { testReaderSettings } from '../support/reader-settings';

const SITE: LiquidSite = {
  site: { title: '新闻存档', description: '存档', url: 'https://news.example.com', baseurl: '' },
  variables: {},
  includes: { ...KNOWN_INCLUDES, 'note.html': '<p class="note">{{ include.text }}</p>', 'empty.html': '' },
};
const PAGE = { title: '标题', url: '/2024/01/01/a.html', date: '2024-01-01 10:00:00 +0800', categories: ['财经'], tags: ['a', 'b'] };

const run = (body: string, site: Partial<LiquidSite> = {}, markdown = true) => renderLiquid(body, { ...SITE, ...site }, PAGE, { markdown });
const render = (body: string, site: Partial<LiquidSite> = {}, markdown = true) => run(body, site, markdown).body;
const issues = (body: string) => run(body).issues.map(({ kind, name, line }) => ({ kind, name, line }));

describe('renderLiquid: what Jekyll runs', () => {
  it('prints site and page values, and nothing for what is undefined', () => {
    expect(render('{{ site.title }} {{ site.url }}/a {{ page.title }} {{ page.url }} {{ page.categories | join: "," }}')).toBe(
      '新闻存档 https://news.example.com/a 标题 /2024/01/01/a.html 财经',
    );
    expect(render('a{{ nothing }}b{{ site.nothing.deeper }}c{{ page.nothing }}d')).toBe('abcd');
  });

  it('keeps {% raw %} as written, Liquid inside included, across lines', () => {
    expect(render('{% raw %}{{ site.url }}\n{% if x %}{% foo %}{% endraw %}')).toBe('{{ site.url }}\n{% if x %}{% foo %}');
  });

  it('prints nothing for {% comment %}, whatever it holds', () => {
    expect(render('a{% comment %}{{ site.url }}\n{% if %}{% endcomment %}b')).toBe('ab');
  });

  it('runs {% assign %} and {% capture %}, with filters', () => {
    expect(render('{% assign base = site.url | append: "/img/" %}{{ base }}x.png')).toBe('https://news.example.com/img/x.png');
    expect(render('{% capture t %}{{ page.title }}!{% endcapture %}{{ t | size }} {{ t }}')).toBe('3 标题!');
  });

  it('runs relative_url, absolute_url and date as Jekyll does', () => {
    expect(render('{{ "/a.png" | relative_url }} {{ "a.png" | relative_url }} {{ "/a.png" | absolute_url }}')).toBe(
      '/a.png /a.png https://news.example.com/a.png',
    );
    expect(render('{{ "/a" | relative_url }}', { site: { ...SITE.site, baseurl: '/blog' } })).toBe('/blog/a');
    expect(render('{{ page.date | date: "%Y年%m月%d日 %H:%M" }}')).toBe('2024年01月01日 10:00');
  });

  it('trims whitespace at {%- and -%}, newlines included, as Liquid does', () => {
    expect(render('a\n  {%- if true -%}\n  b\n  {%- endif -%}\n c')).toBe('abc');
    expect(render('a\n{{- "b" -}}\nc')).toBe('abc');
  });

  it('reads a tag that spans lines', () => {
    expect(render('{% assign n =\n  "x" %}{{ n }}')).toBe('x');
  });

  it('runs Liquid inside a code block too, as Jekyll runs it before Markdown', () => {
    expect(render('    <h2>{{ page.title }}</h2>\n```\n{{ site.title }}\n```')).toBe('    <h2>标题</h2>\n```\n新闻存档\n```');
  });

  it('runs the include JB/setup, which prints nothing and sets HOME_PATH', () => {
    expect(render('{% include JB/setup %}\n![a]({{ HOME_PATH }}img/a.png){{ BASE_PATH }}')).toBe('\n![a](/img/a.png)');
    expect(render('{% include JB/setup %}{{ HOME_PATH }}', { site: { JB: { BASE_PATH: '/base' } } })).toBe('/base');
  });

  it('runs includes from the setting, with their parameters', () => {
    expect(render('{% include note.html text="注意" %}|{% include empty.html %}|')).toBe('<p class="note">注意</p>||');
  });

  it('prints variables from the setting', () => {
    expect(render('![a]({{BLOG_IMG}}x.png)', { variables: { BLOG_IMG: '/blog/' } })).toBe('![a](/blog/x.png)');
  });

  it('writes {% highlight %} as a code block of its language, its text as Jekyll keeps it', () => {
    expect(render('{% highlight js linenos %}\nvar a = "{{ page.title }}";\n```\n{% endhighlight %}\n后')).toBe(
      '````js\nvar a = "标题";\n```\n````\n后',
    );
    expect(render('{% highlight html %}\n<a href="x">1 & 2</a>\n{% endhighlight %}', {}, false)).toBe(
      '<figure class="highlight"><pre><code class="language-html" data-lang="html">&lt;a href=&quot;x&quot;&gt;1 &amp; 2&lt;/a&gt;</code></pre></figure>',
    );
  });

  it('does not run what Jekyll 4 does not have, nor reach the file system or JavaScript', () => {
    expect(render('{% render "x" %}{% echo 1 %}')).toBe('{% render "x" %}{% echo 1 %}');
    expect(render('{% include ../../etc/passwd %}')).toBe('{% include ../../etc/passwd %}');
    expect(render('{{ site.constructor }}|{{ page.__proto__ }}|{{ "a".constructor }}')).toBe('||');
  });

  it('stops a loop that would not end in time, keeping the body as written', () => {
    const result = run('{% for i in (1..100000000) %}{{ i }}{% endfor %}');
    expect(result.rendered).toBe(false);
    expect(result.issues.map((issue) => issue.kind)).toEqual(['error']);
  });
});

describe('renderLiquid: what is kept as written, and reported', () => {
  it('keeps an unknown tag and an unknown include, and runs the rest', () => {
    expect(render('{% post_url 2010-07-21-name %} {{ site.title }} {% include JB/liquid_raw %}')).toBe(
      '{% post_url 2010-07-21-name %} 新闻存档 {% include JB/liquid_raw %}',
    );
    expect(issues('x\n{% post_url a %}\n{% include JB/liquid_raw %}')).toEqual([
      { kind: 'tag', name: 'post_url', line: 1 },
      { kind: 'include', name: 'JB/liquid_raw', line: 2 },
    ]);
  });

  it('keeps the whole body when a {{ or {% is never closed, on which Jekyll stops', () => {
    const body = '某指标{{ 未闭合 以及 }}的写法，\n以及涨幅{%5的表述';
    expect(run(body)).toMatchObject({ body, rendered: false });
    expect(issues(body)).toEqual([{ kind: 'unclosed', name: '{%', line: 1 }]);
  });

  it('keeps the whole body when the Liquid cannot be read, at the line of the error', () => {
    const result = run('a\n{% if x %}\nb');
    expect(result.body).toBe('a\n{% if x %}\nb');
    expect(result.issues).toEqual([expect.objectContaining({ kind: 'error', line: 1 })]);
  });

  it('names variables with no value, but not those the body or its includes set', () => {
    expect(issues('{% include JB/setup %}{{ HOME_PATH }}{% assign a = 1 %}{{ a }}\n{{ BLOG_IMG }}x')).toEqual([
      { kind: 'variable', name: 'BLOG_IMG', line: 1 },
    ]);
  });

  it('says nothing of braces that are not Liquid', () => {
    expect(run('价格 {a: 1}，{ {x} }，%}').issues).toEqual([]);
  });

  it('maps every rendered line to its line as written', () => {
    const result = run('{% include JB/setup %}\n{% comment %}\n1\n2\n{% endcomment %}\n[a](/x)\n{% assign n =\n 1 %}\n[b](/y)');
    const lines = result.body.split('\n');
    expect(result.sourceLine(lines.indexOf('[a](/x)'))).toBe(5);
    expect(result.sourceLine(lines.indexOf('[b](/y)'))).toBe(8);
  });
});

describe('liquidUses', () => {
  it('names includes, site keys and variables outside raw, not filters, parameters or what the body sets', () => {
    const uses = liquidUses(
      '{% include JB/setup %}{{BLOG_IMG}}x {{ d | date: "%Y" }} {% raw %}{{ nope }}{% endraw %} ' +
        '{% assign a = site.url | append: b %}{{ a }} {{ site.JB.BASE_PATH }} {% for p in site.posts %}{{ p.title }}{% endfor %}',
    );
    expect(uses).toEqual({
      includes: new Set(['JB/setup']),
      site: new Set(['url', 'JB', 'posts']),
      variables: new Set(['BLOG_IMG', 'd', 'b']),
    });
  });
});

describe('a read post', () => {
  const FRONT = '---\ntitle: 模板\ndate: 2024-01-01 10:00:00 +0800\ncategories: 财经\n---\n';
  const read = (body: string, settings = testReaderSettings()) =>
    readPostFile('2024-01-01-muban.md', new TextEncoder().encode(FRONT + body), settings, {
      now: new Date('2026-01-01T00:00:00Z'),
      render: true,
    });

  it('has its Liquid run before Markdown, with its page values', () => {
    const result = read('# {{ page.title }}\n\n见 [全文]({{ site.url }}/a.html)，{{ page.date }}\n');
    expect(result.status).toBe('post');
    if (result.status !== 'post') return;
    expect(result.html).toContain('>模板</h1>');
    // The site's own address, made site-relative as every legacy host's link.
    expect(result.html).toContain('href="/a.html"');
    expect(result.html).toContain('2024-01-01 10:00:00 +0800');
    expect(result.warnings).toEqual([]);
  });

  it('is published with a warning per kind, at lines of the file as written, and its links at theirs', () => {
    const result = read('{% comment %}\n一\n二\n{% endcomment %}\n[甲](/zhuanti/)\n{% post_url x %}\n{% post_url y %}\n');
    expect(result.status).toBe('post');
    if (result.status !== 'post') return;
    expect(result.warnings).toEqual([
      expect.objectContaining({ file: '2024-01-01-muban.md', line: 11, field: 'body', group: 'liquid tag post_url' }),
    ]);
    expect(result.warnings[0]?.message).toContain('(and 1 more place)');
    expect(result.post.links).toEqual([expect.objectContaining({ line: 10, href: '/zhuanti/' })]);
  });

  it('is read as written with render_with_liquid: false, as in Jekyll', () => {
    const settings = testReaderSettings();
    const rendered = renderPostLiquid(
      `${FRONT}{{ x }}`,
      '{{ x }}',
      settings.liquid,
      {
        data: { render_with_liquid: 'false' },
        title: 't',
        date: new Date(),
        url: '/',
        categories: [],
        tags: [],
        slug: 's',
        path: 'p',
      },
      { markdown: true, timeZone: 'UTC' },
    );
    expect(rendered.body).toBe('{{ x }}');
  });

  it('prints page.date as Ruby prints a time', () => {
    expect(rubyTime(new Date('2024-01-01T02:00:00Z'), 'Asia/Shanghai')).toBe('2024-01-01 10:00:00 +0800');
  });
});

describe('warningLines', () => {
  it('names a kind of warning once, with the number of posts and the first files', () => {
    const warning = (file: string, line: number) => ({ file, line, field: 'body', message: 'm', group: 'liquid include x' });
    expect(
      warningLines([
        warning('a.md', 5),
        { file: 'b.md', field: 'title', message: 'other' },
        warning('c.md', 6),
        warning('d.md', 7),
        warning('e.md', 8),
      ]),
    ).toEqual(['warning  body: m — 4 posts, e.g. a.md:5, c.md:6, d.md:7, …', 'warning  b.md: title: other']);
    expect(warningLines([warning('a.md', 5)])).toEqual(['warning  a.md:5: body: m']);
  });
});

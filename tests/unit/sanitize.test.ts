/**
 * The sanitizing policy (`src/lib/sanitize.ts`) against hostile input and against the ordinary
 * markup of scraped Chinese news bodies. Safety checks parse the OUTPUT (with htmlparser2, the
 * parser sanitize-html itself uses) and look at every element and attribute, so they do not
 * depend on how the output happens to be spelled.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { DomUtils, ElementType, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { createSanitizer, PAGE_IDS, relativizeLegacyUrl } from '../../src/lib/sanitize';
import { BROKEN_CONSTRUCTS, OTHER_HOST } from '../fixtures/broken-html-posts/constructs';
import { stripXmlForbidden } from '../../src/lib/xml';

const LEGACY_HOSTS = ['finews.example.com', 'finews.withounder.com'] as const;
const sanitize = createSanitizer({ legacyHosts: LEGACY_HOSTS });

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

type OutputElement = ReturnType<typeof DomUtils.findAll>[number];

function parseOutput(html: string): { elements: OutputElement[]; comments: number; text: string } {
  const document = parseDocument(html);
  return {
    elements: DomUtils.findAll(() => true, document.children),
    comments: DomUtils.filter((node) => node.type === ElementType.Comment, document).length,
    text: DomUtils.textContent(document),
  };
}

/** Tags that must never come out of the sanitizer, whatever the input. */
const FORBIDDEN_TAGS = [
  'script',
  'iframe',
  'frame',
  'object',
  'embed',
  'form',
  'input',
  'button',
  'base',
  'meta',
  'link',
  'style',
  'svg',
  'math',
  'template',
  'noscript',
  'textarea',
  'title',
  'xmp',
  'body',
  'html',
  'head',
];
const FORBIDDEN_ATTRIBUTES = ['id', 'name', 'class', 'srcdoc', 'action', 'formaction', 'xlink:href', 'http-equiv', 'background'];
const URL_ATTRIBUTES = ['href', 'src', 'srcset', 'action', 'formaction', 'cite', 'xlink:href', 'data', 'poster', 'background'];
const SAFE_SCHEMES = ['http', 'https', 'mailto'];
const ALIGNMENT_ONLY = /^text-align:(?:left|right|center|justify|start|end)$/;

/** The URLs in a URL attribute: one for href/src, each candidate for srcset. */
function urlsOf(attribute: string, value: string): string[] {
  const urls = attribute === 'srcset' ? value.split(',').map((candidate) => candidate.trim().split(/\s+/)[0] ?? '') : [value];
  // Browsers ignore ASCII whitespace and control characters inside a scheme; and pages and feeds
  // drop what XML forbids (U+FFFE, U+FFFF, lone surrogates) after the sanitizer has run.
  return urls.map((url) => stripXmlForbidden(url).replace(/[\u0000-\u0020\u007f]/g, ''));
}

/** Every safety property the policy promises, checked on the parsed output. */
function expectSafe(output: string): void {
  // The sanitizer escapes every `<` in text, so a raw `<name` in the output is always a tag.
  expect(output).not.toMatch(new RegExp(`<\\s*/?\\s*(?:${FORBIDDEN_TAGS.join('|')})\\b`, 'i'));

  const { elements, comments } = parseOutput(output);
  expect(comments, 'no comments').toBe(0);
  for (const element of elements) {
    expect(FORBIDDEN_TAGS, `<${element.name}>`).not.toContain(element.name);
    for (const [attribute, value] of Object.entries(element.attribs)) {
      const where = `<${element.name} ${attribute}="${value}">`;
      expect(attribute, where).not.toMatch(/^on/i);
      expect(attribute, where).not.toMatch(/^data-/i);
      expect(FORBIDDEN_ATTRIBUTES, where).not.toContain(attribute);
      if (attribute === 'style') expect(value, where).toMatch(ALIGNMENT_ONLY);
      if (URL_ATTRIBUTES.includes(attribute)) {
        for (const url of urlsOf(attribute, value)) {
          expect(url, where).not.toMatch(/(?:javascript|vbscript|data):/i);
          const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
          if (scheme !== undefined) expect(SAFE_SCHEMES, where).toContain(scheme);
        }
      }
    }
    if (element.attribs.target !== undefined) {
      expect(element.name).toBe('a');
      expect(element.attribs.target).toBe('_blank');
      expect(element.attribs.rel, 'target without rel: tab-nabbing').toBe('noopener noreferrer');
    }
  }
}

/**
 * Text outside the payload survives: the sanitizer must not swallow the rest of the article,
 * not even after a raw-text element left open (`<script>`, `<textarea>`, `<plaintext>`…).
 */
function expectSurroundingsKept(output: string): void {
  const { text } = parseOutput(output);
  expect(text).toContain('before');
  expect(text).toContain('after');
}

// ---------------------------------------------------------------------------------------------
// XSS corpus
// ---------------------------------------------------------------------------------------------

interface Payload {
  name: string;
  html: string;
}

const CORPUS: Record<string, Payload[]> = {
  'script elements': [
    { name: 'plain script', html: '<script>alert(1)</script>' },
    { name: 'upper-case script', html: '<SCRIPT>alert(1)</SCRIPT>' },
    { name: 'mixed case with src', html: '<ScRiPt src="https://evil.example/x.js"></sCrIpT>' },
    { name: 'attributes and defer', html: '<script type="text/javascript" defer async>alert(1)</script>' },
    { name: 'slash instead of space', html: '<script/src="data:,alert(1)"></script>' },
    { name: 'nested broken tag', html: '<scr<script>ipt>alert(1)</script>' },
    { name: 'doubled brackets', html: '<<script>script>alert(1)<</script>/script>' },
    { name: 'escaped script data', html: '<script><!--<script></script>alert(1)</script>' },
    { name: 'script in svg', html: '<svg><script>alert(1)</script></svg>' },
    { name: 'unclosed script', html: '<script src="https://evil.example/x.js">' },
  ],
  'event handlers': [
    { name: 'img onerror', html: '<img src=x onerror=alert(1)>' },
    { name: 'upper-case img ONERROR', html: '<IMG SRC=x ONERROR="alert(1)">' },
    { name: 'entity-encoded handler', html: '<img src=x onerror="&#97;lert(1)">' },
    { name: 'handler reading its own src', html: '<img src=x:alert(alt) onerror=eval(src) alt=0>' },
    { name: 'slash-separated attributes', html: '<img/src=x/onerror=alert(1)>' },
    { name: 'newline before =', html: '<img src="x" onerror\n=alert(1)>' },
    { name: 'unterminated img tag', html: '<img src=x onerror=alert(1)//' },
    { name: 'svg onload', html: '<svg onload=alert(1)></svg>' },
    { name: 'unclosed svg/onload', html: '<svg/onload=alert(1)>' },
    { name: 'body onload', html: '<body onload=alert(1)>' },
    { name: 'a onmouseover', html: '<a href="https://example.com/" onmouseover="alert(1)">x</a>' },
    { name: 'details ontoggle', html: '<details open ontoggle=alert(1)><summary>x</summary></details>' },
    { name: 'video onerror', html: '<video src=x onerror=alert(1)></video>' },
    { name: 'video source onerror', html: '<video><source onerror=alert(1)></video>' },
    { name: 'audio onerror', html: '<audio src=x onerror=alert(1)></audio>' },
    { name: 'input autofocus onfocus', html: '<input autofocus onfocus=alert(1)>' },
    { name: 'marquee onstart', html: '<marquee onstart=alert(1)>滚动</marquee>' },
    { name: 'allowed p with onclick', html: '<p onclick="alert(1)" style="text-align:center">x</p>' },
    { name: 'td onmouseover', html: '<table><tr><td onmouseover=alert(1)>x</td></tr></table>' },
    { name: 'span onanimationstart', html: '<span onanimationstart=alert(1) style="animation-name:x">x</span>' },
  ],
  'dangerous URLs': [
    { name: 'javascript: href', html: '<a href="javascript:alert(1)">x</a>' },
    { name: 'mixed-case scheme', html: '<a href="JaVaScRiPt:alert(1)">x</a>' },
    { name: 'decimal entity', html: '<a href="&#106;avascript:alert(1)">x</a>' },
    { name: 'hex entity', html: '<a href="&#x6A;avascript:alert(1)">x</a>' },
    { name: 'entities without semicolons', html: '<a href="&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1)">x</a>' },
    { name: 'encoded tab', html: '<a href="jav&#x09;ascript:alert(1)">x</a>' },
    { name: 'named tab entity', html: '<a href="jav&Tab;ascript:alert(1)">x</a>' },
    { name: 'raw newline', html: '<a href="java\nscript:alert(1)">x</a>' },
    { name: 'encoded newline', html: '<a href="java&#x0A;script:alert(1)">x</a>' },
    { name: 'leading spaces', html: '<a href="   javascript:alert(1)">x</a>' },
    { name: 'leading control character', html: '<a href="\u0001javascript:alert(1)">x</a>' },
    { name: 'encoded leading control character', html: '<a href="&#x0E;javascript:alert(1)">x</a>' },
    { name: 'encoded colon', html: '<a href="javascript&colon;alert(1)">x</a>' },
    // Characters XML forbids, which pages and feeds drop: the sanitizer must see the URL without them.
    { name: 'U+FFFF entity inside the scheme', html: '<a href="java&#xFFFF;script:alert(1)">x</a>' },
    { name: 'U+FFFE entity before the scheme', html: '<a href="&#xFFFE;javascript:alert(1)">x</a>' },
    { name: 'raw U+FFFF inside the scheme', html: '<a href="java\uFFFFscript:alert(1)">x</a>' },
    { name: 'U+FFFF before the colon', html: "<a href='javascript\uFFFF:alert(1)'>x</a>" },
    { name: 'lone surrogate inside the scheme', html: '<a href="java\uD800script:alert(1)">x</a>' },
    { name: 'U+FFFF in an img src', html: '<img src="java&#xFFFF;script:alert(1)">' },
    { name: 'U+FFFE in a srcset', html: '<picture><source srcset="java&#xFFFE;script:alert(1) 1x"><img src="a.jpg"></picture>' },
    { name: 'U+FFFF in a q cite', html: '<q cite="java&#xFFFF;script:alert(1)">x</q>' },
    { name: 'javascript: with target', html: '<a href="javascript:alert(1)" target="_blank">x</a>' },
    { name: 'vbscript:', html: '<a href="vbscript:msgbox(1)">x</a>' },
    { name: 'mixed-case vbscript:', html: '<a href="VBScript:msgbox(1)">x</a>' },
    { name: 'data:text/html base64', html: '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>' },
    { name: 'data:text/html inline', html: '<a href="data:text/html,<script>alert(1)</script>">x</a>' },
    { name: 'img data:image/svg+xml', html: '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">' },
    { name: 'img inline svg data', html: '<img src="data:image/svg+xml,<svg onload=alert(1)>">' },
    { name: 'img javascript: src', html: '<img src="javascript:alert(1)">' },
    { name: 'q cite javascript:', html: '<q cite="javascript:alert(1)">x</q>' },
    { name: 'img srcset javascript:', html: '<img srcset="javascript:alert(1) 1x">' },
    {
      name: 'source srcset with one bad candidate',
      html: '<picture><source srcset="javascript:alert(1) 1x, https://img.example.com/a.jpg 2x"><img src="https://img.example.com/a.jpg"></picture>',
    },
    { name: 'source srcset data:', html: '<picture><source srcset="data:image/svg+xml,x 1x"></picture>' },
    { name: 'xlink:href on a', html: '<a xlink:href="javascript:alert(1)">x</a>' },
    { name: 'xlink:href in svg', html: '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>' },
    { name: 'href on math', html: '<math href="javascript:alert(1)">CLICKME</math>' },
    { name: 'tab-nabbing target=_blank', html: '<a href="https://example.com/" target=_blank>x</a>' },
    { name: 'target with rel=opener', html: '<a href="https://example.com/" target="_blank" rel="opener">x</a>' },
    { name: 'named target', html: '<a href="https://example.com/" target="_top">x</a>' },
  ],
  'namespace confusion': [
    { name: 'svg style img', html: '<svg><style><img src=x onerror=alert(1)></style></svg>' },
    { name: 'svg p style breakout', html: '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">' },
    {
      name: 'math mglyph style',
      html: '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
    },
    {
      name: 'math mglyph comment',
      html: '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;"></style></mglyph></table></mtext></math>',
    },
    {
      name: 'foreignObject iframe',
      html: '<svg><foreignObject><iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe></foreignObject></svg>',
    },
    { name: 'maction xlink:href', html: '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>' },
    { name: 'svg animate href', html: '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>' },
  ],
  'parsing tricks': [
    { name: 'noscript attribute breakout', html: '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>' },
    { name: 'template', html: '<template><img src=x onerror=alert(1)></template>' },
    { name: 'textarea', html: '<textarea><img src=x onerror=alert(1)></textarea>' },
    { name: 'empty textarea then img', html: '<textarea></textarea><img src=x onerror=alert(1)>' },
    { name: 'title', html: '<title><img src=x onerror=alert(1)></title>' },
    { name: 'xmp', html: '<xmp><img src=x onerror=alert(1)></xmp>' },
    { name: 'iframe srcdoc', html: '<iframe srcdoc="<script>alert(1)</script>"></iframe>' },
    { name: 'iframe javascript: src', html: '<iframe src="javascript:alert(1)"></iframe>' },
    { name: 'noembed', html: '<noembed><img src=x onerror=alert(1)></noembed>' },
    { name: 'select option', html: '<select><option><img src=x onerror=alert(1)></option></select>' },
    { name: 'unclosed plaintext', html: '<plaintext><img src=x onerror=alert(1)>' },
    { name: 'unclosed textarea', html: '<textarea><img src=x onerror=alert(1)>' },
    { name: 'self-closed iframe', html: '<iframe src="https://evil.example/" />' },
  ],
  'comment breakouts': [
    { name: 'abrupt empty comment', html: '<!--><img src=x onerror=alert(1)>-->' },
    { name: 'bang-closed comment', html: '<!-- --!><img src=x onerror=alert(1)>-->' },
    { name: 'comment inside attribute', html: '<!--<img src="--><img src=x onerror=alert(1)//">' },
    { name: 'CDATA', html: '<![CDATA[><img src=x onerror=alert(1)>]]>' },
    { name: 'processing instruction', html: '<? ><img src=x onerror=alert(1)> ?>' },
    { name: 'conditional comment', html: '<!--[if IE]><script>alert(1)</script><![endif]-->' },
  ],
  'CSS overlays': [
    {
      name: 'full-screen fixed overlay',
      html: '<div style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:99999;background:#fff">遮罩</div>',
    },
    { name: 'alignment plus position', html: '<p style="text-align:center;position:fixed;inset:0">x</p>' },
    { name: 'position before alignment', html: '<div style="position:absolute;top:0;text-align:left">x</div>' },
    { name: 'encoded semicolon', html: '<p style="text-align:center&#59;position:fixed">x</p>' },
    { name: 'style element', html: '<style>body{display:none}</style>' },
    { name: 'style element with @import', html: '<style>@import "https://evil.example/x.css";</style>' },
    { name: 'expression()', html: '<div style="width:expression(alert(1))">x</div>' },
    { name: 'url(javascript:)', html: '<div style="background:url(javascript:alert(1))">x</div>' },
    { name: 'encoded url(javascript:)', html: '<p style="background-image:url(&quot;javascript:alert(1)&quot;)">x</p>' },
    { name: '-moz-binding', html: '<div style="-moz-binding:url(https://evil.example/xss.xml#xss)">x</div>' },
    { name: 'style on span', html: '<span style="position:fixed;inset:0">x</span>' },
    { name: 'link stylesheet', html: '<link rel="stylesheet" href="https://evil.example/x.css">' },
  ],
  'document and form elements': [
    { name: 'base href', html: '<base href="https://evil.example/">' },
    { name: 'meta refresh', html: '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">' },
    { name: 'head with meta', html: '<head><meta http-equiv="refresh" content="0;url=https://evil.example/"></head>' },
    { name: 'object javascript:', html: '<object data="javascript:alert(1)"></object>' },
    { name: 'object data:', html: '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>' },
    { name: 'embed javascript:', html: '<embed src="javascript:alert(1)">' },
    { name: 'embed flash', html: '<embed src="https://evil.example/x.swf" type="application/x-shockwave-flash">' },
    { name: 'form action', html: '<form action="javascript:alert(1)"><input type="submit" value="提交"></form>' },
    { name: 'button formaction', html: '<form><button formaction="javascript:alert(1)">x</button></form>' },
    { name: 'isindex action', html: '<isindex action="javascript:alert(1)" type="image">' },
    { name: 'frameset onload', html: '<frameset onload=alert(1)></frameset>' },
  ],
  'DOM clobbering': [
    { name: 'img name', html: '<img name="getElementById" src="https://img.example.com/a.jpg">' },
    { name: 'a id and name', html: '<a id="CONFIG" name="CONFIG" href="https://evil.example/">x</a>' },
    { name: 'form and input names', html: '<form name="body"><input name="attributes"></form>' },
    { name: 'id, class and data-*', html: '<p id="defaultView" class="x" data-src="javascript:alert(1)">x</p>' },
  ],
};

const PAYLOAD_COUNT = Object.values(CORPUS).reduce((count, payloads) => count + payloads.length, 0);

describe('XSS corpus', () => {
  it('has at least 60 payloads', () => {
    expect(PAYLOAD_COUNT).toBeGreaterThanOrEqual(60);
  });

  describe.each(Object.entries(CORPUS))('%s', (_group, payloads) => {
    it.each(payloads)('$name', ({ html }) => {
      const output = sanitize(`<p>before</p>${html}<p>after</p>`);
      expectSafe(output);
      expectSurroundingsKept(output);
      // A second pass changes nothing: the output is already in the policy's normal form.
      expect(sanitize(output)).toBe(output);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// What must survive
// ---------------------------------------------------------------------------------------------

const IMG_EXTRAS = 'loading="lazy" decoding="async" referrerpolicy="no-referrer"';

/** [case, input, exact expected output]; each output must also pass the safety checks. */
const KEPT: [string, string, string][] = [
  [
    'paragraphs and headings',
    '<h2>小标题</h2><p>第一段。</p><h3>再小</h3><p>第二段。</p>',
    '<h2>小标题</h2><p>第一段。</p><h3>再小</h3><p>第二段。</p>',
  ],
  [
    'strong and em',
    '<p><strong>重要</strong>和<em>强调</em>，<b>粗</b><i>斜</i></p>',
    '<p><strong>重要</strong>和<em>强调</em>，<b>粗</b><i>斜</i></p>',
  ],
  [
    'lists',
    '<ul><li>一</li><li>二</li></ul><ol start="3"><li>三</li></ol>',
    '<ul><li>一</li><li>二</li></ul><ol start="3"><li>三</li></ol>',
  ],
  ['blockquote', '<blockquote><p>据公司公告。</p></blockquote>', '<blockquote><p>据公司公告。</p></blockquote>'],
  [
    'table with colspan',
    '<table><thead><tr><th colspan="2">指标</th></tr></thead><tbody><tr><td>营收</td><td rowspan="1">12.5亿</td></tr></tbody></table>',
    '<table><thead><tr><th colspan="2">指标</th></tr></thead><tbody><tr><td>营收</td><td rowspan="1">12.5亿</td></tr></tbody></table>',
  ],
  [
    'column groups (void col)',
    '<table><colgroup><col span="2"></colgroup><tr><td>a</td><td>b</td></tr></table>',
    '<table><colgroup><col span="2" /></colgroup><tr><td>a</td><td>b</td></tr></table>',
  ],
  [
    'http, https, mailto and protocol-relative links',
    '<p><a href="http://example.com/a">甲</a><a href="https://example.com/b?c=1&amp;d=2">乙</a><a href="mailto:news@example.com">丙</a><a href="//cdn.example.com/x.html">丁</a></p>',
    '<p><a href="http://example.com/a">甲</a><a href="https://example.com/b?c=1&amp;d=2">乙</a><a href="mailto:news@example.com">丙</a><a href="//cdn.example.com/x.html">丁</a></p>',
  ],
  [
    'link target becomes _blank with rel',
    '<a href="https://example.com/" target="_new" rel="nofollow">外链</a><a href="https://example.com/" target="_self">本页</a>',
    '<a href="https://example.com/" target="_blank" rel="noopener noreferrer">外链</a><a href="https://example.com/">本页</a>',
  ],
  [
    'images get lazy loading and no referrer',
    '<img src="https://img.example.com/a.jpg" alt="图" width="552" height="300" border="0" style="border:1px solid #ccc">',
    `<img src="https://img.example.com/a.jpg" alt="图" width="552" height="300" ${IMG_EXTRAS} />`,
  ],
  [
    'image-only paragraph, missing alt made empty',
    '<p><img src="https://img.example.com/a.jpg"></p>',
    `<p><img src="https://img.example.com/a.jpg" alt="" ${IMG_EXTRAS} /></p>`,
  ],
  [
    'figure and figcaption',
    '<figure><img src="https://img.example.com/a.jpg" alt="图"><figcaption>图片来源：示例公司官网</figcaption></figure>',
    `<figure><img src="https://img.example.com/a.jpg" alt="图" ${IMG_EXTRAS} /><figcaption>图片来源：示例公司官网</figcaption></figure>`,
  ],
  [
    'picture with sources (void source)',
    '<picture><source srcset="https://img.example.com/a.webp 1x, https://img.example.com/a2.webp 2x" type="image/webp"><img src="https://img.example.com/a.jpg"></picture>',
    `<picture><source srcset="https://img.example.com/a.webp 1x, https://img.example.com/a2.webp 2x" type="image/webp" /><img src="https://img.example.com/a.jpg" alt="" ${IMG_EXTRAS} /></picture>`,
  ],
  ['text-align on p, normalised', '<p style="TEXT-ALIGN: Center;">图片来源</p>', '<p style="text-align:center">图片来源</p>'],
  [
    'text-align on div among other styles',
    '<div style="color:red; text-align:center; font-size:20px">x</div>',
    '<div style="text-align:center">x</div>',
  ],
  [
    'text-align on td with !important',
    '<table><tr><td style="text-align: center !important">x</td></tr></table>',
    '<table><tr><td style="text-align:center">x</td></tr></table>',
  ],
  ['style without alignment dropped', '<p style="color:red">x</p>', '<p>x</p>'],
  [
    'center becomes a centred div',
    '<center><img src="https://img.example.com/a.jpg" alt="Image"></center>',
    `<div style="text-align:center"><img src="https://img.example.com/a.jpg" alt="Image" ${IMG_EXTRAS} /></div>`,
  ],
  ['center attributes dropped', '<center id="x" style="color:red">居中</center>', '<div style="text-align:center">居中</div>'],
  [
    'Chinese text and full-width punctuation',
    '<p>专家称“稳增长”政策仍有空间——（一）《条例》：是否、何时？！……｜【快讯】～￥１００％</p>',
    '<p>专家称“稳增长”政策仍有空间——（一）《条例》：是否、何时？！……｜【快讯】～￥１００％</p>',
  ],
  ['escaped angle brackets stay escaped', '<p>《&lt;示例议定书&gt;修正案》&amp;</p>', '<p>《&lt;示例议定书&gt;修正案》&amp;</p>'],
  [
    'code keeps escaped markup',
    '<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>',
    '<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>',
  ],
  [
    'legacy links become site-relative, others stay absolute',
    '<a href="//finews.example.com/category/x.html">分类</a><a href="http://finews.withounder.com/">首页</a><a href="https://example.com/category/x.html">外站</a>',
    '<a href="/category/x.html">分类</a><a href="/">首页</a><a href="https://example.com/category/x.html">外站</a>',
  ],
  ['legacy image becomes site-relative', '<img src="//finews.example.com/img/a.png">', `<img src="/img/a.png" alt="" ${IMG_EXTRAS} />`],
  [
    'comments and data-* dropped',
    '<!-- EM_StockImg_Start --><p data-code="1,600000" class="em_media">正文</p><!-- EM_StockImg_End -->',
    '<p>正文</p>',
  ],
  [
    'empty span wrappers removed, filled ones kept',
    '<p>国内<span id="bk_90.BK0493"><a href="http://quote.example.com/r/90.BK0493" class="keytip" data-code="90,BK0493">新能源</a></span><span id="bkquote_90.BK0493"></span>材料</p>',
    '<p>国内<span><a href="http://quote.example.com/r/90.BK0493">新能源</a></span>材料</p>',
  ],
  [
    'span href dropped, text kept',
    '<p><span web="1" href="http://quote.example.com/r/1.600000">示例股份</span>已具备</p>',
    '<p><span>示例股份</span>已具备</p>',
  ],
  [
    'hidden empty paragraph removed',
    '<p style="display:none;height:1px;overflow:hidden;"><br /></p><p>正文<br /></p>',
    '<p>正文<br /></p>',
  ],
  [
    'linked image in a centred paragraph (regression)',
    '<p style="text-align:center;"><a href="http://quote.example.com/unify/r/106.DEMO" data-code="DEMO|106|7" class="EmImageRemark" target="_blank"><img src="https://img.example.com/GetPic.aspx?nid=106.DEMO&imageType=k&token=abc&at=1" border="0" alt="K图 DEMO_0" style="border:#d1d1d1 1px solid;" width="578" height="276" /></a></p>',
    `<p style="text-align:center"><a href="http://quote.example.com/unify/r/106.DEMO" target="_blank" rel="noopener noreferrer"><img src="https://img.example.com/GetPic.aspx?nid=106.DEMO&amp;imageType=k&amp;token=abc&amp;at=1" alt="K图 DEMO_0" width="578" height="276" ${IMG_EXTRAS} /></a></p>`,
  ],
  [
    'inline SVG chart leaves its text, not its markup',
    '<p>图表：</p><svg viewBox="0 0 10 10"><title>图表标题</title><style>text{fill:red}</style><text x="1" y="1">涨幅</text></svg><p>完</p>',
    '<p>图表：</p>涨幅<p>完</p>',
  ],
];

describe('what must survive', () => {
  it.each(KEPT)('%s', (_case, input, expected) => {
    const output = sanitize(input);
    expect(output).toBe(expected);
    expectSafe(output);
  });
});

// ---------------------------------------------------------------------------------------------
// Broken markup: nothing after it is lost or linked
// ---------------------------------------------------------------------------------------------

const MARKER = '之后的文字仍在。';

/** The links (by href) that enclose each occurrence of `marker` in the output's text. */
function markerLinks(output: string, marker: string): { count: number; links: string[] } {
  const document = parseDocument(output);
  const texts = DomUtils.filter((node) => node.type === ElementType.Text && DomUtils.textContent(node).includes(marker), document);
  const links: string[] = [];
  for (const text of texts) {
    for (let node = text.parent; node; node = node.parent) {
      if (node.type === ElementType.Tag && (node as OutputElement).name === 'a') links.push((node as OutputElement).attribs.href ?? '');
    }
  }
  return { count: DomUtils.textContent(document).split(marker).length - 1, links };
}

describe.each(BROKEN_CONSTRUCTS)('broken markup: $group, $name', ({ html }) => {
  it.each([
    ['directly', `${html}<p>${MARKER}</p>`],
    ['on the next line', `${html}\n<p>${MARKER}</p>`],
    ['then more text and markup', `${html}\n\n${MARKER}<p>另一段 "引号" 与 <b>粗体</b></p>`],
  ])('keeps the text after it (%s)', (_case, input) => {
    const output = sanitize(input);
    expectSafe(output);
    // Once in the markup and once in the text: shown as text, not hidden in an attribute.
    expect(output.split(MARKER).length - 1, output).toBe(1);
    const { count, links } = markerLinks(output, MARKER);
    expect(count, output).toBe(1);
    const offSite = links.filter((href) => /^\s*(?:[a-z]+:)?\/\//i.test(href));
    expect(offSite, output).toEqual([]);
    expect(sanitize(output)).toBe(output);
  });
});

describe('broken markup keeps what it can', () => {
  it.each([
    [
      'an unclosed link ends with its paragraph',
      `<p>见<a href="https://${OTHER_HOST}/">外站</p><p>${MARKER}</p>`,
      `<p>见<a href="https://${OTHER_HOST}/">外站</a></p><p>${MARKER}</p>`,
    ],
    [
      'an unclosed link ends at the next block',
      `<a href="https://${OTHER_HOST}/">外站<p>${MARKER}</p>`,
      `<a href="https://${OTHER_HOST}/">外站</a><p>${MARKER}</p>`,
    ],
    [
      'a closed link wrapping a block stays',
      `<a href="https://${OTHER_HOST}/"><div>卡片</div></a><p>${MARKER}</p>`,
      `<a href="https://${OTHER_HOST}/"><div>卡片</div></a><p>${MARKER}</p>`,
    ],
    [
      'a tag cut at the end of its line is shown as text',
      `<div style="text-align:center"\n<p>${MARKER}</p>`,
      `&lt;div style="text-align:center"\n<p>${MARKER}</p>`,
    ],
    ['an unclosed comment is shown as text', `<p>前</p><!-- 注释\n<p>${MARKER}</p>`, `<p>前</p>&lt;!-- 注释\n<p>${MARKER}</p>`],
    ['a closed comment is dropped', `<p>前</p><!-- <a href="x"> --><p>${MARKER}</p>`, `<p>前</p><p>${MARKER}</p>`],
    [
      'an unterminated attribute value is shown as text',
      `<p>前</p><img alt='图\n<p>${MARKER}</p>`,
      `<p>前</p>&lt;img alt='图\n<p>${MARKER}</p>`,
    ],
  ])('%s', (_case, input, expected) => {
    expect(sanitize(input)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// relativizeLegacyUrl
// ---------------------------------------------------------------------------------------------

describe('relativizeLegacyUrl', () => {
  it.each([
    ['//finews.example.com/category/x.html', '/category/x.html'],
    ['http://finews.withounder.com/', '/'],
    ['https://finews.withounder.com', '/'],
    ['HTTPS://FINEWS.EXAMPLE.COM/News/A.html', '/News/A.html'],
    ['//Finews.Example.Com/x', '/x'],
    ['http://finews.example.com:8080/x', '/x'],
    ['//finews.example.com:443', '/'],
    ['//finews.example.com?page=2', '/?page=2'],
    ['//finews.example.com/search?q=新闻&page=2#top', '/search?q=新闻&page=2#top'],
    ['//finews.example.com#top', '/#top'],
    ['  //finews.example.com/x', '/x'],
    // The path must not turn into a protocol-relative link to another host.
    ['//finews.example.com//evil.example/x', '/evil.example/x'],
    ['https://finews.example.com/\\evil.example/', '/evil.example/'],
    // A character XML forbids, which pages and feeds remove, is gone before the path is checked.
    ['//finews.example.com/\uFFFF/evil.example/', '/evil.example/'],
  ])('legacy %s → %s', (url, expected) => {
    expect(relativizeLegacyUrl(url, LEGACY_HOSTS)).toBe(expected);
  });

  it.each(['&#xFFFF;', '&#xFFFE;', '&#xD800;'])(
    'never lets %s between a legacy host and a path make a link to another host',
    (reference) => {
      const html = sanitize(
        `<p><a href="//finews.example.com/${reference}/evil.test/">旧链接</a><img src="//finews.example.com/${reference}/evil.test/a.png"></p>`,
      );
      expect(html).not.toMatch(/(?:href|src)="\/\//);
      // A surrogate's reference is U+FFFD to an HTML parser: a path of the site either way.
      expect(html).toMatch(/href="\/(?:\uFFFD\/)?evil\.test\/"/);
    },
  );

  it.each([
    'https://example.com/category/x.html',
    '//cdn.example.com/finews.example.com/x',
    '//finews.example.com.evil.example/x',
    'https://finews.example.com.cn/',
    '//finews.example.com@evil.example/x',
    'ftp://finews.example.com/x',
    'mailto:editor@finews.example.com',
    '/already/relative.html',
    'category/x.html',
    '#top',
  ])('leaves %s alone', (url) => {
    expect(relativizeLegacyUrl(url, LEGACY_HOSTS)).toBe(url);
  });

  it('matches configured hosts case-insensitively', () => {
    expect(relativizeLegacyUrl('//finews.example.com/x', ['FINEWS.Example.com'])).toBe('/x');
    expect(relativizeLegacyUrl('//finews.example.com/x', [])).toBe('//finews.example.com/x');
  });
});

describe('ids', () => {
  it("keeps a heading's id, so links into the article (#一关于中国的民族性格) keep working", () => {
    expect(sanitize('<h2 id="一关于中国的民族性格">一、关于中国的民族性格</h2>')).toBe(
      '<h2 id="一关于中国的民族性格">一、关于中国的民族性格</h2>',
    );
    expect(sanitize('<h3 id="hello-world-1">Hello</h3>')).toBe('<h3 id="hello-world-1">Hello</h3>');
  });

  it("keeps kramdown's table of contents and the ids of its links", () => {
    const toc = '<ul id="markdown-toc">\n<li><a href="#a" id="markdown-toc-a">A</a></li>\n</ul>';
    expect(sanitize(toc)).toBe(toc);
  });

  it.each([...PAGE_IDS])('refuses a heading the id %s, which the page uses for its own element', (id) => {
    expect(sanitize(`<h2 id="${id}">x</h2>`)).toBe('<h2>x</h2>');
  });

  it.each([
    ['a heading id with markup characters', '<h2 id="a&quot;b">x</h2>', '<h2>x</h2>'],
    ['an id on any other element', '<p id="a">x</p><ul id="b"><li>y</li></ul>', '<p>x</p><ul><li>y</li></ul>'],
    ['a link id not of the table of contents', '<a id="config" href="/x">x</a>', '<a href="/x">x</a>'],
  ])('drops %s', (_name, html, expected) => {
    expect(sanitize(html)).toBe(expected);
  });

  it('lists every id the layout and components give their own elements', () => {
    const sources = ['src/layouts/BaseLayout.astro', ...readdirSync('src/components').map((file) => `src/components/${file}`)];
    const pages = readdirSync('src/pages', { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.astro'))
      .map((file) => `src/pages/${file}`);
    const ids = [...sources, ...pages].flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bid="([^"{]+)"/g)].map((match) => match[1]!),
    );
    for (const id of ids) expect(PAGE_IDS, id).toContain(id);
  });
});

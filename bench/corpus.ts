/**
 * A deterministic corpus of Jekyll posts shaped like the archive xinwen replaces: 40% long
 * one-line HTML articles (12 KB on average, like the seed post; 5.5 KB per post overall), 30% scraped HTML with spans, images and comments, 30% one-sentence
 * digests with offset-less dates; ~300 categories of Zipf-like sizes; dates over 18 months.
 * The same N always gives the same files, so runs can be compared.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Mulberry32: small, fast, and the same sequence on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  '经济 市场 发展 企业 政策 投资 增长 消费 金融 银行 改革 创新 科技 产业 数据 平台 服务 城市 农村 就业 ' +
  '收入 价格 指数 股市 债券 基金 汇率 出口 进口 制造 能源 新能源 汽车 电池 芯片 医药 教育 文化 旅游 交通 ' +
  '铁路 航空 物流 快递 外卖 社区 养老 医疗 住房 土地 环境 生态 绿色 低碳 气候 农业 粮食 水利 安全 监管 ' +
  '规划 会议 部门 地方 政府 专家 记者 公司 公告 业绩 利润 营收 季度 同比 环比 预计 表示 认为 指出 推动 ' +
  '加快 提升 稳定 扩大 促进 支持 落实 完善 加强 推进 建设 试点 项目 合作 国际 全球 区域 协调 高质量'
).split(' ');

function sentence(next: () => number, words: number): string {
  let text = '';
  for (let index = 0; index < words; index += 1) text += WORDS[Math.floor(next() * WORDS.length)];
  return `${text}${next() < 0.3 ? '，' : ''}${WORDS[Math.floor(next() * WORDS.length)]}。`;
}

function paragraph(next: () => number): string {
  return Array.from({ length: 2 + Math.floor(next() * 4) }, () => sentence(next, 4 + Math.floor(next() * 8))).join('');
}

/** Category slugs with Zipf-like sizes: a few with thousands of posts, many with 1–5. */
const pickers = new Map<number, (draw: number) => string>();
function categoryPicker(count: number): (draw: number) => string {
  let picker = pickers.get(count);
  if (picker) return picker;
  const names = Array.from({ length: count }, (_, index) => (index % 7 === 0 ? `cat${index}news` : `category${index}`));
  const weights = names.map((_, rank) => 1 / (rank + 1) ** 1.1);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const cumulative: number[] = [];
  let running = 0;
  for (const weight of weights) {
    running += weight / total;
    cumulative.push(running);
  }
  picker = (draw) => {
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < draw) low = middle + 1;
      else high = middle;
    }
    return names[low]!;
  };
  pickers.set(count, picker);
  return picker;
}

const pad = (value: number) => String(value).padStart(2, '0');
const START = Date.UTC(2024, 0, 1);
const SPAN_DAYS = 548; // 18 months

export interface CorpusOptions {
  count: number;
  /** First post number; "add 100 posts" generates numbers after the existing ones. */
  first?: number;
  categories?: number;
  seed?: number;
  /** Date posts in the day after the corpus span, as a scraper's new posts are (for "add"). */
  fresh?: boolean;
}

/** The file name and text of post number `index`. */
export function corpusPost(
  index: number,
  options: { categories?: number; seed?: number; fresh?: boolean } = {},
): { name: string; text: string } {
  // Each post draws from its own stream, so post N is the same whatever else is generated.
  const next = random((options.seed ?? 20_000) * 1_000_003 + index);
  const category = categoryPicker(options.categories ?? 300)(next());
  const instant = new Date(
    START + Math.floor(next() * (options.fresh ? 86_400_000 : SPAN_DAYS * 86_400_000)) + (options.fresh ? SPAN_DAYS * 86_400_000 : 0),
  );
  const y = instant.getUTCFullYear();
  const m = pad(instant.getUTCMonth() + 1);
  const d = pad(instant.getUTCDate());
  const time = `${pad(instant.getUTCHours())}:${pad(instant.getUTCMinutes())}:${pad(instant.getUTCSeconds())}`;
  const id = `NW${y}${m}${d}${String(index).padStart(10, '0')}`;
  const title = sentence(next, 3 + Math.floor(next() * 5)).replace(/[，。]/g, '');
  const kind = next();
  let date: string;
  let body: string;
  if (kind < 0.4) {
    date = `${y}-${m}-${d} ${time} +0800`;
    // As long as the archive's long articles: the seed post is 12.7 KB.
    const paragraphs = Array.from({ length: 30 + Math.floor(next() * 60) }, () => `<p>${paragraph(next)}</p>`);
    paragraphs.splice(Math.floor(paragraphs.length / 2), 0, `<p style="text-align:center;"><strong>${sentence(next, 3)}</strong></p>`);
    body = `${paragraphs.join('')}<p class="em_media">（文章来源：示例日报）</p>\n\n<http://news.example.com/a/${id}.html>\n\n[返回频道](//finews.example.com/category/${category}.html)｜[返回首页](//finews.example.com/)\n`;
  } else if (kind < 0.7) {
    date = `${y}-${m}-${d} ${time} +0800`;
    body =
      `> ${sentence(next, 6)}\n\n` +
      `<p style="display:none;height:1px;overflow:hidden;"><br /></p><!-- EM_StockImg_Start --><p style="text-align:center;"><a href="http://quote.example.com/r/${index}" data-code="${index}|1|7" class="EmImageRemark" target="_blank"><img src="https://img.example.com/k/${index}.png" border="0" alt="K图" width="578" height="276" /></a></p><!-- EM_StockImg_End -->` +
      `<p>${sentence(next, 6)}<span id="bk_${index}"><a href="http://quote.example.com/r/bk${index}" class="keytip" data-code="90,BK${index}">${WORDS[index % WORDS.length]}</a></span><span id="bkquote_${index}"></span>${paragraph(next)}<br /></p>` +
      `<p>${paragraph(next)}</p><center><img src="https://img.example.com/d/${id}.jpg" alt="Image" width="552" style="border:#d1d1d1 1px solid;" /></center><p>${paragraph(next)}</p>\n\n<>\n`;
  } else {
    // Digests: the offset-less unquoted dates scrapers write.
    date = `${y}-${m}-${d} ${time}`;
    body = `\n${sentence(next, 8)}\n\n<http://finance.example.com/news/${id}.html>\n`;
  }
  const tags = next() < 0.5 ? `${WORDS[index % WORDS.length]} 滚动新闻` : '滚动新闻';
  const text = `---\nlayout: post\ntitle: "${title}"\ndate: ${date}\ncategories: ${category}\ntags: ${tags}\n---\n${body}`;
  return { name: `${y}-${m}-${d}-${id}.md`, text };
}

/** Writes posts `first … first+count-1` into `dir` (emptied first unless adding). */
export function writeCorpus(dir: string, options: CorpusOptions & { append?: boolean }): string[] {
  if (!options.append) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const names: string[] = [];
  const first = options.first ?? 0;
  for (let index = first; index < first + options.count; index += 1) {
    const { name, text } = corpusPost(index, options);
    writeFileSync(path.join(dir, name), text);
    names.push(name);
  }
  return names;
}

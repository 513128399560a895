<?xml version="1.0" encoding="UTF-8"?>
<!-- Shows an RSS feed opened in a browser as a readable page; feed readers ignore it. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html" encoding="UTF-8" indent="yes" />
  <xsl:template match="/rss/channel">
    <html lang="{language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title><xsl:value-of select="title" />（RSS 订阅源）</title>
        <style>
          body { max-width: 42rem; margin: 0 auto; padding: 1rem; line-height: 1.8; color: #1f2328; background: #fff;
            font-family: system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; }
          @media (prefers-color-scheme: dark) { body { color: #e6edf3; background: #0d1117; } a { color: #6cb6ff; } }
          .note { padding: 0.75rem 1rem; background: rgba(127, 127, 127, 0.12); border-radius: 6px; }
          li { margin: 0.75rem 0; } time { color: #59636e; font-size: 0.875rem; margin-left: 0.5rem; }
        </style>
      </head>
      <body>
        <p class="note">这是一个 RSS 订阅源。把本页地址复制到 RSS 阅读器中即可订阅。</p>
        <h1><xsl:value-of select="title" /></h1>
        <p><xsl:value-of select="description" /></p>
        <p><a href="{link}">访问网站 »</a></p>
        <ol>
          <xsl:for-each select="item">
            <li>
              <a href="{link}"><xsl:value-of select="title" /></a>
              <time><xsl:value-of select="pubDate" /></time>
              <div><xsl:value-of select="description" /></div>
            </li>
          </xsl:for-each>
        </ol>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>

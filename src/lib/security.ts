/**
 * The Content-Security-Policy every page carries, as a second wall behind the sanitizer: even
 * if hostile markup slipped through, the browser would run no inline script, no handler and
 * nothing from another host. The site's only scripts are its own files (the search page's).
 */
const DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'self'"],
  // Only scripts served by the site itself; inline scripts and event handlers are refused.
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  // Article bodies keep `text-align` as a style attribute (nothing else survives sanitizing).
  'style-src-attr': ["'unsafe-inline'"],
  // News images are hot-linked from their publishers' CDNs.
  'img-src': ["'self'", 'https:', 'http:'],
  'media-src': ["'self'", 'https:', 'http:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/**
 * The policy as a `<meta http-equiv="Content-Security-Policy">` value. `wasm` allows compiling
 * WebAssembly (never inline scripts): only the search page needs it, for Pagefind.
 */
export function contentSecurityPolicy(options: { wasm?: boolean } = {}): string {
  return Object.entries(DIRECTIVES)
    .map(([directive, sources]) => {
      const all = directive === 'script-src' && options.wasm ? [...sources, "'wasm-unsafe-eval'"] : sources;
      return `${directive} ${all.join(' ')}`;
    })
    .join('; ');
}

/** The policy of every page but the search page. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/** Links leave with the origin only; images set their own `no-referrer`. */
export const REFERRER_POLICY = 'strict-origin-when-cross-origin';

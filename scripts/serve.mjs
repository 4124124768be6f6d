// The static server of the demo, the browser tests and the benchmark: serves the repository root
// on 127.0.0.1 with the MIME types browsers insist on (application/wasm, so the glue can compile
// while it streams; text/javascript, or module scripts are refused), nothing cached, and every
// HTML page under the strict Content-Security-Policy that portals embedding the widget are expected
// to use, so the demo and the tests see what a portal sees.
//
//   node scripts/serve.mjs [port]        (or PORT=…; default 8080; 0 picks a free port)
//
// Under /nowasm/ the same files are served with a policy lacking 'wasm-unsafe-eval': the page that
// a portal with an older CSP would show, where the engine cannot compile and the widget must say why.
//
// Tests and benchmarks import `serve()` (port 0 by default) and close it when done.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
export const CSP_NO_WASM = "default-src 'self'; script-src 'self'; style-src 'self'";
export const NO_WASM_PREFIX = '/nowasm/';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

// Cross-origin isolation gives performance.now() its finest resolution in Chromium; only the
// benchmark asks for it (everything it loads is same-origin, so nothing else changes).
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Starts the server. Options:
 * - `root`: the directory served at / (default: the repository root);
 * - `port`: 0 (default) for any free port;
 * - `mounts`: URL prefix → another directory (`{ '/pkg/': '/tmp/other-build' }`), to compare builds;
 * - `isolate`: send COOP/COEP (the benchmark pages);
 * - `csp(pathname)`: whether an HTML page gets the CSP header (default: every page);
 * - `handle(req, res, url, headers)`: tried first; returns true when it answered (the benchmark's
 *   results endpoint).
 * Returns `{ url, port, close() }`; `url` has no trailing slash.
 */
export async function serve(options = {}) {
  const { root = ROOT, port = 0, mounts = {}, isolate = false, csp = () => true, handle } = options;
  const server = createServer(async (req, res) => {
    const headers = { 'Cache-Control': 'no-store', ...(isolate ? ISOLATION : {}) };
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      if (handle && (await handle(req, res, url, headers))) return;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
        return;
      }
      let pathname = decodeURIComponent(url.pathname);
      let policy = CSP;
      if (pathname.startsWith(NO_WASM_PREFIX)) {
        pathname = pathname.slice(NO_WASM_PREFIX.length - 1);
        policy = CSP_NO_WASM;
      }
      if (pathname === '/') {
        res.writeHead(302, { ...headers, Location: `${url.pathname}www/index.html` }).end();
        return;
      }
      const file = await resolveFile(root, mounts, pathname);
      if (file === null) {
        res.writeHead(403, headers).end();
        return;
      }
      let body;
      try {
        body = await readFile(file);
      } catch (e) {
        // browsers ask for a favicon on their own; an empty answer keeps their consoles clean
        if (e.code === 'ENOENT' && pathname === '/favicon.ico') {
          res.writeHead(204, headers).end();
          return;
        }
        throw e;
      }
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const page = type.startsWith('text/html') && csp(pathname);
      res.writeHead(200, {
        ...headers,
        'Content-Type': type,
        'Content-Length': body.length,
        'X-Content-Type-Options': 'nosniff',
        ...(page ? { 'Content-Security-Policy': policy } : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      const missing = e.code === 'ENOENT' || e.code === 'EISDIR' || e.code === 'ENOTDIR';
      if (!res.headersSent) res.writeHead(missing ? 404 : 500, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(missing ? 'not found' : String(e.message));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address();
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    close() {
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

// The file for a URL path, or null when the path leaves its directory or names a dotfile (.git).
async function resolveFile(root, mounts, pathname) {
  let base = root;
  let rel = pathname;
  for (const [prefix, dir] of Object.entries(mounts)) {
    if (rel.startsWith(prefix)) {
      base = dir;
      rel = rel.slice(prefix.length - 1);
      break;
    }
  }
  if (rel.split('/').some((segment) => segment.startsWith('.') && segment !== '')) return null;
  const path = normalize(join(base, rel));
  if (path !== base && !path.startsWith(base.endsWith(sep) ? base : base + sep)) return null;
  if (rel.endsWith('/') || (await stat(path).catch(() => null))?.isDirectory()) return join(path, 'index.html');
  return path;
}

// `node scripts/serve.mjs [port]`: the demo.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const requested = process.argv[2] ?? process.env.PORT ?? '8080';
  if (!/^\d+$/.test(requested) || Number(requested) > 65535) {
    console.error(`serve: not a port: ${requested} (usage: node scripts/serve.mjs [port])`);
    process.exit(2);
  }
  try {
    const { url } = await serve({ port: Number(requested) });
    console.log(`Serving ${ROOT} on ${url}/ (Ctrl-C to stop)`);
    console.log(`  the form:         ${url}/www/index.html`);
    console.log(`  a portal's form:  ${url}/www/embed.html   (attach mode)`);
    console.log(`  without wasm:     ${url}${NO_WASM_PREFIX}www/index.html   (a CSP lacking 'wasm-unsafe-eval')`);
  } catch (e) {
    console.error(`serve: cannot listen on 127.0.0.1:${requested}: ${e.code ?? e.message}` + (e.code === 'EADDRINUSE' ? ' (give another port: node scripts/serve.mjs 8081)' : ''));
    process.exit(1);
  }
}

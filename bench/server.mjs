// The benchmark's server: scripts/serve.mjs (the one static server of the repository) plus what
// only the benchmark needs: cross-origin isolation (COOP/COEP, for performance.now()'s finest
// resolution in Chromium), no CSP on the benchmark's own pages (bench/page.html maps decimal.js
// with an inline import map), and the /bench/results endpoint that its pages POST to.

import { serve as serveStatic } from '../scripts/serve.mjs';

/**
 * Serves `root` on 127.0.0.1:`port` (0: any free port); `mounts` maps URL prefixes to other
 * directories (`{ '/pkg/': '/tmp/other-build' }`). Returns `{ url, results(kind, timeoutMs),
 * close() }`: `results(kind)` resolves with the next body POSTed as `{ kind, data }`.
 */
export async function serve(root, port = 0, mounts = {}) {
  const waiting = new Map(); // kind → [resolve]
  const queued = new Map(); // kind → [data] posted before anyone waited
  const deliver = (kind, data) => {
    const w = waiting.get(kind);
    if (w && w.length > 0) w.shift()(data);
    else queued.set(kind, [...(queued.get(kind) ?? []), data]);
  };

  const server = await serveStatic({
    root,
    port,
    mounts,
    isolate: true,
    csp: (pathname) => !pathname.startsWith('/bench/'),
    async handle(req, res, url, headers) {
      if (req.method !== 'POST' || url.pathname !== '/bench/results') return false;
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const { kind, data } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      deliver(kind, data);
      res.writeHead(204, headers).end();
      return true;
    },
  });
  return {
    url: server.url,
    results(kind, timeoutMs = 180_000) {
      const q = queued.get(kind);
      if (q && q.length > 0) return Promise.resolve(q.shift());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${kind}" result within ${timeoutMs} ms`)), timeoutMs);
        const list = waiting.get(kind) ?? [];
        list.push((data) => {
          clearTimeout(timer);
          resolve(data);
        });
        waiting.set(kind, list);
      });
    },
    close: server.close,
  };
}

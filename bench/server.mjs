// A tiny static server for the browser benchmark: serves the repository on 127.0.0.1 with the
// right MIME types (`application/wasm`, so the glue can use WebAssembly.instantiateStreaming), and
// takes results that the benchmark pages POST to /bench/results.
//
// The pages are cross-origin isolated (COOP/COEP headers), which gives performance.now() its finest
// resolution in Chromium; everything is same-origin, so nothing else changes.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

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

  const server = createServer(async (req, res) => {
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-store',
    };
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      if (req.method === 'POST' && url.pathname === '/bench/results') {
        const chunks = [];
        for await (const chunk of req) chunks.push(chunk);
        const { kind, data } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        deliver(kind, data);
        res.writeHead(204, headers).end();
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, headers).end();
        return;
      }
      let base = root;
      let rel = decodeURIComponent(url.pathname);
      for (const [prefix, dir] of Object.entries(mounts)) {
        if (rel.startsWith(prefix)) {
          base = dir;
          rel = rel.slice(prefix.length - 1);
          break;
        }
      }
      const path = normalize(join(base, rel));
      if (path !== base && !path.startsWith(base.endsWith(sep) ? base : base + sep)) {
        res.writeHead(403, headers).end();
        return;
      }
      const file = path.endsWith(sep) ? join(path, 'index.html') : path;
      const body = await readFile(file);
      res.writeHead(200, {
        ...headers,
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': body.length,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      res.writeHead(e.code === 'ENOENT' || e.code === 'EISDIR' ? 404 : 500, headers).end(String(e.message));
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address();
  return {
    url: `http://127.0.0.1:${bound}`,
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
    close() {
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

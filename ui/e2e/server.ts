// A static server for the browser tests: serves the built UI (ui/dist), with the IPC harness
// (harness.ts and its sibling modules, transpiled here) loaded before the app's bundle, and
// Tauri's mocks module.
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import ts from 'typescript';

const UI = resolve(import.meta.dirname, '..');
const DIST = join(UI, 'dist');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

async function body(path: string): Promise<[string | Buffer, string]> {
  if (path === '/__mocks.js') {
    return [await readFile(join(UI, 'node_modules/@tauri-apps/api/mocks.js')), TYPES['.js'] ?? ''];
  }
  // The harness and its sibling modules (`./fake-planner`), transpiled; their imports point here.
  const module = /^\/__([\w-]+)\.js$/.exec(path);
  if (module !== null && existsSync(join(UI, `e2e/${module[1] ?? ''}.ts`))) {
    const source = await readFile(join(UI, `e2e/${module[1] ?? ''}.ts`), 'utf8');
    const out = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    const js = out.outputText
      .replace("'@tauri-apps/api/mocks'", "'/__mocks.js'")
      .replace(/from '\.\/([\w-]+)'/g, "from '/__$1.js'");
    return [js, TYPES['.js'] ?? ''];
  }
  if (path === '/' || path === '/index.html') {
    const html = await readFile(join(DIST, 'index.html'), 'utf8');
    // Module scripts run in document order: the harness is in place before the app starts.
    const withHarness = html.replace(
      '<script type="module"',
      '<script type="module" src="/__harness.js"></script>\n    <script type="module"',
    );
    return [withHarness, TYPES['.html'] ?? ''];
  }
  const file = normalize(join(DIST, path));
  if (!file.startsWith(DIST)) throw new Error('outside dist');
  return [await readFile(file), TYPES[extname(file)] ?? 'application/octet-stream'];
}

/** Serves on 127.0.0.1 on a free port; resolves to the server and its base URL. */
export async function serve(): Promise<{ server: Server; url: string }> {
  await readFile(join(DIST, 'index.html')).catch(() => {
    throw new Error('ui/dist/index.html is missing: run `npm run build` first');
  });
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/favicon.ico') {
      // The app has no favicon (Tauri shows no tab); answer so the console stays clean.
      res.writeHead(204);
      res.end();
      return;
    }
    body(path)
      .then(([content, type]) => {
        res.writeHead(200, { 'content-type': type });
        res.end(content);
      })
      .catch(() => {
        res.writeHead(404);
        res.end();
      });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { server, url: `http://127.0.0.1:${String(port)}` };
}

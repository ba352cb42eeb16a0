/**
 * Serves the bench page from 127.0.0.1: `/` is bench/page/index.html, `/dist/…` the
 * build, `/bench/page/*.js` the page's TypeScript modules compiled on request
 * (type-stripping only; `npm run typecheck` checks them). Nothing else is served.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import ts from 'typescript';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface PageServer {
  /** e.g. http://127.0.0.1:41234/ */
  url: string;
  close(): Promise<void>;
}

export async function startPageServer(repoRoot: string): Promise<PageServer> {
  const server = createServer((request, response) => {
    serve(repoRoot, request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(repoRoot: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  const file = path === '/' ? join(repoRoot, 'bench/page/index.html') : allowedFile(repoRoot, path);
  if (file === undefined) return void response.writeHead(404).end();
  const body = await readPageFile(file);
  if (body === undefined) return void response.writeHead(404).end();
  response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  response.end(body);
}

/** Files under dist/ or bench/page/ only (normalize() resolves any `..` before the check). */
function allowedFile(repoRoot: string, urlPath: string): string | undefined {
  const file = normalize(join(repoRoot, decodeURIComponent(urlPath)));
  const roots = [join(repoRoot, 'dist') + sep, join(repoRoot, 'bench', 'page') + sep];
  return roots.some((root) => file.startsWith(root)) ? file : undefined;
}

/** A page module `x.js` is compiled from `x.ts` next to it. */
async function readPageFile(file: string): Promise<string | Buffer | undefined> {
  try {
    return await readFile(file);
  } catch {
    if (!file.endsWith('.js')) return undefined;
  }
  try {
    const source = await readFile(`${file.slice(0, -'.js'.length)}.ts`, 'utf8');
    return ts.transpileModule(source, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true },
    }).outputText;
  } catch {
    return undefined;
  }
}

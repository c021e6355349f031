/**
 * The project's import graph, read from the sources as text: every relative `import`/`export … from`
 * and `import()` of a .ts/.tsx file under server/, shared/ and extension/, resolved to files. The
 * architecture test checks its layers and cycles against it; `npm run deps` prints its picture at
 * folder level (docs/architecture.md shows it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

export const ROOT = normalize(join(dirname(new URL(import.meta.url).pathname), '..', '..'));
/** The three worlds (STYLE.md §2); tests/ and bench/ sit on top of them and are not drawn. */
export const WORLDS = ['shared', 'server', 'extension'] as const;

const SPECIFIER = /(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export interface ImportEdge {
  from: string;
  to: string;
  /** `import type`/`export type` only: erased at run time, but still a dependency of the design. */
  typeOnly: boolean;
}

/** Source files (not tests) under `dirs`, relative to the repository root. */
export function sourceFiles(dirs: readonly string[] = WORLDS): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (
        /\.tsx?$/.test(entry.name) &&
        !/\.test\.tsx?$/.test(entry.name) &&
        !entry.name.endsWith('.d.ts')
      )
        files.push(path);
    }
  };
  for (const dir of dirs) walk(dir);
  return files.sort();
}

/** Every relative import between `files` (package imports are not edges). */
export function importEdges(files: readonly string[]): ImportEdge[] {
  const known = new Set(files);
  const edges: ImportEdge[] = [];
  for (const from of files) {
    const text = readFileSync(join(ROOT, from), 'utf8');
    for (const match of text.matchAll(SPECIFIER)) {
      const specifier = match[1] ?? match[2] ?? '';
      if (!specifier.startsWith('.')) continue;
      const to = normalize(join(dirname(from), specifier));
      if (!known.has(to)) continue;
      edges.push({ from, to, typeOnly: /^(?:import|export)\s+type\s/.test(match[0]) });
    }
  }
  return edges;
}

/**
 * The folder a file belongs to, as drawn: its first two path segments (`server/rooms`), three for
 * an entrypoint (`extension/entrypoints/background`) and for test support kept inside a wing
 * (`server/local-chain/testing`: it builds on the server above the wing, the wing itself does not).
 */
export function folderOf(file: string): string {
  const parts = file.split('/');
  const depth = parts[1] === 'entrypoints' || parts[2] === 'testing' ? 3 : 2;
  return parts.slice(0, Math.min(depth, parts.length - 1)).join('/') || parts[0]!;
}

/** Strongly connected components with more than one node (or a self-loop): the import cycles. */
export function findCycles(
  nodes: readonly string[],
  edges: readonly { from: string; to: string }[],
): string[][] {
  const next = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const { from, to } of edges) next.get(from)?.push(to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (;;) {
      const member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    if (component.length > 1 || (next.get(node) ?? []).includes(node)) cycles.push(component.sort());
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return cycles;
}

/** Folder-level edges (a folder's files importing another folder's), counted. */
export function folderEdges(edges: readonly ImportEdge[]): Map<string, Map<string, number>> {
  const folders = new Map<string, Map<string, number>>();
  for (const { from, to } of edges) {
    const a = folderOf(from);
    const b = folderOf(to);
    if (a === b) continue;
    const out = folders.get(a) ?? new Map<string, number>();
    out.set(b, (out.get(b) ?? 0) + 1);
    folders.set(a, out);
  }
  return folders;
}

/** The folder picture as text: each folder and the folders it imports, lowest layer first. */
export function describeFolders(files: readonly string[], edges: readonly ImportEdge[]): string {
  const graph = folderEdges(edges);
  const folders = [...new Set(files.map(folderOf))];
  const depth = new Map<string, number>();
  const depthOf = (folder: string, seen = new Set<string>()): number => {
    const known = depth.get(folder);
    if (known !== undefined) return known;
    if (seen.has(folder)) return 0; // a cycle: the test reports it
    seen.add(folder);
    const below = [...(graph.get(folder)?.keys() ?? [])].map((f) => depthOf(f, seen));
    const d = below.length === 0 ? 0 : Math.max(...below) + 1;
    depth.set(folder, d);
    return d;
  };
  const lines = folders
    .map((folder) => ({ folder, d: depthOf(folder) }))
    .sort((a, b) => a.d - b.d || a.folder.localeCompare(b.folder))
    .map(({ folder, d }) => {
      const uses = [...(graph.get(folder)?.keys() ?? [])].sort();
      return `${String(d).padStart(2)}  ${folder.padEnd(44)}${uses.length ? `→ ${uses.join(', ')}` : ''}`;
    });
  return lines.join('\n');
}

/** `a/b/c.ts` relative to the root, for messages. */
export function shortPath(path: string): string {
  return relative(ROOT, join(ROOT, path));
}

/**
 * The picture of the tree (issue #9, docs/architecture.md): shared/ at the bottom, server/ and
 * extension/ above it and apart from each other, no import cycles between files or folders, and the
 * embedded chain a wing of its own with one door. Read from the sources, so a new import that breaks
 * a rule fails here with the file that made it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findCycles,
  folderEdges,
  folderOf,
  importEdges,
  ROOT,
  sourceFiles,
  type WORLDS,
} from './import-graph.ts';

const files = sourceFiles();
const edges = importEdges(files);
const worldOf = (file: string) => file.split('/')[0] as (typeof WORLDS)[number];

/** Which worlds each world may import (STYLE.md §2). */
const MAY_IMPORT: Record<(typeof WORLDS)[number], readonly string[]> = {
  shared: ['shared'],
  server: ['server', 'shared'],
  extension: ['extension', 'shared'],
};

/** The local chain's one door, and who may open it (the chain connection and `npm run cluster`). */
const CHAIN_DOOR = 'server/local-chain/start-local-chain.ts';
const DOOR_USERS = ['server/chain/chain-connection.ts', 'server/cluster-main.ts'];

describe('the import graph', () => {
  it('reads the whole tree', () => {
    // A parser that saw nothing would pass every rule below.
    expect(files.length).toBeGreaterThan(200);
    expect(edges.length).toBeGreaterThan(500);
    expect(edges).toContainEqual({
      from: 'server/chain/chain-connection.ts',
      to: CHAIN_DOOR,
      typeOnly: false,
    });
  });

  it('keeps each world to the worlds below it', () => {
    const wrong = edges
      .filter((e) => !MAY_IMPORT[worldOf(e.from)].includes(worldOf(e.to)))
      .map((e) => `${e.from} → ${e.to}`);
    expect(wrong).toEqual([]);
  });

  it('never imports tests or benchmarks from the product', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const match of text.matchAll(/from\s*['"](\.[^'"]+)['"]/g)) {
        const target = join(file, '..', match[1]!);
        if (/^(tests|bench)\//.test(target)) wrong.push(`${file} → ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no import cycle between files', () => {
    expect(findCycles(files, edges)).toEqual([]);
  });

  it('has no import cycle between folders: no arrow runs back up', () => {
    const folders = [...new Set(files.map(folderOf))];
    const folderLinks = [...folderEdges(edges)].flatMap(([from, to]) =>
      [...to.keys()].map((target) => ({ from, to: target })),
    );
    expect(findCycles(folders, folderLinks)).toEqual([]);
  });

  it('keeps ghost/ to keys and ids: it imports no session, room or transport code', () => {
    const wrong = edges
      .filter((e) => e.from.startsWith('server/ghost/'))
      .filter((e) => !/^server\/(ghost|crypto|log|config)\/|^shared\//.test(e.to))
      .map((e) => `${e.from} → ${e.to}`);
    expect(wrong).toEqual([]);
  });

  it('enters the embedded chain through one door, opened only by the chain connection and the cluster', () => {
    const intoChain = edges.filter(
      (e) => e.to.startsWith('server/local-chain/') && !e.from.startsWith('server/local-chain/'),
    );
    expect(intoChain.filter((e) => e.to !== CHAIN_DOOR).map((e) => `${e.from} → ${e.to}`)).toEqual([]);
    expect([...new Set(intoChain.map((e) => e.from))].sort()).toEqual(DOOR_USERS);
  });

  it('lets the chain wing use only the server leaves it needs, never the server above them', () => {
    const wrong = edges
      .filter((e) => e.from.startsWith('server/local-chain/') && !e.from.includes('/testing/'))
      .filter((e) => !/^server\/(local-chain|config|log|crypto)\/|^shared\//.test(e.to))
      .map((e) => `${e.from} → ${e.to}`);
    expect(wrong).toEqual([]);
  });
});

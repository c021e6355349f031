/** `npm run deps`: prints the folder picture of the import graph (docs/architecture.md shows it). */
import { describeFolders, importEdges, sourceFiles } from './import-graph.ts';

const files = sourceFiles();
process.stdout.write(
  `layer  folder                                      imports\n${describeFolders(files, importEdges(files))}\n`,
);

import { runSessionsBench } from './sessions/sessions-bench.ts';
console.table(await runSessionsBench([Number(process.argv[2])]));

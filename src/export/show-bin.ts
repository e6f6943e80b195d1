// `node --import tsx src/export/show-bin.ts <file.jsonl> [options]`: statetrail show without the CLI.
import { main } from './show';

process.exitCode = await main(process.argv.slice(2));

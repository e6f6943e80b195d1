// A collector in its own process for the reliability tests: `node --import tsx run-collector.ts <db> [port]`; prints its URL.
import { startCollector } from '../../src/index';

const [db, port] = process.argv.slice(2);
const collector = await startCollector({ db, port: Number(port ?? 0) });
process.stdout.write(`${collector.url}\n`);
process.on('SIGTERM', () => void collector.close().then(() => process.exit(0)));

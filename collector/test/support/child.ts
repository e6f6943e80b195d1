/** Starts run-collector.ts as a child process and resolves once it prints its URL. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./run-collector.ts', import.meta.url));

export interface ChildCollector {
  url: string;
  /** The port it listens on: pass it to startChildCollector to restart on the same address. */
  port: number;
  process: ChildProcess;
  /** What the collector printed on stderr so far. */
  stderr(): string;
  /** SIGKILL, resolved once the process is gone. */
  kill(): Promise<void>;
}

/** Every collector child still running: tests kill them in afterAll/afterEach, also after a failure. */
const running = new Set<ChildCollector>();

export async function killChildCollectors(): Promise<void> {
  await Promise.all([...running].map((c) => c.kill()));
}

export function startChildCollector(db: string, port = 0): Promise<ChildCollector> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, db, String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const gone = new Promise<void>((done) => child.once('exit', () => done()));
  const handle: ChildCollector = {
    url: '',
    port: 0,
    process: child,
    stderr: () => err,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await gone;
      running.delete(handle);
    },
  };
  running.add(handle);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (handle.url === '' && out.includes('\n')) {
        handle.url = out.split('\n')[0]!.trim();
        handle.port = Number(new URL(handle.url).port);
        resolve(handle);
      }
    });
    child.once('exit', (code) => {
      running.delete(handle);
      reject(new Error(`collector exited with ${code} before listening: ${err}`));
    });
  });
}

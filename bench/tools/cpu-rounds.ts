/**
 * What the profiling tools share: run each loop once per round, alternating loops within a round (so
 * machine noise hits them alike), and print the median process CPU time per operation. Round 1 only
 * warms up (V8 tiers up during it).
 */
export function printCpuMedians(
  loops: Record<string, () => void>,
  rounds: number,
  unit: string,
  opsOf: (name: string) => number,
  beforeEach: () => void = () => {},
): void {
  const times: Record<string, number[]> = {};
  for (let r = 0; r < rounds; r++) {
    for (const [name, loop] of Object.entries(loops)) {
      beforeEach();
      const c0 = process.cpuUsage();
      loop();
      const c = process.cpuUsage(c0);
      if (r > 0) (times[name] ??= []).push(((c.user + c.system) * 1e3) / opsOf(name));
    }
  }
  const width = Math.max(...Object.keys(loops).map((n) => n.length)) + 2;
  for (const [name, xs] of Object.entries(times)) {
    xs.sort((a, b) => a - b);
    console.log(
      `${name.padEnd(width)} ${xs[xs.length >> 1]!.toFixed(1)} ns of CPU time per ${unit} (median of ${xs.length})`,
    );
  }
}

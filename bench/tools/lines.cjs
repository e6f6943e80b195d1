// Line-level self time of one function in a .cpuprofile (V8 positionTicks):
//   node bench/tools/lines.cjs FILE.cpuprofile FUNCTION_NAME SOURCE_FILE
const fs = require('node:fs');
const [file, fn, source] = process.argv.slice(2);
const p = JSON.parse(fs.readFileSync(file, 'utf8'));
const lines = fs.readFileSync(source, 'utf8').split('\n');
const ticks = new Map();
let total = 0;
for (const node of p.nodes) {
  if (node.callFrame.functionName !== fn) continue;
  for (const t of node.positionTicks || []) {
    ticks.set(t.line, (ticks.get(t.line) || 0) + t.ticks);
    total += t.ticks;
  }
}
for (const [line, n] of [...ticks].sort((a, b) => a[0] - b[0]))
  console.log(
    `${((100 * n) / total).toFixed(1).padStart(5)}%  ${String(line).padStart(5)}  ${(lines[line - 1] ?? '?').trim()}`,
  );

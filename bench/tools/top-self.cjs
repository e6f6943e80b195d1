// Prints the functions with the most self time in a .cpuprofile: node bench/tools/top-self.cjs FILE [N]
const fs = require('node:fs');
const p = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const hits = new Map();
for (const s of p.samples) hits.set(s, (hits.get(s) || 0) + 1);
const self = new Map();
for (const [id, c] of hits) {
  const f = byId.get(id).callFrame;
  const k = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
  self.set(k, (self.get(k) || 0) + c);
}
const total = p.samples.length;
for (const [k, c] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[3] || 20)))
  console.log(`${((100 * c) / total).toFixed(1).padStart(5)}%  ${k}`);

// Prints where self time went in a .cpuprofile:
//   node bench/tools/top-self.cjs FILE [N]            the N functions with the most self time
//   node bench/tools/top-self.cjs FILE [N] --by-file  the N source files with the most self time
const fs = require('node:fs');
const args = process.argv.slice(2);
const byFile = args.includes('--by-file');
const [file, n] = args.filter((a) => a !== '--by-file');
const p = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(p.nodes.map((node) => [node.id, node]));
const hits = new Map();
for (const s of p.samples) hits.set(s, (hits.get(s) || 0) + 1);
const self = new Map();
for (const [id, c] of hits) {
  const f = byId.get(id).callFrame;
  const where = f.url.split('/').slice(-2).join('/');
  const k = byFile
    ? where || f.functionName
    : `${f.functionName || '(anonymous)'} ${where}:${f.lineNumber + 1}`;
  self.set(k, (self.get(k) || 0) + c);
}
const total = p.samples.length;
for (const [k, c] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(n || 20)))
  console.log(`${((100 * c) / total).toFixed(1).padStart(5)}%  ${k}`);

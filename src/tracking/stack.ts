/** `captureStack`: the stack of the code that made a change, without statetrail's own frames. */

/** Directory of statetrail's sources or build; frames from files under it are dropped. */
const ownDir = (() => {
  const line = new Error().stack?.split('\n')[1] ?? '';
  const file = /\(?((?:file:\/\/)?[^()\s]+?):\d+:\d+\)?$/.exec(line)?.[1] ?? '';
  // this file sits in src/tracking/ (sources) or dist/ (build): strip to the package folder
  const parts = file.split(/[\\/]/);
  const src = parts.lastIndexOf('src');
  return parts.slice(0, src >= 0 ? src : parts.length - 2).join('/');
})();

const OWN = ['/src/', '/dist/', '/decorators/'].map((d) => ownDir + d);

export function captureStack(): string {
  const lines = (new Error().stack ?? '').split('\n').slice(1);
  return lines.filter((l) => !OWN.some((own) => l.includes(own))).join('\n');
}

/** A one-line progress bar on a terminal; plain lines at each tenth elsewhere (CI logs, pipes). */
export function createProgressBar(stream: NodeJS.WriteStream) {
  const width = 30;
  let lastTenth = -1;
  let drawn = false;
  return {
    update(percentage: number, label: string) {
      const pct = Math.max(0, Math.min(100, Math.round(percentage)));
      if (stream.isTTY) {
        const filled = Math.round((pct / 100) * width);
        stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${label}\x1b[K`);
        drawn = true;
      } else if (Math.floor(pct / 10) > lastTenth) {
        lastTenth = Math.floor(pct / 10);
        stream.write(`${String(pct).padStart(3)}% ${label}\n`);
      }
    },
    done() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

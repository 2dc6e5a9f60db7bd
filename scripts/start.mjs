// `npm start`: install what is missing, build when stale, run both servers, print the URL.
import { ensureBuilt, ensureDependencies, reportMediaTools } from './prepare.mjs';

ensureDependencies();
ensureBuilt();
await reportMediaTools();

const { launchStoryFlow } = await import('./launch.mjs');
const app = await launchStoryFlow({
  apiPort: Number(process.env.STORYFLOW_API_PORT ?? 8000),
  webPort: Number(process.env.PORT ?? 3000),
  host: process.env.STORYFLOW_HOST ?? '127.0.0.1',
});
console.log(`\nStoryFlow is running at ${app.url}\nPress Ctrl-C to stop.\n`);

let stopping = false;
const shutdown = async (code) => {
  if (stopping) return;
  stopping = true;
  await app.stop();
  process.exit(code);
};
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
for (const [name, child] of [['API server', app.api], ['web server', app.web]]) {
  child.on('exit', (code) => {
    if (stopping) return;
    console.error(`${name} stopped unexpectedly (exit ${code}); stopping StoryFlow.`);
    void shutdown(1);
  });
}

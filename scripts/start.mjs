// `npm start`: install what is missing, build when stale, run both servers, print the URL.
import { ensureBuilt, ensureDependencies, reportMediaTools } from './prepare.mjs';

ensureDependencies();
ensureBuilt();
await reportMediaTools();

const { launchStoryFlow } = await import('./launch.mjs');
let stopping = false;
/** @type {Awaited<ReturnType<typeof launchStoryFlow>> | undefined} */
let app;
const shutdown = async (code) => {
  if (stopping) return;
  stopping = true;
  await app?.stop();
  process.exit(code);
};
app = await launchStoryFlow({
  apiPort: Number(process.env.STORYFLOW_API_PORT ?? 8000),
  webPort: Number(process.env.PORT ?? 3000),
  host: process.env.STORYFLOW_HOST ?? '127.0.0.1',
  // A crashed API is restarted (the open pages say "Reconnecting…" meanwhile); one that
  // keeps crashing ends StoryFlow with the reason in the log above.
  onApiGaveUp: () => {
    console.error('The API server keeps crashing; stopping StoryFlow.');
    void shutdown(1);
  },
});
console.log(`\nStoryFlow is running at ${app.url}\nPress Ctrl-C to stop.\n`);

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
app.web.on('exit', (code) => {
  if (stopping) return;
  console.error(`web server stopped unexpectedly (exit ${code}); stopping StoryFlow.`);
  void shutdown(1);
});

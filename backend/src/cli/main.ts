import { loadConfig } from '../config.js';
import { RenderError } from '../engine/index.js';
import { HELP, parseCliArgs, UsageError } from './args.js';
import { createProgressBar } from './progress-bar.js';
import { cliSpeech, renderStory } from './render-story.js';
import { InputError } from './story-file.js';

/** `npx storyflow …`: returns the exit code; output goes to the given streams. */
export async function main(argv: readonly string[], io = { out: process.stdout, err: process.stderr }): Promise<number> {
  let command;
  try {
    command = parseCliArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err.write(`storyflow: ${err.message}\nRun "storyflow --help" for usage.\n`);
    return 2;
  }
  if (command.command === 'help') {
    io.out.write(`${HELP}\n`);
    return 0;
  }
  const config = loadConfig();
  if (command.command === 'voices') {
    const voices = await (await cliSpeech(config)).listVoices();
    let group = '';
    for (const v of voices) {
      if (v.language_name !== group) io.out.write(`${(group = v.language_name)}\n`);
      io.out.write(`  ${v.id.padEnd(24)} ${v.name}\n`);
    }
    return voices.length > 0 ? 0 : 1;
  }

  const controller = new AbortController();
  const onSigint = () => controller.abort(new DOMException('Stopped by Ctrl-C', 'AbortError'));
  process.once('SIGINT', onSigint);
  const bar = createProgressBar(io.err);
  try {
    const result = await renderStory(command, config, { signal: controller.signal, onProgress: (pct, label) => bar.update(pct, label) });
    bar.update(100, 'done');
    bar.done();
    io.out.write(
      `Wrote ${command.output}: ${result.durationSeconds.toFixed(1)} s, ${result.width}x${result.height} at ${result.fps} fps, voice ${result.voiceId}\n`,
    );
    return 0;
  } catch (err) {
    bar.done();
    if (err instanceof InputError) io.err.write(`storyflow: ${err.message}\n`);
    else if (err instanceof RenderError) io.err.write(`storyflow: the render failed: ${err.message}\n`);
    else if (controller.signal.aborted) io.err.write('storyflow: stopped\n');
    else io.err.write(`storyflow: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

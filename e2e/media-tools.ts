/**
 * The ffmpeg and ffprobe the tests measure with: the ones StoryFlow's own resolver picks
 * (system, or the npm-bundled build when the system programs are hidden), so these checks
 * also run on a machine with only Node. They read only files the test or StoryFlow made,
 * which is all the bundled 2018 build may read (docs/tools.md).
 */
import { requireTool, resolveMediaTools } from '../backend/src/engine/tools/media-tools.js';

const tools = await resolveMediaTools(process.env);

export const FFMPEG = requireTool(tools.ffmpeg);
export const FFPROBE = requireTool(tools.ffprobe);

// Makes a checkout runnable: installs npm dependencies when missing or stale, builds when
// sources changed since the last build, and says which media programs will be used.
// Plain Node with no dependencies, because it runs before `npm install` has.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = path.join(ROOT, '.storyflow-build-stamp');

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (res.status !== 0) {
    throw new Error(`\`${cmd} ${args.join(' ')}\` failed (exit ${res.status ?? res.signal})`);
  }
}

export function ensureDependencies() {
  const lock = path.join(ROOT, 'package-lock.json');
  const installed = path.join(ROOT, 'node_modules', '.package-lock.json');
  const stale =
    !fs.existsSync(installed) || (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs);
  if (!stale) return;
  console.log('Installing dependencies (npm ci)…');
  // Kokoro's ONNX runtime would try to fetch CUDA binaries; StoryFlow runs on the CPU.
  run('npm', ['ci', '--no-audit', '--no-fund'], { env: { ...process.env, ONNXRUNTIME_NODE_INSTALL_CUDA: 'skip' } });
}

/**
 * Says which ffmpeg, ffprobe and espeak-ng StoryFlow will use, through the server's own
 * resolver (backend/src/engine/tools, so call it after the build). It warns only when no
 * usable program exists at all, not even the npm-bundled one; the app still starts and
 * the affected feature says so.
 */
export async function reportMediaTools() {
  const resolver = path.join(ROOT, 'backend/dist/engine/tools/media-tools.js');
  const { resolveMediaTools } = await import(pathToFileURL(resolver).href);
  const tools = Object.values(await resolveMediaTools(process.env));
  for (const t of tools) {
    if (!t.ok) console.warn(`! ${t.message}`);
    else console.log(`  ${t.name} ${t.version}: ${t.source === 'bundled' ? 'bundled with StoryFlow' : t.path}`);
  }
  return tools.every((t) => t.ok);
}

const SOURCE_DIRS = ['contract/src', 'backend/src', 'frontend/app', 'frontend/components', 'frontend/lib', 'frontend/hooks'];
const SOURCE_FILES = [
  'package-lock.json',
  'contract/package.json',
  'contract/tsconfig.json',
  'backend/tsconfig.json',
  'backend/tsconfig.build.json',
  'frontend/next.config.ts',
  // The build's last steps (the frontend's build script): they change what the build serves.
  'frontend/package.json',
  'frontend/compile-hints.mjs',
  'frontend/static-files.mjs',
  'frontend/postcss.config.mjs',
  'frontend/tsconfig.json',
];

function sourceFingerprint() {
  const hash = crypto.createHash('sha256');
  const visit = (rel) => {
    const full = path.join(ROOT, rel);
    if (!fs.existsSync(full)) return;
    const stat = fs.statSync(full);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(full).sort()) visit(path.join(rel, name));
    } else {
      hash.update(`${rel}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  [...SOURCE_DIRS, ...SOURCE_FILES].forEach(visit);
  return hash.digest('hex');
}

export function ensureBuilt() {
  const fingerprint = sourceFingerprint();
  const built =
    fs.existsSync(path.join(ROOT, 'contract/dist/index.js')) &&
    fs.existsSync(path.join(ROOT, 'backend/dist/server.js')) &&
    fs.existsSync(path.join(ROOT, 'frontend/.next/BUILD_ID')) &&
    fs.existsSync(STAMP) &&
    fs.readFileSync(STAMP, 'utf8') === fingerprint;
  if (built) return;
  console.log('Building StoryFlow…');
  run('npm', ['run', 'build'], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  fs.writeFileSync(STAMP, fingerprint);
}

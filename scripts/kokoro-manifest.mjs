// Prints a model manifest (backend/manifests/kokoro.json format) for a folder of files
// downloaded by hand: `node scripts/kokoro-manifest.mjs models/Kokoro-82M-v1.0-ONNX <revision>`.
// The revision (the 40-hex commit the files were downloaded at) goes into the manifest, and
// DEFAULT_MODELS_URL in backend/src/config.ts must resolve that same revision (a test checks).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'];
const [dir, revision] = process.argv.slice(2);
if (!dir || !/^[0-9a-f]{40}$/.test(revision ?? '')) {
  console.error('usage: node scripts/kokoro-manifest.mjs <folder holding the Kokoro files> <40-hex revision>');
  process.exit(2);
}
const files = FILES.map((file) => {
  const full = path.join(dir, file);
  const bytes = fs.readFileSync(full);
  return { path: file, size: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
});
const manifest = {
  model: 'Kokoro-82M-v1.0-ONNX',
  source: 'https://huggingface.co/onnx-community/Kokoro-82M-v1.0-ONNX',
  revision,
  note: `Computed by scripts/kokoro-manifest.mjs on ${new Date().toISOString().slice(0, 10)}.`,
  files,
};
console.log(JSON.stringify(manifest, null, 2));

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  downloadModel,
  ModelDownloadError,
  parseModelManifest,
  stagingDir,
  type ModelDownloadProgress,
} from '../../../src/engine/speech/model-download.js';
import { makeTempDir } from '../../helper.js';
import { makeModelFiles, refusedUrl, startModelServer } from './model-server.js';

const SIZES = {
  'config.json': 3_000,
  'tokenizer.json': 20_000,
  'tokenizer_config.json': 1_500,
  'onnx/model_quantized.onnx': 400_000,
};
const MODEL = 'Kokoro-82M-v1.0-ONNX';

function installedBytes(modelsDir: string, file: string): Buffer {
  return fs.readFileSync(path.join(modelsDir, MODEL, file));
}

describe('model download', () => {
  it('downloads every file, verifies it and installs the folder, reporting rising progress', async () => {
    const { files, manifest } = makeModelFiles(SIZES);
    const server = await startModelServer(files);
    const modelsDir = makeTempDir();
    const seen: ModelDownloadProgress[] = [];
    await downloadModel({ manifest, baseUrl: server.url, modelsDir, onProgress: (p) => seen.push(p) });

    for (const file of Object.keys(SIZES)) expect(installedBytes(modelsDir, file).equals(files.get(`models/${file}`)!)).toBe(true);
    expect(fs.existsSync(stagingDir(modelsDir, MODEL))).toBe(false);
    const total = Object.values(SIZES).reduce((a, b) => a + b, 0);
    expect(seen.at(-1)).toMatchObject({ bytesDone: total, bytesTotal: total, filesDone: 4, filesTotal: 4 });
    const done = seen.map((p) => p.bytesDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(server.requests.every((r) => r.range === undefined)).toBe(true);
  });

  it('resumes a file with an HTTP Range request after the connection is cut mid-file', async () => {
    const { files, manifest } = makeModelFiles(SIZES);
    const server = await startModelServer(files);
    server.cutNext('onnx/model_quantized.onnx', 150_000);
    const modelsDir = makeTempDir();
    await downloadModel({ manifest, baseUrl: server.url, modelsDir });

    const modelRequests = server.requests.filter((r) => r.path === 'models/onnx/model_quantized.onnx');
    expect(modelRequests).toHaveLength(2);
    expect(modelRequests[0]!.range).toBeUndefined();
    // The second request asks only for the bytes after what had arrived.
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(modelRequests[1]!.range ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(150_000);
    expect(installedBytes(modelsDir, 'onnx/model_quantized.onnx').equals(files.get('models/onnx/model_quantized.onnx')!)).toBe(true);
  });

  it('resumes in a later download from the bytes an interrupted one left staged', async () => {
    const { files, manifest } = makeModelFiles(SIZES);
    const server = await startModelServer(files);
    server.cutNext('tokenizer.json', 8_000);
    const modelsDir = makeTempDir();
    // No resumes allowed: the first attempt fails like a process that died mid-file.
    await expect(downloadModel({ manifest, baseUrl: server.url, modelsDir, maxResumes: 0 })).rejects.toMatchObject({
      code: 'models_connection_lost',
    });
    expect(fs.existsSync(path.join(modelsDir, MODEL))).toBe(false);
    const staged = fs.statSync(path.join(stagingDir(modelsDir, MODEL), 'tokenizer.json')).size;
    expect(staged).toBeGreaterThan(0);

    server.requests.length = 0;
    await downloadModel({ manifest, baseUrl: server.url, modelsDir });
    const paths = server.requests.map((r) => `${r.path} ${r.range ?? ''}`);
    // config.json was complete and is not fetched again; tokenizer.json continues where it stopped.
    expect(paths).toEqual([
      `models/tokenizer.json bytes=${staged}-`,
      'models/tokenizer_config.json ',
      'models/onnx/model_quantized.onnx ',
    ]);
    expect(installedBytes(modelsDir, 'tokenizer.json').equals(files.get('models/tokenizer.json')!)).toBe(true);
  });

  it('starts a file again when the server ignores the Range header', async () => {
    const { files, manifest } = makeModelFiles(SIZES);
    const server = await startModelServer(files);
    server.cutNext('onnx/model_quantized.onnx', 100_000);
    server.ignoreRanges();
    const modelsDir = makeTempDir();
    await downloadModel({ manifest, baseUrl: server.url, modelsDir });
    expect(installedBytes(modelsDir, 'onnx/model_quantized.onnx').equals(files.get('models/onnx/model_quantized.onnx')!)).toBe(true);
  });

  it('refuses a file whose checksum does not match and installs nothing', async () => {
    const { files, manifest } = makeModelFiles(SIZES);
    const corrupt = Buffer.from(files.get('models/onnx/model_quantized.onnx')!);
    corrupt[1234] = (corrupt[1234]! + 1) % 256;
    files.set('models/onnx/model_quantized.onnx', corrupt);
    const server = await startModelServer(files);
    const modelsDir = makeTempDir();
    const err = await downloadModel({ manifest, baseUrl: server.url, modelsDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelDownloadError);
    expect(err).toMatchObject({ code: 'models_checksum_mismatch' });
    expect((err as Error).message).toContain('onnx/model_quantized.onnx does not match its checksum');
    expect(fs.existsSync(path.join(modelsDir, MODEL))).toBe(false);
    // The bad bytes are gone, so a retry fetches the file afresh rather than resuming garbage.
    expect(fs.existsSync(path.join(stagingDir(modelsDir, MODEL), 'onnx/model_quantized.onnx'))).toBe(false);
  });

  it('keeps an earlier good install when a new download fails', async () => {
    const { files, manifest } = makeModelFiles(SIZES);
    const modelsDir = makeTempDir();
    fs.mkdirSync(path.join(modelsDir, MODEL), { recursive: true });
    fs.writeFileSync(path.join(modelsDir, MODEL, 'config.json'), 'old');
    files.delete('models/tokenizer_config.json');
    const server = await startModelServer(files);
    await expect(downloadModel({ manifest, baseUrl: server.url, modelsDir })).rejects.toMatchObject({ code: 'models_http_error' });
    expect(fs.readFileSync(path.join(modelsDir, MODEL, 'config.json'), 'utf8')).toBe('old');
  });

  it('says the server cannot be reached when the connection is refused', async () => {
    const { manifest } = makeModelFiles(SIZES);
    const modelsDir = makeTempDir();
    const err = await downloadModel({ manifest, baseUrl: await refusedUrl(), modelsDir }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'models_offline' });
    expect((err as Error).message).toMatch(/^Could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Check the internet connection/);
    expect(fs.existsSync(path.join(modelsDir, MODEL))).toBe(false);
  });

  it('stops when aborted', async () => {
    const { files, manifest } = makeModelFiles(SIZES);
    const server = await startModelServer(files);
    const controller = new AbortController();
    const modelsDir = makeTempDir();
    const run = downloadModel({
      manifest,
      baseUrl: server.url,
      modelsDir,
      signal: controller.signal,
      onProgress: (p) => p.file === 'tokenizer.json' && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(fs.existsSync(path.join(modelsDir, MODEL))).toBe(false);
  });
});

describe('model manifest', () => {
  it('accepts a complete manifest', () => {
    const { manifest } = makeModelFiles({ 'a.json': 10 });
    expect(parseModelManifest(JSON.parse(JSON.stringify(manifest)), 'm.json')).toEqual(manifest);
  });

  it('refuses a file without a checksum, naming it', () => {
    expect(() =>
      parseModelManifest({ model: MODEL, files: [{ path: 'config.json', size: 10, sha256: null }] }, 'm.json'),
    ).toThrow('The model manifest m.json has no sha256 checksum for config.json');
  });

  it('refuses paths that leave the model folder', () => {
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'a\\b']) {
      expect(() =>
        parseModelManifest({ model: MODEL, files: [{ path: bad, size: 1, sha256: 'a'.repeat(64) }] }, 'm.json'),
      ).toThrow('invalid file path');
    }
  });

  it('the committed Kokoro manifest lists exactly the files the loader needs', async () => {
    const file = path.resolve(import.meta.dirname, '../../../manifests/kokoro.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { model: string; files: { path: string }[] };
    const { KOKORO_MODEL_ID, KOKORO_REQUIRED_FILES } = await import('../../../src/engine/speech/kokoro.js');
    expect(json.model).toBe(KOKORO_MODEL_ID);
    expect(json.files.map((f) => f.path).sort()).toEqual([...KOKORO_REQUIRED_FILES].sort());
  });

  it('the committed Kokoro manifest is complete and the default source serves its revision', async () => {
    const file = path.resolve(import.meta.dirname, '../../../manifests/kokoro.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { revision: string };
    // Parsing is what the download does first: a null size or sha256 would refuse to start.
    const parsed = parseModelManifest(json, file);
    expect(parsed.files.find((f) => f.path === 'onnx/model_quantized.onnx')?.size).toBe(92361116);
    const { DEFAULT_MODELS_URL } = await import('../../../src/config.js');
    expect(DEFAULT_MODELS_URL.endsWith(`/resolve/${json.revision}`)).toBe(true);
    expect(json.revision).toMatch(/^[0-9a-f]{40}$/);
  });
});

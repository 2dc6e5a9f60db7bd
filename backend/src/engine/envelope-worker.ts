/**
 * Worker thread: writes the ducking envelope as raw little-endian float32 mono samples,
 * so the sample loop never runs on the main thread. Input via workerData
 * (EnvelopeJob); posts 'done' when the file is complete.
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { envelopeSamples, type Span } from './ducking.js';

export type EnvelopeJob = { spans: Span[]; durationSeconds: number; sampleRate: number; outputPath: string };

const job = workerData as EnvelopeJob;
const samples = envelopeSamples(job.spans, job.durationSeconds, job.sampleRate);
// Float32Array is host-endian; every platform Node ships for is little-endian, as f32le expects.
fs.writeFileSync(job.outputPath, new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
parentPort?.postMessage('done');

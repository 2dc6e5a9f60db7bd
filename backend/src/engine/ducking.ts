/**
 * The music's ducking envelope, computed from the known narration spans (SPEC §7.4)
 * rather than by a compressor listening to the voice: a compressor reacts after speech
 * starts (the first 100 ms of each phrase come through at full music level) and pumps
 * with the syllables; the spans are exact, so the music is already down when a phrase
 * begins and stays flat under it.
 */

/** How far the music dips under narration, in dB (SPEC: 12–16). */
export const DUCK_DEPTH_DB = -14;
/** The dip starts this long before speech, so it is complete when the first word begins. */
export const DUCK_ATTACK_SECONDS = 0.15;
/** After speech the music comes back over this long. */
export const DUCK_RELEASE_SECONDS = 0.3;
/** Narration spans closer than this are one span: the music stays down across short gaps. */
export const DUCK_HOLD_GAP_SECONDS = 0.5;

export type Span = { startSeconds: number; endSeconds: number };

/**
 * Sorted, merged spans: any two closer than DUCK_HOLD_GAP_SECONDS become one. Because the
 * hold gap is longer than attack + release, the ramps of two merged-apart spans never meet.
 */
export function duckingSpans(narrations: readonly Span[]): Span[] {
  const sorted = narrations
    .filter((n) => n.endSeconds > n.startSeconds)
    .map((n) => ({ startSeconds: n.startSeconds, endSeconds: n.endSeconds }))
    .sort((a, b) => a.startSeconds - b.startSeconds);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span.startSeconds - last.endSeconds < DUCK_HOLD_GAP_SECONDS) {
      last.endSeconds = Math.max(last.endSeconds, span.endSeconds);
    } else {
      merged.push(span);
    }
  }
  return merged;
}

/**
 * The gain in dB at time t: 0 away from speech, DUCK_DEPTH_DB under it, linear in dB on
 * the ramps (a dB-linear ramp sounds even; an amplitude-linear one drops late).
 */
export function duckGainDb(spans: readonly Span[], t: number): number {
  for (const span of spans) {
    if (t < span.startSeconds - DUCK_ATTACK_SECONDS) return 0;
    if (t <= span.endSeconds + DUCK_RELEASE_SECONDS) return spanGainDb(span, t);
  }
  return 0;
}

function spanGainDb(span: Span, t: number): number {
  const rampStart = span.startSeconds - DUCK_ATTACK_SECONDS;
  const rampEnd = span.endSeconds + DUCK_RELEASE_SECONDS;
  if (t <= rampStart || t >= rampEnd) return 0;
  if (t < span.startSeconds) return (DUCK_DEPTH_DB * (t - rampStart)) / DUCK_ATTACK_SECONDS;
  if (t <= span.endSeconds) return DUCK_DEPTH_DB;
  return (DUCK_DEPTH_DB * (rampEnd - t)) / DUCK_RELEASE_SECONDS;
}

/**
 * Linear gains sampled at `sampleRate` over `durationSeconds` (one sample past the end,
 * so a resampler has both neighbours of the last output sample). Walks the spans once;
 * runs in the envelope worker, never on the main thread.
 */
export function envelopeSamples(spans: readonly Span[], durationSeconds: number, sampleRate: number): Float32Array {
  const count = Math.ceil(durationSeconds * sampleRate) + 1;
  const out = new Float32Array(count).fill(1);
  let next = 0;
  for (let i = 0; i < count; i++) {
    const t = i / sampleRate;
    // Spans whose release ended before t never matter again.
    while (next < spans.length && (spans[next]?.endSeconds ?? 0) + DUCK_RELEASE_SECONDS <= t) next++;
    const span = spans[next];
    if (span !== undefined) out[i] = 10 ** (spanGainDb(span, t) / 20);
  }
  return out;
}

/**
 * Word timings from espeak-ng's synthesis events (SPEC §7.3): each word of the text with
 * the second it starts and ends in the audio the same synthesis produced.
 */

/** One spoken word; seconds from the start of the segment's audio. */
export type WordTiming = { word: string; start: number; end: number };

/** The part of an espeak_EVENT StoryFlow reads (text_position counts characters from 1). */
export type SynthesisEvent = {
  type: 'word' | 'sentence' | 'phoneme' | 'end' | 'mark' | 'play' | 'msg_terminated' | 'list_terminated' | 'samplerate';
  textPosition: number;
  length: number;
  /** Milliseconds into the audio. */
  audioMs: number;
  /** The phoneme's IPA for phoneme events; an empty one is a pause. */
  phoneme?: string | undefined;
};

type Token = { word: string; startChar: number; endChar: number };

/** Whitespace-separated words with their character range; tokens of punctuation only are not spoken. */
function tokenize(text: string): Token[] {
  const chars = Array.from(text);
  const tokens: Token[] = [];
  let start = -1;
  for (let i = 0; i <= chars.length; i++) {
    const space = i === chars.length || /\s/u.test(chars[i]!);
    if (!space && start === -1) start = i;
    if (space && start !== -1) {
      const word = chars.slice(start, i).join('');
      if (/[\p{L}\p{N}]/u.test(word)) tokens.push({ word, startChar: start, endChar: i });
      start = -1;
    }
  }
  return tokens;
}

/**
 * Maps word events to the words of `text` by character position, not by count: espeak
 * reads "42" as two words and may run two short words into one event. A word starts
 * with the first phoneme of the first event inside it; it ends at the first pause or the next word's start
 * (never later than `durationSeconds`). Words espeak spoke as one event share its span in
 * proportion to their length, the only information there is inside one event.
 */
export function wordTimingsFromEvents(text: string, events: readonly SynthesisEvent[], durationSeconds: number): WordTiming[] {
  const tokens = tokenize(text);
  const words = events.filter((e) => e.type === 'word');
  // Boundaries where a word's sound stops: a pause phoneme, a clause end or the next word.
  const stops = events
    .filter((e) => e.type === 'word' || e.type === 'end' || (e.type === 'phoneme' && e.phoneme === ''))
    .map((e) => e.audioMs / 1000);
  const stopAfter = (t: number): number => Math.min(durationSeconds, stops.find((s) => s > t) ?? durationSeconds);
  // A word event can sit before the silent closure of a first stop consonant ("t" of
  // "twelve": ~50 ms): the word's sound starts with its first phoneme.
  const soundStart = (event: SynthesisEvent): number => {
    const index = events.indexOf(event);
    for (let k = index + 1; k < events.length && events[k]!.type !== 'word'; k++) {
      const e = events[k]!;
      if (e.type === 'phoneme' && e.phoneme !== '') return e.audioMs / 1000;
    }
    return event.audioMs / 1000;
  };

  const timings: WordTiming[] = [];
  let tokenIndex = 0;
  for (const event of words) {
    const first = event.textPosition - 1;
    const last = first + Math.max(1, event.length);
    const start = soundStart(event);
    // A further event inside the word just timed ("forty" "two" for "42") extends it.
    const previousToken = tokens[tokenIndex - 1];
    const previous = timings.at(-1);
    if (previousToken !== undefined && previous !== undefined && first >= previousToken.startChar && first < previousToken.endChar) {
      previous.end = round(stopAfter(start));
      continue;
    }
    // Words before this event were never announced (rare, e.g. a lone symbol): skip them.
    while (tokenIndex < tokens.length && tokens[tokenIndex]!.endChar <= first) tokenIndex++;
    const covered: Token[] = [];
    for (let k = tokenIndex; k < tokens.length && tokens[k]!.startChar < last; k++) covered.push(tokens[k]!);
    if (covered.length === 0) continue;
    const end = stopAfter(start);
    const totalChars = covered.reduce((n, t) => n + (t.endChar - t.startChar), 0);
    let at = start;
    for (const token of covered) {
      const share = ((token.endChar - token.startChar) / totalChars) * (end - start);
      timings.push({ word: token.word, start: round(at), end: round(at + share) });
      at += share;
    }
    tokenIndex += covered.length;
  }
  return timings;
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

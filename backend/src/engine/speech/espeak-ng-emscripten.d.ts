/** The parts of @echogarden/espeak-ng-emscripten (no types of its own) that StoryFlow uses. */
declare module '@echogarden/espeak-ng-emscripten' {
  export type RawEspeakEvent = {
    type: string;
    text_position: number;
    word_length: number;
    audio_position: number;
    id?: string | number;
  };
  export type RawEspeakVoice = { name: string; identifier: string; languages: { priority: number; name: string }[] };
  export type EspeakInstance = {
    /** 0 on success. */
    set_voice(name: string): number;
    set_rate(wordsPerMinute: number): void;
    get_samplerate(): number;
    list_voices(): RawEspeakVoice[];
    /** Calls back with each chunk of 16-bit mono samples and its events; return true to stop. */
    synthesize(text: string, callback: (samples: Int16Array | undefined, events: RawEspeakEvent[]) => boolean): void;
  };
  export type EspeakModule = { eSpeakNGWorker: new () => EspeakInstance };
  export default function initialize(options?: { print?: (line: string) => void; printErr?: (line: string) => void }): Promise<EspeakModule>;
}

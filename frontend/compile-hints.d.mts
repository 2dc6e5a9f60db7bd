export const COMPILE_HINT: string;
export function firstLoadChunks(frontendDir: string): string[] | null;
export function addCompileHints(frontendDir: string, files: readonly string[]): number;

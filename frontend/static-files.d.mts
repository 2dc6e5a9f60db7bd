import type { IncomingMessage, ServerResponse } from 'node:http';

export const ENCODINGS: readonly { name: string; suffix: string }[];
export function precompressStatic(staticDir: string): number;
export function acceptedEncodings(header: string | undefined): Set<string>;
export function precompressedStatic(staticDir: string): (req: IncomingMessage, res: ServerResponse) => boolean;

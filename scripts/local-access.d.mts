export function parseAuthority(authority: string): { name: string; port: number | null } | null;
export function parseAllowedHosts(text: string | undefined): string[];
export function refusalOf(
  req: { method: string; host: string | undefined; origin: string | undefined; secFetchSite: string | undefined },
  site: { allowedHosts: readonly string[]; webPort: number },
): { error: string; code: 'forbidden_host' | 'cross_origin' | 'cross_site' } | null;

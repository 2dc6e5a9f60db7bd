import path from 'node:path';
import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The API's paths end in "/" (its REST contract); Next must not redirect them away.
  skipTrailingSlashRedirect: true,
  poweredByHeader: false,
  devIndicators: false,
  turbopack: { root: path.join(import.meta.dirname, '..') },
};

export default nextConfig;

import path from 'node:path';
import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The API's paths end in "/" (its REST contract); Next must not redirect them away.
  skipTrailingSlashRedirect: true,
  poweredByHeader: false,
  devIndicators: false,
  turbopack: { root: path.join(import.meta.dirname, '..') },
  experimental: {
    // proxy.ts buffers request bodies before forwarding them to the API: leave room
    // for a 50 MB music file (SPEC §7.4) plus multipart framing, so the API can judge
    // the size itself.
    proxyClientMaxBodySize: '55mb',
  },
};

export default nextConfig;

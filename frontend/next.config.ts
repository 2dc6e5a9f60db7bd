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
    // for a 20 MB image plus multipart framing, so the API can judge the size itself.
    proxyClientMaxBodySize: '25mb',
  },
};

export default nextConfig;

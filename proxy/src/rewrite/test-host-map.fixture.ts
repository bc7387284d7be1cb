import { createHostMap } from '../hosts/host-map.ts';

/** The public side the rewriting tests use: plain http with a port (the harder case: ports and schemes change). */
export const hostMap = createHostMap({
  appDomain: 'joycity.test',
  publicOrigin: 'http://wb-seller.joycity.test:8080',
});
/** A production-like public side: https, no port. */
export const httpsHostMap = createHostMap({
  appDomain: 'joycity.example.com',
  publicOrigin: 'https://wb-seller.joycity.example.com',
});
export const PUB = 'http://wb-seller.joycity.test:8080';

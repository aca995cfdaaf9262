import { hostRefusal } from '../http/browser-access.js';
import type { AccessPolicy } from '../http/access-policy.js';
import type { Http2Handler } from './dual-protocol.js';

/**
 * The Host check of the HTTP/1.1 routes, for HTTP/2 calls (their `:authority`):
 * a refused one ends with gRPC status 7 (PERMISSION_DENIED) and the same line.
 */
export function hostCheckedGrpc(policy: AccessPolicy, handler: Http2Handler): Http2Handler {
  return (req, res) => {
    const authority = req.authority || req.headers.host;
    if (policy.hostAllowed(authority)) return handler(req, res);
    res.writeHead(200, {
      'content-type': 'application/grpc',
      'grpc-status': '7',
      'grpc-message': encodeURIComponent(hostRefusal(authority ?? '')),
    });
    res.end();
  };
}

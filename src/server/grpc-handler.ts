import type { OrgMockContext } from '../context.js';
import type { Provider } from '../providers/types.js';
import type { Http2Handler } from './dual-protocol.js';

/**
 * The HTTP/2 side of the port: a Connect handler for every vendor's gRPC
 * services. The Connect and protobuf modules and the vendors' descriptors are
 * imported on the first HTTP/2 request only, which keeps them out of cold start.
 */
export function lazyGrpcHandler(providers: readonly Provider[], ctx: OrgMockContext): Http2Handler {
  let loading: Promise<Http2Handler> | undefined;
  const load = async (): Promise<Http2Handler> => {
    const [{ connectNodeAdapter }, registrars] = await Promise.all([
      import('@connectrpc/connect-node'),
      Promise.all(providers.map((p) => p.loadGrpc?.())),
    ]);
    return connectNodeAdapter({
      routes: (router) => {
        for (const register of registrars) register?.(router, ctx);
      },
    });
  };
  return (req, res) => {
    loading ??= load();
    loading.then(
      (handler) => handler(req, res),
      () => {
        loading = undefined;
        if (!res.headersSent)
          res.writeHead(500, {
            'content-type': 'application/grpc',
            'grpc-status': '13',
            'grpc-message': 'orgmock%3A%20gRPC%20services%20failed%20to%20load',
          });
        res.end();
      },
    );
  };
}

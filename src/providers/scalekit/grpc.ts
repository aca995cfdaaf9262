import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { create, toJsonString, type DescMessage, type Message } from '@bufbuild/protobuf';
import { type Code, ConnectError, type ConnectRouter, type HandlerContext } from '@connectrpc/connect';
import type { OrgMockContext } from '../../context.js';
import { ScalekitError, scalekitErrors } from './scalekit-error.js';
import { gatewayBody, httpStatusOf } from './errors.js';
import { tokenFromAuthorization, verifyAccessToken } from './auth.js';
import { scalekitFaults } from './faults.js';
import { refuseInvalid, requestValidator } from './validation.js';
import {
  VENDOR,
  createOrganization,
  deleteOrganization,
  getOrganization,
  listOrganizations,
  updateOrganization,
} from './model.js';
import { createOf, organizationMessage, paramsOf, refOf, updateOf } from './grpc-messages.js';
import {
  ErrorInfoSchema,
  OrganizationService,
  type CreateOrganizationRequest,
  type DeleteOrganizationRequest,
  type GetOrganizationRequest,
  type ListOrganizationsRequest,
  type UpdateOrganizationRequest,
} from './descriptors.js';

/**
 * `scalekit.v1.organizations.OrganizationService` over native gRPC, which is
 * what `@scalekit-sdk/node` speaks (h2c for an `http://` URL, on the REST port).
 * Every call goes the way a REST call does: injected faults first, then the
 * bearer token (none: code 16, which makes the SDK fetch one from
 * /oauth/token and call again), then protovalidate, then the same model functions as the REST
 * routes, so both see one store. Each call is journaled like a REST request.
 */

/**
 * How the journal shows messages: a request as it came on the wire (a proto3
 * default is not sent, so not shown), a response as the REST gateway writes it.
 */
const REQUEST_JSON = { useProtoFieldName: true } as const;
const RESPONSE_JSON = { useProtoFieldName: true, alwaysEmitImplicit: true } as const;

/** A ScalekitError as the vendor's gRPC server sends it: status, message, and Scalekit's ErrorInfo in grpc-status-details-bin. */
function toConnectError(err: ScalekitError): ConnectError {
  const details =
    err.errorCode === undefined
      ? []
      : [
          {
            desc: ErrorInfoSchema,
            value: {
              errorCode: err.errorCode,
              ...(err.fieldViolations
                ? { validationErrorInfo: { fieldViolations: err.fieldViolations.map((v) => ({ ...v })) } }
                : {}),
            },
          },
        ];
  return new ConnectError(err.message, err.grpcCode as number as Code, undefined, details, err);
}

type Call<I, O> = (env: string, req: I) => O;

/** Wraps one RPC: faults, authentication, errors, journal. */
function rpc<I extends Message, O extends Message>(ctx: OrgMockContext, call: Call<I, O>) {
  return async (req: I, hctx: HandlerContext): Promise<O> => {
    const started = performance.now();
    const path = `/${hctx.service.typeName}/${hctx.method.name}`;
    let status = 200;
    let responseBody: string;
    let reason: string | undefined;
    try {
      await injectFault(ctx, path, req);
      const env = await verifyAccessToken(
        ctx,
        tokenFromAuthorization(hctx.requestHeader.get('authorization') ?? undefined),
      );
      // protovalidate as the vendor's interceptor: every rule of the request message, every violation at once.
      await refuseInvalid((await requestValidator(ctx)).check(hctx.method.input as DescMessage, req));
      const out = call(env, req);
      // As on REST: the answer leaves once what the call wrote is committed.
      await new Promise<void>((resolve, reject) => ctx.store.afterCommit((err) => (err ? reject(err) : resolve())));
      responseBody = toJsonString(hctx.method.output as DescMessage, out, RESPONSE_JSON);
      return out;
    } catch (caught) {
      // Anything but a ScalekitError is a bug here: answered as the vendor's internal error, never with its text.
      const err = caught instanceof ScalekitError ? caught : scalekitErrors.internal();
      status = httpStatusOf(err);
      reason = err.reason ?? err.message;
      responseBody = JSON.stringify(gatewayBody(err));
      throw toConnectError(err);
    } finally {
      const durationMs = performance.now() - started;
      if (ctx.requestLog.enabled)
        ctx.requestLog.write({ vendor: VENDOR, method: 'POST', path, status, durationMs, reason });
      ctx.journal.record({
        time: ctx.clock.now(),
        vendor: VENDOR,
        method: 'POST',
        path,
        status,
        durationMs,
        requestHeaders: Object.fromEntries(hctx.requestHeader),
        requestContentType: 'application/json',
        requestBody: toJsonString(hctx.method.input as DescMessage, req, REQUEST_JSON),
        responseBody: responseBody!,
        reason,
      });
    }
  };
}

/**
 * Faults for vendor `scalekit` apply to gRPC calls as to REST ones: a fault
 * without `route` hits both, `route` may name `/scalekit.v1.organizations.OrganizationService`
 * (every method) or one method's path, `orgId` matches the request's id or external id.
 */
async function injectFault(ctx: OrgMockContext, path: string, req: Message): Promise<void> {
  if (!ctx.faults.active) return;
  const fault = ctx.faults.take(VENDOR, {
    method: 'POST',
    url: path,
    params: paramsOf(req as Parameters<typeof paramsOf>[0]),
  });
  if (!fault) return;
  if (fault.delayMs) await sleep(fault.delayMs);
  const name = fault.error;
  // A named error with no gRPC form (`invalid-client` is the token endpoint's) only delays.
  if (name !== undefined && Object.hasOwn(scalekitFaults, name))
    throw scalekitFaults[name as keyof typeof scalekitFaults]().because(`injected fault ${fault.id} (${name})`);
}

export function scalekitGrpc(router: ConnectRouter, ctx: OrgMockContext): void {
  const { store, clock } = ctx;
  const get = rpc(ctx, (env, req: GetOrganizationRequest) =>
    create(OrganizationService.method.getOrganization.output, {
      organization: organizationMessage(getOrganization(store, env, refOf(req))),
    }),
  );

  router.service(OrganizationService, {
    createOrganization: rpc(ctx, (env, req: CreateOrganizationRequest) =>
      create(OrganizationService.method.createOrganization.output, {
        organization: organizationMessage(createOrganization(store, clock, env, createOf(req))),
      }),
    ),
    // Its own rule: validation (which needs the patch), then the org named by id or external id.
    updateOrganization: rpc(ctx, (env, req: UpdateOrganizationRequest) => {
      const patch = updateOf(req);
      return create(OrganizationService.method.updateOrganization.output, {
        organization: organizationMessage(updateOrganization(store, clock, env, refOf(req), patch)),
      });
    }),
    getOrganization: get,
    // The SDK's getOrganizationByExternalId calls GetOrganization; this RPC takes the same request.
    getOrganizationByExternalId: get,
    listOrganization: rpc(ctx, (env, req: ListOrganizationsRequest) => {
      const page = listOrganizations(store, env, {
        pageSize: req.pageSize,
        pageToken: req.pageToken,
        externalId: req.externalId,
      });
      return create(OrganizationService.method.listOrganization.output, {
        nextPageToken: page.next_page_token,
        totalSize: page.total_size,
        organizations: page.organizations.map(organizationMessage),
        prevPageToken: page.prev_page_token,
      });
    }),
    deleteOrganization: rpc(ctx, (env, req: DeleteOrganizationRequest) => {
      deleteOrganization(store, env, refOf(req));
      return create(OrganizationService.method.deleteOrganization.output);
    }),
  });
}

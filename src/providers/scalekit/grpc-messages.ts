import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { OrganizationRef } from './model.js';
import { REGION_CODES, type CreateOrganization, type Organization, type UpdateOrganization } from './schemas.js';
import {
  OrganizationSchema,
  RegionCodeSchema,
  type CreateOrganizationRequest,
  type DeleteOrganizationRequest,
  type GetOrganizationRequest,
  type UpdateOrganizationRequest,
} from './descriptors.js';

/**
 * Between the SDK's protobuf messages and the model's data (the REST
 * gateway's shape: proto field names, enums by name, RFC 3339 times). The
 * model owns every rule; this only translates, and reports what a message
 * cannot say in the model's terms (an unset oneof, a missing required message).
 */

type RegionName = Organization['region_code'];

function regionName(value: number): RegionName {
  const name = RegionCodeSchema.values.find((v) => v.number === value)?.name;
  // An open enum can carry a number the proto does not name: the service would not know it either.
  return (REGION_CODES as readonly string[]).includes(name ?? '') ? (name as RegionName) : 'REGION_CODE_UNSPECIFIED';
}

function regionNumber(name: RegionName): number {
  return RegionCodeSchema.values.find((v) => v.name === name)?.number ?? 0;
}

/** Own string entries only, into a fresh object: a decoded map is client data. */
function copyMap(map: { [key: string]: string } | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(map ?? {}));
}

/**
 * The `identities` oneof of Get/Update/Delete requests. It carries no rule in
 * the descriptors, so an unset one passes validation and reaches the service,
 * which looks up the empty id and finds nothing (code 5).
 */
export function refOf(
  req: GetOrganizationRequest | UpdateOrganizationRequest | DeleteOrganizationRequest,
): OrganizationRef {
  switch (req.identities.case) {
    case 'id':
      return { id: req.identities.value };
    case 'externalId':
      return { external_id: req.identities.value };
    default:
      return { id: '' };
  }
}

/** Path-parameter-like values of a request, so an injected fault's `orgId` can match a gRPC call. */
export function paramsOf(req: { identities?: { case: string | undefined; value?: string } }): Record<string, string> {
  const { identities } = req;
  if (identities?.case === 'id') return { id: identities.value! };
  if (identities?.case === 'externalId') return { external_id: identities.value! };
  return {};
}

/**
 * `UpdateOrganization` has proto3 `optional` scalars, so a field left out is
 * told from one set to "" (which removes external_id, slug, logo_url, as over
 * REST). `metadata` is a map, and an empty map cannot be told from none on the
 * wire; the SDK always sends the message with a map (empty unless given), so
 * an empty one keeps the metadata, unless `update_mask` names `metadata`.
 */
export function updateOf(req: UpdateOrganizationRequest): UpdateOrganization {
  // `organization` is required by the descriptors' rules, checked before the call.
  const org = req.organization!;
  const out: UpdateOrganization = {};
  if (org.displayName !== undefined) out.display_name = org.displayName;
  if (org.externalId !== undefined) out.external_id = org.externalId;
  const masked = req.updateMask?.paths.some((p) => p === 'metadata' || p === 'organization.metadata') ?? false;
  if (Object.keys(org.metadata).length > 0 || masked) out.metadata = copyMap(org.metadata);
  if (org.slug !== undefined) out.slug = org.slug;
  if (org.logoUrl !== undefined) out.logo_url = org.logoUrl;
  return out;
}

/** `CreateOrganization`: display_name and region_code are plain proto3 fields, always present. */
export function createOf(req: CreateOrganizationRequest): Partial<CreateOrganization> {
  const org = req.organization!;
  return {
    display_name: org.displayName,
    region_code: regionName(org.regionCode),
    ...(org.externalId === undefined ? {} : { external_id: org.externalId }),
    metadata: copyMap(org.metadata),
    ...(org.slug === undefined ? {} : { slug: org.slug }),
    ...(org.logoUrl === undefined ? {} : { logo_url: org.logoUrl }),
  };
}

export function organizationMessage(o: Organization): MessageInitShape<typeof OrganizationSchema> {
  return create(OrganizationSchema, {
    id: o.id,
    createTime: timestampFromDate(new Date(o.create_time)),
    updateTime: timestampFromDate(new Date(o.update_time)),
    displayName: o.display_name,
    regionCode: regionNumber(o.region_code),
    externalId: o.external_id,
    metadata: { ...o.metadata },
    settings: { features: o.settings.features.map((f) => ({ name: f.name, enabled: f.enabled })) },
    slug: o.slug,
    logoUrl: o.logo_url,
  });
}

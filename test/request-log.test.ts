import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { afterEach, describe, expect, it } from 'vitest';
import { startOrgMock, type OrgMock } from '../src/harness.js';
import { RequestLog } from '../src/logging.js';
import { Masking } from '../src/admin/mask.js';
import { providers } from '../src/providers/index.js';
import { OrganizationService } from '../src/providers/scalekit/descriptors.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, stream: { write: (line: string) => void lines.push(JSON.parse(line)) } };
}

describe('RequestLog', () => {
  it("says the refusal's reason, with a credential it quotes masked", () => {
    const infos: [Record<string, unknown>, string][] = [];
    const log = new RequestLog(
      {
        isLevelEnabled: () => true,
        info: (o: Record<string, unknown>, m: string) => infos.push([o, m]),
      } as never,
      new Masking(providers),
    );
    log.write({
      vendor: 'gmicloud',
      method: 'PATCH',
      path: '/organizations/a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      status: 403,
      durationMs: 1.234,
      reason: 'member@gmi.example is org_member, owner required',
    });
    log.write({
      vendor: 'razi',
      method: 'POST',
      path: '/x?token=abc',
      status: 400,
      durationMs: 2,
      reason: 'bad body {"password":"hunter2"}',
    });
    expect(infos[0]![1]).toBe(
      'PATCH /organizations/a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 403 gmicloud: member@gmi.example is org_member, owner required (1.2 ms)',
    );
    expect(infos[0]![0]).toMatchObject({
      status: 403,
      reason: 'member@gmi.example is org_member, owner required',
      durationMs: 1.2,
    });
    expect(infos[1]![1]).toBe('POST /x?token=*** 400 razi: bad body {"password":"***"} (2 ms)');
  });

  it('does nothing above info', () => {
    const log = new RequestLog(
      { isLevelEnabled: () => false, info: () => expect.fail('logged') } as never,
      new Masking(providers),
    );
    expect(log.enabled).toBe(false);
    log.write({ vendor: 'junction', method: 'GET', path: '/', status: 200, durationMs: 1 });
  });
});

describe('request lines from a running app', () => {
  let mock: OrgMock | undefined;
  afterEach(async () => {
    await mock?.close();
    mock = undefined;
  });

  it('a native gRPC call is logged like a REST request', async () => {
    const { lines, stream } = capture();
    mock = await startOrgMock({ logger: { level: 'info', stream } });
    const client = createClient(OrganizationService, createGrpcTransport({ baseUrl: mock.url }));
    await expect(
      client.getOrganization({ identities: { case: 'id', value: 'org_2123312131125533' } }),
    ).rejects.toThrow();
    const request = lines.filter((l) => l.vendor === 'scalekit');
    expect(request).toHaveLength(1);
    expect(request[0]).toMatchObject({
      method: 'POST',
      path: '/scalekit.v1.organizations.OrganizationService/GetOrganization',
      status: 401,
    });
  });

  it('a framework refusal (body too large) carries its reason', async () => {
    const { lines, stream } = capture();
    mock = await startOrgMock({ logger: { level: 'info', stream }, bodyLimit: 10 });
    await fetch(`${mock.url}/v1/org/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`, {
      method: 'PATCH',
      headers: { 'x-management-key': 'mk_test_acme_health', 'content-type': 'application/json' },
      body: '{"name":"much too long a body"}',
    });
    const request = lines.filter((l) => l.vendor === 'junction');
    expect(request).toHaveLength(1);
    expect(request[0]).toMatchObject({ status: 413, reason: expect.any(String) });
    expect(request[0]!.msg).toMatch(/^PATCH \/v1\/org\/\S+ 413 junction: .+ \(\d+(\.\d)? ms\)$/);
  });
});

import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { curlCommand } from './curl.js';
import { announce, Confirm, CopyButton, Json, Modal } from './components.js';
import { EditOrg } from './edit.js';
import { Snapshots } from './snapshots.js';

const KIND_LABELS = {
  client: 'API client',
  user: 'user',
  machine_user: 'machine user',
  management_key: 'management key',
  app: 'app client',
};

function kindLabel(kind) {
  return Object.hasOwn(KIND_LABELS, kind) ? KIND_LABELS[kind] : kind.replace(/_/g, ' ');
}

function orgLabel(org) {
  return org.name ?? org.id;
}

/** A short, readable line per field; objects and arrays as compact JSON. */
function fieldText(value) {
  if (value === null) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function OrgCard({ vendor, tenant, org, onEdit, onMint, onDelete }) {
  const fields = Object.entries(org.data ?? {}).filter(([, v]) => v !== org.id);
  return html`<article class="card org" aria-label=${`Organization ${orgLabel(org)}`}>
    <div class="org-head">
      <div class="org-title">
        <h4>${orgLabel(org)}</h4>
        <code class="id">${org.id}</code>
      </div>
      <div class="org-actions">
        <${CopyButton} text=${org.id} label=${`id of ${orgLabel(org)}`}>Copy id<//>
        <button type="button" class="btn btn-small" aria-label=${`Edit ${orgLabel(org)}`} onClick=${() => onEdit(org)}>
          Edit
        </button>
        ${
          vendor.mintBy === 'org' &&
          html`<button
          type="button"
          class="btn btn-small btn-primary"
          aria-label=${`Mint token for ${orgLabel(org)}`}
          onClick=${() => onMint({ identity: org.id, name: orgLabel(org), orgId: org.id, tenant: tenant.id })}
        >
          Mint token
        </button>`
        }
        <button
          type="button"
          class="btn btn-small btn-ghost btn-danger-text"
          aria-label=${`Delete ${orgLabel(org)}`}
          onClick=${() => onDelete(org)}
        >
          Delete
        </button>
      </div>
    </div>
    <dl class="fields">
      ${fields.map(
        ([k, v]) => html`<div class="field">
          <dt>${k}</dt>
          <dd title=${fieldText(v)}>${fieldText(v)}</dd>
        </div>`,
      )}
    </dl>
  </article>`;
}

function IdentityRow({ tenant, ident, orgNames, onMint }) {
  const roles = ident.roles.length
    ? ident.roles.map((r) => `${r.role} · ${orgNames.get(r.orgId) ?? r.orgId}`)
    : ['no role on any org'];
  const fullName = [ident.details?.firstName, ident.details?.lastName].filter(Boolean).join(' ');
  const perms = Array.isArray(ident.details?.permissions) ? ident.details.permissions.join(', ') : '';
  return html`<tr>
    <th scope="row">
      <div class="ident-name"><code>${ident.name}</code></div>
      <div class="muted small">${kindLabel(ident.kind)}${fullName ? ` · ${fullName}` : ''}${perms ? ` · ${perms}` : ''}</div>
    </th>
    <td>
      <ul class="roles">
        ${roles.map((r) => html`<li>${r}</li>`)}
      </ul>
    </td>
    <td>
      ${
        ident.secret
          ? html`<div class="secret">
            <span class="muted small">${ident.secretField}</span>
            <code>${ident.secret}</code>
            <${CopyButton} text=${ident.secret} label=${`${ident.secretField} of ${ident.name}`} />
          </div>`
          : html`<span class="muted small">stored hashed only</span>`
      }
    </td>
    <td class="right">
      ${
        ident.identity !== null &&
        html`<button
        type="button"
        class="btn btn-small btn-primary"
        aria-label=${`Mint token for ${ident.name}`}
        onClick=${() =>
          onMint({
            identity: ident.identity,
            name: ident.name,
            orgId: ident.roles[0]?.orgId ?? tenant.orgs[0]?.id,
            tenant: tenant.id,
          })}
      >
        Mint token
      </button>`
      }
    </td>
  </tr>`;
}

function MintDialog({ vendor, request, onClose }) {
  const [state, setState] = useState({ loading: true });
  useEffect(() => {
    const body = { vendor: vendor.name, identity: request.identity };
    if (request.tenant) body.tenant = request.tenant;
    api('POST', '/__admin/tokens', body).then(
      (minted) => setState({ minted }),
      (err) => setState({ error: err.message }),
    );
  }, []);
  const sample = vendor.sampleUpdate;
  const curl =
    state.minted && sample && request.orgId
      ? curlCommand({
          method: sample.method,
          url: `${location.origin}${sample.path.replace(':id', encodeURIComponent(request.orgId))}`,
          headers: { ...state.minted.headers, 'Content-Type': 'application/json' },
          body: sample.body,
        })
      : null;
  return html`<${Modal} title=${`Token for ${request.name}`} onClose=${onClose} wide>
    ${state.loading && html`<p>Minting…</p>`}
    ${state.error && html`<p class="error" role="alert">${state.error}</p>`}
    ${
      state.minted &&
      html`<div class="stack">
      <div>
        <div class="label-row">
          <span class="label">Token</span>
          <${CopyButton} text=${state.minted.token} label="token" />
        </div>
        <pre class="json token" tabindex="0" aria-label="Token">${state.minted.token}</pre>
        <p class="muted small">
          ${state.minted.expiresIn === null ? 'Does not expire.' : `Expires in ${state.minted.expiresIn} s.`}
        </p>
      </div>
      <div>
        <div class="label-row"><span class="label">Headers</span></div>
        <${Json} value=${state.minted.headers} label="Headers to send" />
      </div>
      ${
        curl &&
        html`<div>
        <div class="label-row">
          <span class="label">Sample update</span>
          <${CopyButton} text=${curl} label="curl command" />
        </div>
        <pre class="json" tabindex="0" aria-label="curl command">${curl}</pre>
      </div>`
      }
    </div>`
    }
  <//>`;
}

/** Overview: each vendor's orgs, users, roles and credentials, per tenant. */
export function Overview({ vendors, error, refresh, dataVersion }) {
  const [editing, setEditing] = useState(null);
  const [minting, setMinting] = useState(null);
  const [deleting, setDeleting] = useState(null);
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!vendors) return html`<p class="muted">Loading…</p>`;
  return html`<div class="overview">
    <nav class="chips" aria-label="Vendors">
      ${vendors.map((v) => html`<a class="chip" href=${`#vendor-${v.name}`}>${v.heading}</a>`)}
    </nav>
    <${Snapshots} key=${dataVersion} onRestored=${refresh} />
    ${vendors.map((v) => {
      const orgNames = new Map(v.tenants.flatMap((t) => t.orgs.map((o) => [o.id, orgLabel(o)])));
      const orgCount = v.tenants.reduce((n, t) => n + t.orgs.length, 0);
      const identCount = v.tenants.reduce((n, t) => n + t.identities.length, 0);
      return html`<section class="vendor" id=${`vendor-${v.name}`} aria-labelledby=${`h-${v.name}`}>
        <header class="vendor-head">
          <h2 id=${`h-${v.name}`}>${v.heading}</h2>
          <span class="muted">${v.title} · ${orgCount} org${orgCount === 1 ? '' : 's'} · ${identCount} credential${identCount === 1 ? '' : 's'}</span>
        </header>
        ${v.tenants.length === 0 && html`<p class="muted">No data. Seed some with <code>POST /__admin/state/${v.name}</code>.</p>`}
        ${v.tenants.map(
          (t) => html`<div class="tenant">
            ${
              v.tenantLabel &&
              html`<h3 class="tenant-head">
              <span class="muted">${v.tenantLabel}</span> <code>${t.id}</code>
              <${CopyButton} text=${t.id} label=${`${v.tenantLabel} ${t.id}`} />
            </h3>`
            }
            <div class="tenant-grid">
              <div class="orgs">
                ${t.orgs.length === 0 && html`<p class="muted small">No organizations.</p>`}
                ${t.orgs.map(
                  (o) => html`<${OrgCard}
                    vendor=${v}
                    tenant=${t}
                    org=${o}
                    onEdit=${(org) => setEditing({ vendor: v, tenant: t, org })}
                    onMint=${(req) => setMinting({ vendor: v, request: req })}
                    onDelete=${(org) => setDeleting({ vendor: v, tenant: t, org })}
                  />`,
                )}
              </div>
              ${
                t.identities.length > 0 &&
                html`<div class="table-wrap">
                <table class="idents">
                  <caption class="sr-only">${v.heading} credentials${v.tenantLabel ? ` in ${v.tenantLabel} ${t.id}` : ''}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Identity</th>
                      <th scope="col">Roles</th>
                      <th scope="col">Credential</th>
                      <th scope="col"><span class="sr-only">Actions</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    ${t.identities.map(
                      (ident) => html`<${IdentityRow}
                        tenant=${t}
                        ident=${ident}
                        orgNames=${orgNames}
                        onMint=${(req) => setMinting({ vendor: v, request: req })}
                      />`,
                    )}
                  </tbody>
                </table>
              </div>`
              }
            </div>
          </div>`,
        )}
      </section>`;
    })}
    ${
      editing &&
      html`<${EditOrg}
      ...${editing}
      onClose=${() => setEditing(null)}
      onSaved=${() => {
        setEditing(null);
        refresh();
      }}
    />`
    }
    ${minting && html`<${MintDialog} ...${minting} onClose=${() => setMinting(null)} />`}
    ${
      deleting &&
      html`<${Confirm}
      title=${`Delete ${orgLabel(deleting.org)}?`}
      message=${`The ${deleting.vendor.heading} organization ${deleting.org.id} and what hangs off it are removed from the store. Reset or a snapshot brings it back.`}
      confirmLabel="Delete"
      onClose=${() => setDeleting(null)}
      onConfirm=${async () => {
        try {
          await api(
            'DELETE',
            `/__admin/state/${encodeURIComponent(deleting.vendor.name)}/orgs/${encodeURIComponent(deleting.org.id)}${
              deleting.tenant.id ? `?tenant=${encodeURIComponent(deleting.tenant.id)}` : ''
            }`,
          );
          announce(`Deleted ${orgLabel(deleting.org)}`);
          refresh();
        } catch (err) {
          announce(err.message, 'error');
        }
      }}
    />`
    }
  </div>`;
}

import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { announce, Modal } from './components.js';

/** How each field is edited: scalars in inputs, objects and arrays as JSON text. */
function kindOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'json';
  if (typeof value === 'object') return 'json';
  return typeof value;
}

function initialText(value) {
  const kind = kindOf(value);
  if (kind === 'json') return JSON.stringify(value, null, 2);
  if (kind === 'null') return '';
  return String(value);
}

/** The org wrapped in the vendor's fixture shape, as the seeding API takes it. */
export function fixtureBody(vendor, tenant, org) {
  const layout = vendor.fixtureOrgs;
  if (!layout) throw new Error(`${vendor.heading} cannot be edited from the dashboard`);
  if (!layout.tenants) return { [layout.orgs]: [org] };
  return { [layout.tenants.list]: [{ [layout.tenants.key]: tenant.id, [layout.orgs]: [org] }] };
}

/** Edits one org through `POST /__admin/state/:vendor`: the same validation as seeding; its message shown on a bad value. */
export function EditOrg({ vendor, tenant, org, onClose, onSaved }) {
  const entries = Object.entries(org.data ?? {});
  const [values, setValues] = useState(() =>
    Object.fromEntries(entries.map(([k, v]) => [k, kindOf(v) === 'boolean' ? v : initialText(v)])),
  );
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const name = org.name ?? org.id;
  // The message sits under the last field: bring it into view (a long form scrolls inside the dialog).
  useEffect(() => {
    if (error) document.getElementById('edit-error')?.scrollIntoView({ block: 'nearest' });
  }, [error]);

  const build = () => {
    const out = {};
    for (const [k, original] of entries) {
      const kind = kindOf(original);
      const v = values[k];
      if (kind === 'boolean') out[k] = v;
      else if (kind === 'number') {
        const n = Number(v);
        if (v.trim() === '' || !Number.isFinite(n)) throw new Error(`${k}: expected a number`);
        out[k] = n;
      } else if (kind === 'json') {
        try {
          out[k] = JSON.parse(v);
        } catch (err) {
          throw new Error(`${k}: not valid JSON (${err.message})`);
        }
      } else if (kind === 'null') out[k] = v === '' ? null : v;
      else out[k] = v;
    }
    return out;
  };

  const save = async (e) => {
    e.preventDefault();
    setError(null);
    let body;
    try {
      body = fixtureBody(vendor, tenant, build());
    } catch (err) {
      setError(err.message);
      return;
    }
    setBusy(true);
    try {
      await api('POST', `/__admin/state/${encodeURIComponent(vendor.name)}`, body);
      announce(`Saved ${name}`);
      onSaved();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return html`<${Modal} title=${`Edit ${name}`} onClose=${onClose} wide>
    <form class="edit-form" onSubmit=${save} aria-describedby=${error ? 'edit-error' : undefined}>
      <p class="muted small">
        ${vendor.heading}${vendor.tenantLabel ? ` · ${vendor.tenantLabel} ${tenant.id}` : ''} · saved through
        <code>POST /__admin/state/${vendor.name}</code>, with the same checks as seeding.
      </p>
      ${entries.map(([k, original]) => {
        const kind = kindOf(original);
        const id = `edit-${k}`;
        const readOnly = original === org.id;
        if (kind === 'boolean') {
          return html`<label class="check" for=${id}>
            <input
              id=${id}
              type="checkbox"
              checked=${values[k]}
              onChange=${(ev) => setValues({ ...values, [k]: ev.currentTarget.checked })}
            />
            ${k}
          </label>`;
        }
        return html`<div class="form-row">
          <label for=${id}>${k}${kind === 'json' ? html` <span class="muted small">(JSON)</span>` : ''}${kind === 'null' ? html` <span class="muted small">(empty for null)</span>` : ''}</label>
          ${
            kind === 'json'
              ? html`<textarea
                id=${id}
                rows=${Math.min(10, Math.max(2, values[k].split('\n').length))}
                spellcheck="false"
                value=${values[k]}
                onInput=${(ev) => setValues({ ...values, [k]: ev.currentTarget.value })}
              ></textarea>`
              : html`<input
                id=${id}
                type=${kind === 'number' ? 'number' : 'text'}
                step=${kind === 'number' ? 'any' : undefined}
                readonly=${readOnly}
                value=${values[k]}
                onInput=${(ev) => setValues({ ...values, [k]: ev.currentTarget.value })}
              />`
          }
        </div>`;
      })}
      ${error && html`<p id="edit-error" class="error" role="alert">${error}</p>`}
      <div class="actions">
        <button type="button" class="btn" onClick=${onClose}>Cancel</button>
        <button type="submit" class="btn btn-primary" disabled=${busy}>${busy ? 'Saving…' : 'Save'}</button>
      </div>
    </form>
  <//>`;
}

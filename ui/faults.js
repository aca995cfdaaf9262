import { useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { announce } from './components.js';

const METHODS = ['', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function describe(f) {
  const parts = [];
  if (f.error) parts.push(f.error);
  if (f.delayMs !== undefined) parts.push(`${f.delayMs} ms delay`);
  return parts.join(' + ');
}

function scope(f) {
  const parts = [];
  if (f.method) parts.push(f.method);
  parts.push(f.route ?? 'every route');
  if (f.orgId) parts.push(`org ${f.orgId}`);
  return parts.join(' ');
}

/** Add a fault from the vendor's named errors, see the active ones with what they have left, remove them. */
export function Faults({ vendors, faults, reload }) {
  const [vendor, setVendor] = useState('');
  // null: the vendor's first named error, the usual wish; '' is a delay only.
  const [error, setError] = useState(null);
  const [delayMs, setDelayMs] = useState('');
  const [count, setCount] = useState('1');
  const [route, setRoute] = useState('');
  const [method, setMethod] = useState('');
  const [orgId, setOrgId] = useState('');
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);

  const list = vendors ?? [];
  const chosen = list.find((v) => v.name === vendor) ?? list[0];
  const errorName = error ?? chosen?.faults[0]?.name ?? '';
  const heading = (name) => list.find((v) => v.name === name)?.heading ?? name;

  const add = async (e) => {
    e.preventDefault();
    setProblem(null);
    const spec = { vendor: chosen.name };
    if (errorName) spec.error = errorName;
    if (delayMs.trim() !== '') spec.delayMs = Number(delayMs);
    if (count.trim() !== '') spec.count = Number(count);
    if (route.trim() !== '') spec.route = route.trim();
    if (method) spec.method = method;
    if (orgId.trim() !== '') spec.orgId = orgId.trim();
    setBusy(true);
    try {
      const fault = await api('POST', '/__admin/faults', spec);
      announce(`Fault ${fault.id} added: ${describe(fault)} on ${heading(fault.vendor)}`);
      await reload();
    } catch (err) {
      setProblem(err.message);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (f) => {
    try {
      await api('DELETE', `/__admin/faults/${f.id}`);
      announce(`Fault ${f.id} removed`);
    } catch (err) {
      announce(err.message, 'error');
    }
    await reload();
  };

  const clearAll = async () => {
    try {
      await api('DELETE', '/__admin/faults');
      announce('Every fault removed');
    } catch (err) {
      announce(err.message, 'error');
    }
    await reload();
  };

  if (!chosen) return html`<p class="muted">Loading…</p>`;
  return html`<div class="faults">
    <form class="card fault-form" onSubmit=${add} aria-labelledby="h-add-fault">
      <h2 id="h-add-fault" class="h-small">Add a fault</h2>
      <p class="muted small">Matching vendor requests wait and/or fail with the vendor's own error, in its own format.</p>
      <div class="form-grid">
        <div class="fld">
          <label class="label" for="f-vendor">Vendor</label>
          <select id="f-vendor"
            value=${chosen.name}
            onChange=${(e) => {
              setVendor(e.currentTarget.value);
              setError(null);
            }}
          >
            ${list.map((v) => html`<option value=${v.name}>${v.heading}</option>`)}
          </select>
        </div>
        <div class="fld">
          <label class="label" for="f-error">Error</label>
          <select id="f-error" value=${errorName} onChange=${(e) => setError(e.currentTarget.value)}>
            <option value="">None: delay only</option>
            ${chosen.faults.map((f) => html`<option value=${f.name}>${f.name} (${f.status})</option>`)}
          </select>
        </div>
        <div class="fld">
          <label class="label" for="f-delay-ms">Delay (ms)</label>
          <input id="f-delay-ms" type="number" min="0" max="600000" step="1" placeholder="0" value=${delayMs} onInput=${(e) => setDelayMs(e.currentTarget.value)} />
        </div>
        <div class="fld">
          <label class="label" for="f-count">Count</label>
          <input id="f-count" type="number" min="1" step="1" placeholder="forever" value=${count} onInput=${(e) => setCount(e.currentTarget.value)} />
        </div>
        <div class="fld">
          <label class="label" for="f-method">Method</label>
          <select id="f-method" value=${method} onChange=${(e) => setMethod(e.currentTarget.value)}>
            ${METHODS.map((m) => html`<option value=${m}>${m || 'Any method'}</option>`)}
          </select>
        </div>
        <div class="fld span2">
          <label class="label" for="f-route-or-path-prefix">Route or path prefix</label>
          <input id="f-route-or-path-prefix" type="text" placeholder=${chosen.sampleUpdate?.path.replace(':id', ':org_id') ?? '/'} value=${route} onInput=${(e) => setRoute(e.currentTarget.value)} />
        </div>
        <div class="fld">
          <label class="label" for="f-org-id">Org id</label>
          <input id="f-org-id" type="text" placeholder="any" value=${orgId} onInput=${(e) => setOrgId(e.currentTarget.value)} />
        </div>
      </div>
      ${problem && html`<p class="error" role="alert">${problem}</p>`}
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled=${busy}>Add fault</button>
      </div>
    </form>
    <section class="card" aria-labelledby="h-active-faults">
      <div class="snap-head">
        <h2 id="h-active-faults" class="h-small">Active faults</h2>
        ${faults.length > 0 && html`<button type="button" class="btn btn-small btn-ghost" onClick=${clearAll}>Remove all</button>`}
      </div>
      ${
        faults.length === 0
          ? html`<p class="muted small">None: every vendor answers normally.</p>`
          : html`<div class="table-wrap">
            <table class="fault-table">
              <thead>
                <tr>
                  <th scope="col">Vendor</th>
                  <th scope="col">Fault</th>
                  <th scope="col">Applies to</th>
                  <th scope="col">Remaining</th>
                  <th scope="col">Hits</th>
                  <th scope="col"><span class="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                ${faults.map(
                  (f) => html`<tr>
                    <td>${heading(f.vendor)}</td>
                    <td><code>${describe(f)}</code></td>
                    <td><code>${scope(f)}</code></td>
                    <td>${f.remaining ?? '∞'}</td>
                    <td>${f.hits}</td>
                    <td class="right">
                      <button type="button" class="btn btn-small btn-ghost btn-danger-text" aria-label=${`Remove fault ${f.id}: ${describe(f)} on ${heading(f.vendor)}`} onClick=${() => remove(f)}>
                        Remove
                      </button>
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
      }
    </section>
  </div>`;
}

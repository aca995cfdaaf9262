import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { curlCommand } from './curl.js';
import { CopyButton, Json, Modal, statusClass } from './components.js';

/** Rows are of one fixed height, so only those in view are in the page (10,000 entries stay light). */
const ROW = 56;
const OVERSCAN = 8;

function statusMatcher(text) {
  const t = text.trim().toLowerCase();
  if (t === '') return () => true;
  if (/^[1-5]xx$/.test(t)) {
    const hundred = Number(t[0]);
    return (s) => Math.floor(s / 100) === hundred;
  }
  if (/^\d{3}$/.test(t)) {
    const code = Number(t);
    return (s) => s === code;
  }
  if (/^!2xx$|^errors?$/.test(t)) return (s) => s >= 400;
  return null;
}

function timeOf(iso) {
  const d = new Date(iso);
  const hms = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  return `${hms}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

function requestCount(n) {
  return `${n.toLocaleString('en')} request${n === 1 ? '' : 's'}`;
}

function durationText(ms) {
  return ms < 1 ? `${ms.toFixed(2)} ms` : ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

function Details({ summary, vendorHeading }) {
  const [state, setState] = useState({ loading: true });
  useEffect(() => {
    let live = true;
    setState({ loading: true });
    api('GET', `/__admin/requests/${summary.id}`).then(
      (entry) => live && setState({ entry }),
      (err) => live && setState({ error: err.message }),
    );
    return () => {
      live = false;
    };
  }, [summary.id]);
  const e = state.entry;
  const curl = e
    ? curlCommand({
        method: e.method,
        url: `${location.origin}${e.path}`,
        headers: e.requestHeaders,
        body: e.requestBody,
      })
    : '';
  return html`<div class="details">
    <div class="details-head">
      <span class=${`status ${statusClass(summary.status)}`}>${summary.status}</span>
      <code class="details-path"><strong>${summary.method}</strong> ${summary.path}</code>
    </div>
    <dl class="meta">
      <div><dt>Vendor</dt><dd>${vendorHeading(summary.vendor)}</dd></div>
      <div><dt>Time</dt><dd title=${summary.time}>${timeOf(summary.time)}</dd></div>
      <div><dt>Duration</dt><dd>${durationText(summary.durationMs)}</dd></div>
      <div><dt>Entry</dt><dd>#${summary.id}</dd></div>
    </dl>
    ${summary.reason && html`<div class="reason" role="note"><strong>Why refused:</strong> ${summary.reason}</div>`}
    ${state.loading && html`<p class="muted">Loading…</p>`}
    ${state.error && html`<p class="error" role="alert">${state.error}</p>`}
    ${
      e &&
      html`<div class="stack">
      <div class="label-row">
        <span class="muted small">Credentials are masked as <code>***</code>, as in the admin API.</span>
        <${CopyButton} text=${curl} label="request as curl">Copy as curl<//>
      </div>
      <section>
        <h3 class="h-small">Request body</h3>
        <${Json} value=${e.requestBody} label="Request body" />
      </section>
      <section>
        <h3 class="h-small">Response body</h3>
        <${Json} value=${e.responseBody} label="Response body" />
      </section>
      <details class="headers-box">
        <summary><h3 class="h-small">Request headers (${Object.keys(e.requestHeaders).length})</h3></summary>
        <div class="table-wrap">
          <table class="headers">
            <tbody>
              ${Object.entries(e.requestHeaders).map(
                ([k, v]) =>
                  html`<tr><th scope="row">${k}</th><td><code>${Array.isArray(v) ? v.join(', ') : v}</code></td></tr>`,
              )}
            </tbody>
          </table>
        </div>
      </details>
    </div>`
    }
  </div>`;
}

function useNarrow() {
  const query = '(max-width: 900px)';
  const [narrow, setNarrow] = useState(() => matchMedia(query).matches);
  useEffect(() => {
    const mq = matchMedia(query);
    const on = () => setNarrow(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return narrow;
}

/** The live journal: newest first, filtered in the page, only visible rows rendered. */
export function Journal({ journal, version, connected, vendors, onClear }) {
  const [vendor, setVendor] = useState('');
  const [status, setStatus] = useState('');
  const [path, setPath] = useState('');
  const [selected, setSelected] = useState(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const listRef = useRef(null);
  const narrow = useNarrow();

  const matchStatus = statusMatcher(status);
  const rows = useMemo(() => {
    const needle = path.trim().toLowerCase();
    const out = [];
    const all = journal.entries;
    for (let i = all.length - 1; i >= 0; i--) {
      const e = all[i];
      if (vendor && e.vendor !== vendor) continue;
      if (matchStatus && !matchStatus(e.status)) continue;
      if (needle && !e.path.toLowerCase().includes(needle)) continue;
      out.push(e);
    }
    return out;
  }, [version, vendor, status, path]);

  // New rows arrive at the top: a reader scrolled down keeps seeing the same rows.
  const firstId = useRef(undefined);
  useEffect(() => {
    const el = listRef.current;
    const top = rows[0]?.id;
    if (el && firstId.current !== undefined && el.scrollTop > 0 && top !== firstId.current) {
      const added = rows.findIndex((r) => r.id === firstId.current);
      if (added > 0) el.scrollTop += added * ROW;
    }
    firstId.current = top;
  }, [rows]);

  useEffect(() => {
    const el = listRef.current;
    if (!el) return undefined;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewport) / ROW) + OVERSCAN);
  const visible = rows.slice(first, last);
  const heading = (name) => vendors?.find((v) => v.name === name)?.heading ?? name;

  const focusRow = (index) => {
    const el = listRef.current;
    if (!el || rows.length === 0) return;
    const i = Math.max(0, Math.min(rows.length - 1, index));
    if (i * ROW < el.scrollTop) el.scrollTop = i * ROW;
    else if ((i + 1) * ROW > el.scrollTop + el.clientHeight) el.scrollTop = (i + 1) * ROW - el.clientHeight;
    setScrollTop(el.scrollTop);
    requestAnimationFrame(() => el.querySelector(`[data-index="${i}"]`)?.focus());
  };
  const onKeyDown = (ev) => {
    const current = Number(ev.target?.dataset?.index);
    if (!Number.isInteger(current)) return;
    const page = Math.max(1, Math.floor((listRef.current?.clientHeight ?? ROW) / ROW) - 1);
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (Object.hasOwn(moves, ev.key)) focusRow(current + moves[ev.key]);
    else if (ev.key === 'Home') focusRow(0);
    else if (ev.key === 'End') focusRow(rows.length - 1);
    else return;
    ev.preventDefault();
  };

  const selectedSummary = selected === null ? null : (journal.byId.get(selected) ?? null);
  const total = journal.entries.length;

  return html`<div class=${`journal ${selectedSummary && !narrow ? 'with-details' : ''}`}>
    <div class="filters" role="search" aria-label="Filter the journal">
      <div class="fld">
          <label class="label" for="f-vendor">Vendor</label>
          <select id="f-vendor" value=${vendor} onChange=${(e) => setVendor(e.currentTarget.value)}>
          <option value="">All vendors</option>
          ${(vendors ?? []).map((v) => html`<option value=${v.name}>${v.heading}</option>`)}
        </select>
        </div>
      <div class="fld">
          <label class="label" for="f-status">Status</label>
          <input id="f-status"
          type="text"
          inputmode="numeric"
          placeholder="404, 4xx…"
          value=${status}
          aria-invalid=${matchStatus ? 'false' : 'true'}
          onInput=${(e) => setStatus(e.currentTarget.value)}
        />
        </div>
      <div class="fld grow">
          <label class="label" for="f-path">Path</label>
          <input id="f-path" type="search" placeholder="/v1/org…" value=${path} onInput=${(e) => setPath(e.currentTarget.value)} />
        </div>
      <div class="filter-end">
        <span class=${`live ${connected ? 'live-on' : ''}`}>${connected ? 'Live' : 'Reconnecting…'}</span>
        <button type="button" class="btn btn-small" onClick=${onClear} disabled=${total === 0}>Clear journal</button>
      </div>
    </div>
    <p class="muted small count" aria-live="polite">
      ${rows.length === total ? requestCount(total) : `${rows.length.toLocaleString('en')} of ${requestCount(total)}`}
      ${!matchStatus && html` · status filter: a code (404) or a class (4xx)`}
    </p>
    <div class="journal-body">
      <div
        class="rows"
        ref=${listRef}
        role="list"
        aria-label="Vendor requests, newest first"
        onScroll=${(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown=${onKeyDown}
      >
        ${
          rows.length === 0 &&
          html`<div class="empty">
          ${
            total === 0
              ? html`<p><strong>No vendor requests yet.</strong></p>
                <p class="muted">Point your app at <code>${location.origin}</code>; each request shows up here as it happens.</p>`
              : html`<p class="muted">No request matches these filters.</p>`
          }
        </div>`
        }
        <div class="rows-inner" style=${`height:${rows.length * ROW}px`}>
          ${visible.map((e, k) => {
            const index = first + k;
            return html`<div
              role="listitem"
              class="row-item"
              key=${e.id}
              style=${`transform:translateY(${index * ROW}px)`}
              aria-setsize=${rows.length}
              aria-posinset=${index + 1}
            >
              <button
                type="button"
                class=${`row ${selected === e.id ? 'row-selected' : ''}`}
                data-index=${index}
                aria-pressed=${selected === e.id ? 'true' : 'false'}
                aria-label=${`${e.method} ${e.path}, ${heading(e.vendor)}, status ${e.status}${e.reason ? ', refused' : ''}, ${timeOf(e.time)}`}
                onClick=${() => setSelected(e.id)}
              >
                <span class="row-main">
                  <span class="method">${e.method}</span>
                  <span class="path">${e.path}</span>
                </span>
                <span class="row-sub">
                  <span class=${`vendor-tag v-${e.vendor}`}>${heading(e.vendor)}</span>
                  <span>${timeOf(e.time)}</span>
                  <span>${durationText(e.durationMs)}</span>
                  ${e.reason && html`<span class="reason-hint" title=${e.reason}>${e.reason}</span>`}
                </span>
                <span class=${`status ${statusClass(e.status)}`}>${e.status}</span>
              </button>
            </div>`;
          })}
        </div>
      </div>
      ${
        selectedSummary &&
        (narrow
          ? html`<${Modal} title="Request" onClose=${() => setSelected(null)} wide>
            <${Details} summary=${selectedSummary} vendorHeading=${heading} />
          <//>`
          : html`<aside class="card details-panel" aria-label="Selected request">
            <div class="details-close">
              <button type="button" class="btn btn-ghost btn-icon" aria-label="Close details" onClick=${() => setSelected(null)}>✕</button>
            </div>
            <${Details} summary=${selectedSummary} vendorHeading=${heading} />
          </aside>`)
      }
    </div>
  </div>`;
}

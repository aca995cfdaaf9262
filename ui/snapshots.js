import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { announce, Confirm } from './components.js';

function listOf(body) {
  if (Array.isArray(body)) return body;
  if (body && Array.isArray(body.snapshots)) return body.snapshots;
  return [];
}

function when(s) {
  const t = s.createdAt ?? s.time ?? s.takenAt;
  return t ? new Date(t).toLocaleTimeString() : '';
}

/** Take, restore and drop snapshots of the store (`/__admin/snapshots`). */
export function Snapshots({ onRestored }) {
  const [snapshots, setSnapshots] = useState([]);
  const [error, setError] = useState(null);
  const [restoring, setRestoring] = useState(null);
  const load = async () => {
    try {
      setSnapshots(listOf(await api('GET', '/__admin/snapshots')));
      setError(null);
    } catch (err) {
      setError(err.message);
    }
  };
  useEffect(() => {
    load();
  }, []);
  const take = async () => {
    try {
      const { id } = await api('POST', '/__admin/snapshots');
      announce(`Snapshot ${id} taken`);
      await load();
    } catch (err) {
      announce(err.message, 'error');
    }
  };
  const drop = async (id) => {
    try {
      await api('DELETE', `/__admin/snapshots/${encodeURIComponent(id)}`);
      announce(`Snapshot ${id} deleted`);
      await load();
    } catch (err) {
      announce(err.message, 'error');
    }
  };
  return html`<section class="card snapshots" aria-labelledby="h-snapshots">
    <div class="snap-head">
      <h2 id="h-snapshots" class="h-small">Snapshots</h2>
      <button type="button" class="btn btn-small btn-primary" onClick=${take}>Take snapshot</button>
    </div>
    ${error && html`<p class="muted small">${error}</p>`}
    ${!error && snapshots.length === 0 && html`<p class="muted small">None yet. A snapshot keeps the store (not the journal) to restore later.</p>`}
    ${
      snapshots.length > 0 &&
      html`<ul class="snap-list">
      ${snapshots.map(
        (s) => html`<li>
          <code>${s.id}</code> <span class="muted small">${when(s)}</span>
          <span class="spacer"></span>
          <button type="button" class="btn btn-small" aria-label=${`Restore snapshot ${s.id}`} onClick=${() => setRestoring(s.id)}>Restore</button>
          <button type="button" class="btn btn-small btn-ghost" aria-label=${`Delete snapshot ${s.id}`} onClick=${() => drop(s.id)}>Delete</button>
        </li>`,
      )}
    </ul>`
    }
    ${
      restoring !== null &&
      html`<${Confirm}
      title=${`Restore snapshot ${restoring}?`}
      message="Every vendor's data goes back to what it was when the snapshot was taken. The journal stays."
      confirmLabel="Restore"
      onClose=${() => setRestoring(null)}
      onConfirm=${async () => {
        try {
          await api('POST', `/__admin/snapshots/${encodeURIComponent(restoring)}/restore`);
          announce(`Snapshot ${restoring} restored`);
          onRestored();
        } catch (err) {
          announce(err.message, 'error');
        }
      }}
    />`
    }
  </section>`;
}

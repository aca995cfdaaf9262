import { render } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { Announcer, announce, Confirm } from './components.js';
import { Overview } from './overview.js';
import { Journal } from './journal.js';
import { Faults } from './faults.js';

const TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'journal', label: 'Journal' },
  { id: 'faults', label: 'Faults' },
];

/** As many entries as orgmock keeps; older ones drop off the page too. */
const KEEP = 10_000;

function tabFromHash() {
  const id = location.hash.replace(/^#/, '');
  return TABS.some((t) => t.id === id) ? id : 'overview';
}

/**
 * The live journal: a Server-Sent Events stream from /__admin/events, kept in
 * a plain array (not state) and flushed to the view at most every 100 ms, so a
 * burst of thousands of requests costs one render.
 */
function useJournal(onEntries, onCleared) {
  const journal = useRef({ entries: [], byId: new Map() }).current;
  const [version, setVersion] = useState(0);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    let pending = [];
    let timer = null;
    const flush = () => {
      timer = null;
      const batch = pending;
      pending = [];
      for (const e of batch) {
        const lastId = journal.entries.at(-1)?.id ?? 0;
        // Ids only grow; a smaller one means orgmock restarted: start over.
        if (e.id <= lastId) {
          if (journal.byId.has(e.id)) continue;
          journal.entries.length = 0;
          journal.byId.clear();
        }
        journal.entries.push(e);
        journal.byId.set(e.id, e);
      }
      const extra = journal.entries.length - KEEP;
      if (extra > 0) for (const old of journal.entries.splice(0, extra)) journal.byId.delete(old.id);
      setVersion((v) => v + 1);
      onEntries(batch);
    };
    const source = new EventSource('/__admin/events?since=0');
    source.addEventListener('open', () => setConnected(true));
    source.addEventListener('error', () => setConnected(source.readyState === EventSource.OPEN));
    // Emptied by a reset or a clear, here or elsewhere (a test's mock.reset()): start over, and reload the rest.
    source.addEventListener('cleared', () => {
      pending = [];
      journal.entries.length = 0;
      journal.byId.clear();
      setVersion((v) => v + 1);
      onCleared();
    });
    source.addEventListener('request', (ev) => {
      pending.push(JSON.parse(ev.data));
      timer ??= setTimeout(flush, 100);
    });
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, []);
  const clear = useCallback(() => {
    journal.entries.length = 0;
    journal.byId.clear();
    setVersion((v) => v + 1);
  }, []);
  return { journal, version, connected, clear };
}

function App() {
  const [tab, setTab] = useState(tabFromHash);
  const [vendors, setVendors] = useState(null);
  const [vendorsError, setVendorsError] = useState(null);
  const [faults, setFaults] = useState([]);
  const [confirmReset, setConfirmReset] = useState(false);
  const tabRefs = useRef({});

  const loadVendors = useCallback(async () => {
    try {
      setVendors((await api('GET', '/__admin/vendors')).vendors);
      setVendorsError(null);
    } catch (err) {
      setVendorsError(err.message);
    }
  }, []);
  const loadFaults = useCallback(async () => {
    try {
      setFaults((await api('GET', '/__admin/faults')).faults);
    } catch (err) {
      announce(err.message, 'error');
    }
  }, []);

  // A vendor request may have used up a fault or changed an org: refresh those views, at most twice a second.
  const refreshSoon = useRef(null);
  const faultsRef = useRef(faults);
  faultsRef.current = faults;
  const onEntries = useCallback((batch) => {
    const wrote = batch.some((e) => e.method !== 'GET' && e.status < 300);
    const faultsMayMove = faultsRef.current.length > 0;
    if (!wrote && !faultsMayMove) return;
    if (refreshSoon.current) return;
    refreshSoon.current = setTimeout(() => {
      refreshSoon.current = null;
      if (faultsMayMove) loadFaults();
      if (wrote) loadVendors();
    }, 500);
  }, []);
  const [dataVersion, setDataVersion] = useState(0);
  const onCleared = useCallback(() => {
    setDataVersion((v) => v + 1);
    loadVendors();
    loadFaults();
  }, []);
  const { journal, version, connected, clear } = useJournal(onEntries, onCleared);

  useEffect(() => {
    loadVendors();
    loadFaults();
    const onHash = () => setTab(tabFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const select = (id, focus = false) => {
    history.replaceState(null, '', `#${id}`);
    setTab(id);
    if (focus) tabRefs.current[id]?.focus();
  };
  const onTabKey = (ev) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const moves = { ArrowRight: 1, ArrowLeft: -1 };
    if (Object.hasOwn(moves, ev.key)) {
      select(TABS[(i + moves[ev.key] + TABS.length) % TABS.length].id, true);
      ev.preventDefault();
    } else if (ev.key === 'Home' || ev.key === 'End') {
      select(TABS[ev.key === 'Home' ? 0 : TABS.length - 1].id, true);
      ev.preventDefault();
    }
  };

  const clearJournal = async () => {
    try {
      await api('DELETE', '/__admin/requests');
      clear();
      announce('Journal cleared');
    } catch (err) {
      announce(err.message, 'error');
    }
  };

  return html`<div class="shell">
    <a class="skip" href="#main">Skip to content</a>
    <header class="top">
      <div class="brand">
        <span class="logo" aria-hidden="true">◆</span>
        <h1>orgmock</h1>
        <span class="muted small host">${location.host}</span>
      </div>
      <div role="tablist" aria-label="Views" class="tabs" onKeyDown=${onTabKey}>
        ${TABS.map(
          (t) => html`<button
            type="button"
            role="tab"
            id=${`tab-${t.id}`}
            ref=${(el) => {
              tabRefs.current[t.id] = el;
            }}
            aria-selected=${tab === t.id ? 'true' : 'false'}
            aria-controls="main"
            tabindex=${tab === t.id ? '0' : '-1'}
            class="tab"
            onClick=${() => select(t.id)}
          >
            ${t.label}
            ${t.id === 'journal' && journal.entries.length > 0 && html`<span class="badge" aria-hidden="true">${journal.entries.length > 999 ? '999+' : journal.entries.length}</span>`}
            ${t.id === 'faults' && faults.length > 0 && html`<span class="badge badge-warn" aria-hidden="true">${faults.length}</span>`}
          </button>`,
        )}
      </div>
      <div class="top-actions">
        <a class="btn btn-small btn-ghost" href="/__admin/docs">API docs</a>
        <button type="button" class="btn btn-small btn-danger" onClick=${() => setConfirmReset(true)}>Reset…</button>
      </div>
    </header>
    <main id="main" role="tabpanel" aria-labelledby=${`tab-${tab}`} tabindex="-1">
      ${tab === 'overview' && html`<${Overview} vendors=${vendors} error=${vendorsError} refresh=${loadVendors} dataVersion=${dataVersion} />`}
      ${
        tab === 'journal' &&
        html`<${Journal} journal=${journal} version=${version} connected=${connected} vendors=${vendors} onClear=${clearJournal} />`
      }
      ${tab === 'faults' && html`<${Faults} vendors=${vendors} faults=${faults} reload=${loadFaults} />`}
    </main>
    ${
      confirmReset &&
      html`<${Confirm}
      title="Reset orgmock?"
      message="Every vendor's data goes back to the fixtures; the journal, every fault and every snapshot are cleared."
      confirmLabel="Reset"
      onClose=${() => setConfirmReset(false)}
      onConfirm=${async () => {
        try {
          await api('POST', '/__admin/reset');
          clear();
          announce('orgmock reset to its fixtures');
          await Promise.all([loadVendors(), loadFaults()]);
        } catch (err) {
          announce(err.message, 'error');
        }
      }}
    />`
    }
    <${Announcer} />
  </div>`;
}

const root = document.getElementById('app');
// The loading note is replaced, not diffed against.
root.textContent = '';
render(html`<${App} />`, root);

import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html.js';

/** One polite live region for the whole page: copies, saves and errors are read out by screen readers. */
let announceTo = () => {};
export function announce(message, tone = 'info') {
  announceTo({ message, tone, at: Date.now() });
}

export function Announcer() {
  const [note, setNote] = useState(null);
  useEffect(() => {
    announceTo = setNote;
    return () => {
      announceTo = () => {};
    };
  }, []);
  useEffect(() => {
    if (!note) return undefined;
    const t = setTimeout(() => setNote(null), note.tone === 'error' ? 8000 : 2500);
    return () => clearTimeout(t);
  }, [note]);
  return html`<div class=${`toast ${note ? `toast-${note.tone} toast-on` : ''}`} role="status" aria-live="polite">
    ${note?.message ?? ''}
  </div>`;
}

async function writeClipboard(text) {
  // The Clipboard API needs a secure context; http://localhost and 127.0.0.1 are, a LAN address is not.
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('the browser refused to copy');
}

/** A small button that copies `text`; `label` names what is copied, for its accessible name. */
export function CopyButton({ text, label, children = 'Copy', class: cls = '' }) {
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (!done) return undefined;
    const t = setTimeout(() => setDone(false), 1500);
    return () => clearTimeout(t);
  }, [done]);
  const copy = async () => {
    try {
      await writeClipboard(text);
      setDone(true);
      announce(`Copied ${label}`);
    } catch (err) {
      announce(`Could not copy: ${err.message}`, 'error');
    }
  };
  return html`<button type="button" class=${`btn btn-small ${cls}`} aria-label=${`Copy ${label}`} onClick=${copy}>
    ${done ? 'Copied' : children}
  </button>`;
}

/**
 * A modal dialog on the native <dialog>: focus moves in and is kept there,
 * Escape closes it, and focus goes back to what opened it.
 */
export function Modal({ title, onClose, children, wide = false }) {
  const ref = useRef(null);
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement;
    dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      if (opener && typeof opener.focus === 'function' && document.contains(opener)) opener.focus();
    };
  }, []);
  const titleId = `dlg-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return html`<dialog
    ref=${ref}
    class=${`modal ${wide ? 'modal-wide' : ''}`}
    aria-labelledby=${titleId}
    onCancel=${(e) => {
      e.preventDefault();
      onClose();
    }}
    onClick=${(e) => {
      // A click on the backdrop (the dialog element itself, outside its content) closes it.
      if (e.target === ref.current) onClose();
    }}
  >
    <div class="modal-body">
      <header class="modal-head">
        <h2 id=${titleId}>${title}</h2>
        <button type="button" class="btn btn-ghost btn-icon" aria-label="Close" onClick=${onClose}>✕</button>
      </header>
      ${children}
    </div>
  </dialog>`;
}

/** Asks before something that cannot be undone; the safe choice has the focus. */
export function Confirm({ title, message, confirmLabel, danger = true, onConfirm, onClose }) {
  const [busy, setBusy] = useState(false);
  return html`<${Modal} title=${title} onClose=${onClose}>
    <p>${message}</p>
    <div class="actions">
      <button type="button" class="btn" onClick=${onClose} autofocus>Cancel</button>
      <button
        type="button"
        class=${`btn ${danger ? 'btn-danger' : 'btn-primary'}`}
        disabled=${busy}
        onClick=${async () => {
          setBusy(true);
          try {
            await onConfirm();
            onClose();
          } finally {
            setBusy(false);
          }
        }}
      >
        ${confirmLabel}
      </button>
    </div>
  <//>`;
}

/** JSON as indented text, for bodies and org data. */
export function Json({ value, label }) {
  const text =
    value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return html`<pre class="json" tabindex="0" aria-label=${label}>${text}</pre>`;
}

export function statusClass(status) {
  if (status >= 500) return 's5';
  if (status >= 400) return 's4';
  if (status >= 300) return 's3';
  return 's2';
}

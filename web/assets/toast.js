// The desk's one confirmation line: after an action, a short sentence of
// what happened (「承認しました。」), shown at the foot of the window for a
// few seconds and announced to assistive technology (role=status,
// aria-live=polite: read out after what the reader is saying).
//
//   showToast(text)        now, on this page
//   toastAfterReload(text) on this page once it has reloaded (an event dialog
//                          reloads 案件詳細): the sentence rides in the history
//                          entry's state (history.replaceState), not in any
//                          storage, and is shown once
//
// The live region is in the page from the start (a region made at the moment
// it speaks is not read out by every screen reader); the text is set a frame
// later, so that the change is announced.
//
// data-testid: toast

import {h} from './dom.js';

const SHOW_MS = 6000;
const STATE_KEY = 'madoguchiToast';

let region = null;
let timer = null;

function liveRegion() {
  if (!region) {
    region = h('div', {class: 'toast', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-testid': 'toast', hidden: true});
    document.body.append(region);
  }
  return region;
}

export function showToast(text) {
  const box = liveRegion();
  clearTimeout(timer);
  box.textContent = '';
  box.hidden = false;
  requestAnimationFrame(() => {
    box.textContent = text;
    timer = setTimeout(() => { box.hidden = true; box.textContent = ''; }, SHOW_MS);
  });
}

export function toastAfterReload(text) {
  history.replaceState({...(history.state ?? {}), [STATE_KEY]: text}, '');
}

// A sentence left by toastAfterReload: shown once, then taken out of the entry.
function pending() {
  const text = history.state?.[STATE_KEY];
  if (typeof text !== 'string' || !text) return;
  const {[STATE_KEY]: _, ...rest} = history.state;
  history.replaceState(rest, '');
  showToast(text);
}

if (document.body) {
  liveRegion();
  pending();
} else {
  document.addEventListener('DOMContentLoaded', () => { liveRegion(); pending(); }, {once: true});
}

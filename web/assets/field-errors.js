// Showing the engine's field errors next to their fields, in Japanese.
//
// A field's wrapper carries data-field="<path>" (e.g. "requester.birth_date",
// "categories", "documents[0].issued") and optionally data-label="生年月日".
// Each error becomes <p class="field-error" data-testid="error-<path>"> inside
// the wrapper of its path; a path without a wrapper of its own goes to the
// nearest parent's ("documents[0].issued" → "documents[0]" → "documents"),
// else to the summary box. The summary lists every error with the field's name.

import {h, replace} from './dom.js';
import {fieldMessageJa} from './messages.js';

export function clearFieldErrors(root, summary) {
  for (const node of root.querySelectorAll('.field-error')) node.remove();
  for (const node of root.querySelectorAll('[aria-invalid="true"]')) node.removeAttribute('aria-invalid');
  for (const node of root.querySelectorAll('.has-error')) node.classList.remove('has-error');
  if (summary) {
    replace(summary);
    summary.hidden = true;
  }
}

// errors: [{field, message}] (messages.js fieldErrors). `locate(field)` may
// return the wrapper for a path the page maps itself (e.g. "categories[1]").
// Returns the first wrapper that got a message (to scroll to), or null.
export function showFieldErrors(root, errors, {summary = null, locate = null, heading = '入力内容を確認してください。'} = {}) {
  clearFieldErrors(root, summary);
  let first = null;
  const items = [];
  for (const {field, message} of errors) {
    const text = fieldMessageJa(message);
    const wrapper = (locate && locate(field)) || findWrapper(root, field);
    const name = wrapper ? fieldName(wrapper) : '';
    const lined = withLine(text, wrapper, field);
    if (wrapper) {
      wrapper.classList.add('has-error');
      for (const input of wrapper.querySelectorAll('input, select, textarea')) input.setAttribute('aria-invalid', 'true');
      wrapper.append(h('p', {class: 'field-error', 'data-testid': `error-${field || 'form'}`, role: 'alert'}, namedGeneric(lined, name)));
      first ??= wrapper;
    }
    // A path without a field of its own is not shown: it is the API's name, not the staff's.
    items.push(h('li', {'data-testid': `summary-error-${field || 'form'}`}, name ? `${name}：${lined}` : lined));
  }
  if (summary && items.length) {
    replace(summary, h('p', {}, heading), h('ul', {}, items));
    summary.hidden = false;
  }
  return first;
}

// A message shown under a list's wrapper for one of its rows ("items[2].month"
// under "items") says which row: 「3行目：…」.
function withLine(text, wrapper, field) {
  const own = wrapper?.dataset.field;
  if (!own || own === field || !field.startsWith(own)) return text;
  const index = field.slice(own.length).match(/^\[(\d+)\]/);
  return index ? `${Number(index[1]) + 1}行目：${text}` : text;
}

// A message that does not say what is wrong with which field names it
// (「郵便番号の形式が正しくありません。」), so that three of them are told apart.
function namedGeneric(text, name) {
  return name && /^(形式が正しくありません|値が正しくありません|入力内容が正しくありません)。$/.test(text) ? `${name}の${text}` : text;
}

function findWrapper(root, field) {
  let path = field;
  while (path) {
    const node = root.querySelector(`[data-field="${CSS.escape(path)}"]`);
    if (node) return node;
    path = parentPath(path);
  }
  return null;
}

// "a.b[2].c" → "a.b[2]" → "a.b" → "a" → ""
function parentPath(path) {
  const m = path.match(/^(.*)(\.[^.[\]]+|\[\d+\])$/);
  return m ? m[1] : '';
}

function fieldName(wrapper) {
  if (wrapper.dataset.label) return wrapper.dataset.label;
  const legend = wrapper.querySelector(':scope > legend, :scope > label, :scope > .label');
  return legend ? legend.textContent.replace(/[＊*]|必須|任意/g, '').trim() : '';
}

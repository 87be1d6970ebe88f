// The form of one event, in a dialog over the request page: drawn from its
// spec (event-specs.js) with the limits of its schema (event-schemas.js), read back into the event's data, checked for what
// the schema requires, and sent as POST /api/advance
// {"id", "event", "version": the version the page shows, "data",
//  "idempotency_key": one per dialog, so that sending it twice applies it once}.
// Success reloads the page and says what was done (toast.js, the sentence
// from labels.js EVENT_DONE); a refusal is shown in the dialog in Japanese
// (messages.js; 422: next to the fields). A 409 because someone changed the
// request meanwhile reads it again: the dialog keeps what was typed, says
// what changed (state, assignee, the events added since), takes the new
// version, and the clerk sends again. Esc or 取消 with something typed asks
// first (「入力した内容を破棄しますか」); with nothing typed it closes at once.
//
// data-testid:
//   event-form-{event} (the dialog), event-error, event-submit, event-cancel,
//   event-changed (after a 409: what changed, one li per change),
//   discard-confirm (asked on Esc / 取消 with text typed), discard-yes, discard-no
//   event-field-{path} for every input: e.g. event-field-reason, event-field-days, event-field-to,
//     radios and checkboxes per value: event-field-outcome-partial, event-field-grounds-harm,
//     event-field-method-counter; lists and groups per row: event-field-missing[0],
//     event-field-documents[1].kind, event-field-documents[1].kind_other, event-field-documents[1].issued,
//     event-field-documents[1].of
//   event-add-{field} (add a row), event-remove-{field}[{i}] (remove one)
//   error-{path} (field messages, e.g. error-documents[0].issued, error-reason)

import {call, newIdempotencyKey} from './api.js';
import {dialogExtras, showsOwnPreview} from './decision-summary.js';
import {h, replace} from './dom.js';
import {dateInput, dateProblems} from './date-entry.js';
import {withSchemaLimits} from './event-schemas.js';
import {EVENT_SPECS} from './event-specs.js';
import {showFieldErrors} from './field-errors.js';
import {formatDateTime} from './format.js';
import {EVENTS, META, STATES, eventDone, label} from './labels.js';
import {reviewers} from './lookups.js';
import {errorDetail, errorText, fieldErrors} from './messages.js';
import {toastAfterReload} from './toast.js';

export function hasForm(event) {
  return Boolean(EVENT_SPECS[event]);
}

export function openEventForm(event, ctx) {
  const spec = EVENT_SPECS[event];
  const errorBox = h('div', {class: 'notice error', 'data-testid': 'event-error', role: 'alert', hidden: true});
  const fieldsBox = h('div', {});
  const submit = h('button', {type: 'submit', class: `button${spec.danger ? ' danger' : ''}`, 'data-testid': 'event-submit'}, spec.submit);
  const cancel = h('button', {type: 'button', class: 'button secondary', 'data-testid': 'event-cancel'}, '取消');
  const form = h('form', {novalidate: true},
    h('div', {class: 'dialog-head'}, h('h2', {}, `${label(EVENTS, event)}（${ctx.detail.id}）`)),
    h('div', {class: 'dialog-body'}, h('p', {class: 'hint'}, typeof spec.intro === 'function' ? spec.intro(ctx) : spec.intro),
      errorBox, fieldsBox),
    h('div', {class: 'dialog-foot'}, cancel, submit));
  const dialog = h('dialog', {class: 'event-dialog', 'data-testid': `event-form-${event}`}, form);
  if ((META.letter_events ?? []).includes(event) && !showsOwnPreview(event)) {
    // What the requester will read, written by the engine from the templates; nothing is sent.
    const previewBox = h('div', {class: 'letter-preview', 'data-testid': 'event-preview-letters', hidden: true});
    const previewButton = h('button', {type: 'button', class: 'button secondary', 'data-testid': 'event-preview'}, '通知書の文面を確認');
    previewButton.addEventListener('click', async () => {
      const reply = await call('preview', {id: ctx.detail.id, event, data: readAll(controls, true)});
      replace(previewBox, reply.ok
        ? (reply.result.letters.length
          ? reply.result.letters.map((l) => h('div', {}, h('h3', {}, l.title), h('pre', {'data-testid': `event-preview-${l.kind}`}, l.text)))
          : h('p', {class: 'hint'}, 'この操作で作成される通知書はありません。'))
        : h('p', {class: 'notice error'}, errorText(reply.error, reply.status), h('span', {class: 'detail'}, errorDetail(reply.error))));
      previewBox.hidden = false;
    });
    form.querySelector('.dialog-body').append(previewBox);
    cancel.before(previewButton);
  }
  // One key per dialog (sent twice, applied once); a new one when the request
  // changed meanwhile and the clerk sends again at its new version.
  let key = newIdempotencyKey();

  const fields = withSchemaLimits(event, typeof spec.fields === 'function' ? spec.fields(ctx) : spec.fields);
  const printed = META.printed_fields?.[event] ?? [];
  const controls = fields.map((field) => withLetterText(drawField(field, ctx), ctx, printed.includes(field.name)));
  replace(fieldsBox, controls.map((c) => c.node));
  const refresh = () => {
    const data = readAll(controls, false);
    for (const c of controls) {
      c.node.hidden = c.never || (c.field.showIf ? !c.field.showIf(data, ctx) : false);
      c.node.querySelector('.field-label')?.classList.toggle('req', isRequired(c.field, data, ctx));
      c.update?.(data);
    }
  };
  form.addEventListener('input', refresh);
  form.addEventListener('change', refresh);
  refresh();
  // The approve and respond dialogs' own content: the decision, the letter (decision-summary.js).
  const extras = dialogExtras(event, ctx, () => readAll(controls, true));
  if (extras) {
    if (extras.before) fieldsBox.before(...[extras.before].flat());
    if (extras.after) fieldsBox.after(...[extras.after].flat());
    form.addEventListener('change', extras.changed);
  }

  guardClose(dialog, cancel, typedWatch(form, controls));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = readAll(controls, true);
    const problems = check(controls, data, ctx);
    if (problems.length) {
      showErrors(fieldsBox, errorBox, problems);
      return;
    }
    submit.disabled = true;
    const reply = await call('advance', {id: ctx.detail.id, event, version: ctx.detail.version, data, idempotency_key: key});
    if (reply.ok) {
      toastAfterReload(eventDone(event));
      window.location.reload();
      return;
    }
    submit.disabled = false;
    const errors = fieldErrors(reply.error);
    if (reply.status === 422 && errors.length) {
      showErrors(fieldsBox, errorBox, errors);
    } else if (reply.status === 409 && await readChanges(ctx, event, errorBox, submit)) {
      key = newIdempotencyKey();
    } else {
      showRefusal(errorBox, reply);
    }
  });

  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

// ---- closing, refusals, and a request changed meanwhile (issue 18) ----

// Whether anything was typed or chosen since the dialog opened: something
// was entered (input / change) and the form now reads otherwise than it did.
function typedWatch(form, controls) {
  const pristine = JSON.stringify(readAll(controls, false));
  let touched = false;
  form.addEventListener('input', () => { touched = true; });
  form.addEventListener('change', () => { touched = true; });
  return () => touched && JSON.stringify(readAll(controls, false)) !== pristine;
}

// 取消 and Esc close the dialog at once when nothing was typed, else only
// after 「入力した内容を破棄しますか」 is answered 破棄する. Should the browser
// close it anyway (Chromium lets a page hold back Esc only once per user
// action), it is opened again with its text and the question asked.
function guardClose(dialog, cancel, typed) {
  let leaving = false;
  let asking = false;
  // An Esc that comes while the question is still closing (its Esc or 入力に戻る
  // hid it, but its close event, which answers, is dispatched a task later)
  // reaches this dialog: it is asked again once that answer is in, never lost.
  let askAgain = false;
  const ask = async () => {
    if (asking) {
      askAgain = true;
      return;
    }
    asking = true;
    let discard = false;
    do {
      askAgain = false;
      discard = !typed() || await confirmDiscard();
    } while (!discard && askAgain);
    asking = false;
    if (discard) {
      leaving = true;
      dialog.close();
    }
  };
  cancel.addEventListener('click', ask);
  dialog.addEventListener('cancel', (e) => {
    e.preventDefault();
    ask();
  });
  dialog.addEventListener('close', () => {
    if (!leaving && typed()) {
      dialog.showModal();
      ask();
      return;
    }
    dialog.remove();
  });
}

// A small modal question over the event dialog; resolves true for 破棄する.
// Esc or 入力に戻る keep the text (the safe answer has the focus).
function confirmDiscard() {
  return new Promise((resolve) => {
    const no = h('button', {type: 'button', class: 'button secondary', 'data-testid': 'discard-no'}, '入力に戻る');
    const yes = h('button', {type: 'button', class: 'button danger', 'data-testid': 'discard-yes'}, '破棄する');
    const box = h('dialog', {class: 'confirm-dialog', 'data-testid': 'discard-confirm', role: 'alertdialog',
      'aria-labelledby': 'discard-confirm-title', 'aria-describedby': 'discard-confirm-hint'},
    h('div', {class: 'dialog-body'},
      h('p', {id: 'discard-confirm-title', class: 'confirm-question'}, '入力した内容を破棄しますか。'),
      h('p', {id: 'discard-confirm-hint', class: 'hint'}, '破棄すると、この画面に入力した内容は失われます。')),
    h('div', {class: 'dialog-foot'}, no, yes));
    let answer = false;
    no.addEventListener('click', () => box.close());
    yes.addEventListener('click', () => { answer = true; box.close(); });
    box.addEventListener('close', () => {
      box.remove();
      resolve(answer);
    });
    document.body.append(box);
    box.showModal();
    no.focus();
  });
}

// A refusal in Japanese: the code's sentence and the engine's detail.
function showRefusal(errorBox, reply) {
  errorBox.classList.replace('warn', 'error');
  replace(errorBox, h('p', {}, errorText(reply.error, reply.status)), h('span', {class: 'detail'}, errorDetail(reply.error)));
  errorBox.hidden = false;
}

// After a 409: the request read again. When someone changed it meanwhile
// (its version moved), the dialog takes the new version and says what
// changed, keeping every field as typed, and the page behind is drawn again
// (ctx.refresh); the event may no longer be allowed, and then cannot be sent.
// Answers false when the version did not move (a refusal of its own kind).
async function readChanges(ctx, event, errorBox, submit) {
  const before = ctx.detail;
  const fresh = await call('show', {id: before.id});
  if (!fresh.ok || fresh.result.version === before.version) return false;
  const after = fresh.result;
  ctx.detail = after;
  ctx.refresh?.(after);
  const allowed = (after.allowed_events ?? []).includes(event);
  errorBox.classList.replace('error', 'warn');  // news, not a mistake of the clerk's
  replace(errorBox,
    h('p', {}, 'この画面を開いた後に、他の担当者がこの案件を更新しました。入力した内容はそのまま残っています。'),
    h('ul', {'data-testid': 'event-changed'}, changesSince(before, after).map((line) => h('li', {}, line))),
    h('p', {}, allowed
      ? '更新後の内容を確認のうえ、必要なら修正して、もう一度送信してください。'
      : `現在の状態（${label(STATES, after.state)}）では「${label(EVENTS, event)}」を行えません。取消で閉じてください。`));
  errorBox.hidden = false;
  submit.disabled = !allowed;
  errorBox.scrollIntoView({block: 'nearest'});
  return true;
}

// What changed between two readings of a request, in Japanese lines.
function changesSince(before, after) {
  const lines = [];
  if (before.state !== after.state) lines.push(`状態：${label(STATES, before.state)} → ${label(STATES, after.state)}`);
  if ((before.assignee ?? null) !== (after.assignee ?? null)) {
    lines.push(`担当者：${before.assignee ?? '未割当'} → ${after.assignee ?? '未割当'}`);
  }
  for (const entry of (after.history ?? []).filter((e) => e.version > before.version)) {
    lines.push(`${formatDateTime(entry.at)}　${entry.actor}：${label(EVENTS, entry.event)}`);
  }
  return lines;
}

function showErrors(fieldsBox, errorBox, errors) {
  errorBox.classList.replace('warn', 'error');
  const first = showFieldErrors(fieldsBox, errors, {summary: errorBox, heading: '入力内容を確認してください。'});
  first?.querySelector('input, select, textarea')?.focus();
}

function isRequired(field, data, ctx) {
  return Boolean(field.required || field.requiredIf?.(data, ctx));
}

// ---- drawing ----

function options(field, ctx) {
  return typeof field.options === 'function' ? field.options(ctx) : field.options ?? {};
}

function testid(path) {
  return `event-field-${path}`;
}

function wrapper(field, path, ...children) {
  return h('div', {class: 'field', 'data-field': path, 'data-label': field.label},
    h('span', {class: `label field-label${field.required ? ' req' : ''}`}, field.label), ...children);
}

// A group of radios or checkboxes: a fieldset whose legend names it, so that
// assistive technology reads the group's name with each choice (issue 18).
function groupWrapper(field, path, ...children) {
  return h('fieldset', {class: 'field', 'data-field': path, 'data-label': field.label},
    h('legend', {class: `label field-label${field.required ? ' req' : ''}`}, field.label), ...children);
}

// Answers {field, node, read()}: read() gives the field's value or undefined.
function drawField(field, ctx) {
  const initial = field.initial?.(ctx);
  switch (field.kind) {
    case 'list': return drawList(field, initial);
    case 'group': return drawGroup(field, ctx);
    case 'reviewer': return drawReviewer(field, ctx);
    case 'correction_items': return drawCorrectionItems(field, ctx);
    case 'provision_items': return drawProvisionItems(field, ctx);
    default: {
      const {input, read} = drawInput(field, field.name, ctx, initial);
      const wrap = field.kind === 'radio' || field.kind === 'checkboxes' ? groupWrapper : wrapper;
      return {field, node: wrap(field, field.name, input, field.hint ? h('span', {class: 'hint'}, field.hint) : null), read};
    }
  }
}

// One input of a simple kind at `path`: {input, read}.
function drawInput(field, path, ctx, initial) {
  const common = {name: path, 'data-testid': testid(path), 'aria-label': field.label};
  switch (field.kind) {
    case 'textarea': {
      const input = h('textarea', {...common, rows: 4, maxlength: field.maxLength}, initial ?? '');
      return {input, read: () => input.value.trim() || undefined};
    }
    case 'number': {
      const input = h('input', {...common, type: 'number', min: field.min, max: field.max, step: 1, value: initial ?? '', class: 'narrow'});
      return {input, read: () => (input.value === '' ? undefined : Number(input.value))};
    }
    case 'date':  // 和暦 or Western, typed or by 元号・年・月・日 (date-entry.js)
      return dateInput(common, {label: field.label, min: field.min, max: field.max, initial});
    case 'file': {
      // A file the engine keeps (disclosure_attach): read as base64 when chosen; its
      // media type from the file (PDF or CSV), the size bounded before it is sent.
      const input = h('input', {...common, type: 'file', accept: field.accept});
      let content;
      input.addEventListener('change', () => {
        content = undefined;
        delete input.dataset.loaded;
        const file = input.files?.[0];
        if (!file || file.size > field.maxBytes) {
          input.setCustomValidity(file ? `${Math.floor(field.maxBytes / 1024 / 1024)} MiB までのファイルを選んでください。` : '');
          return;
        }
        input.setCustomValidity('');
        const reader = new FileReader();
        reader.onload = () => {
          content = String(reader.result).replace(/^data:[^,]*,/, '');
          input.dataset.loaded = 'true';
          input.dispatchEvent(new Event('input', {bubbles: true}));
        };
        reader.readAsDataURL(file);
      });
      return {input, read: () => content};
    }
    case 'select': {
      const input = h('select', common, h('option', {value: ''}, '選択してください'),
        Object.entries(options(field, ctx)).map(([v, t]) => h('option', {value: v, selected: v === initial}, t)));
      return {input, read: () => input.value || undefined};
    }
    case 'radio':
    case 'checkboxes': {
      const type = field.kind === 'radio' ? 'radio' : 'checkbox';
      const boxes = Object.entries(options(field, ctx)).map(([v, t]) => {
        const box = h('input', {type, name: path, value: v, checked: v === initial, 'data-testid': testid(`${path}-${v}`)});
        return {box, node: h('label', {}, box, ` ${t}`)};
      });
      const input = h('div', {class: `choices${field.kind === 'checkboxes' ? ' column' : ''}`, 'data-testid': testid(path)},
        boxes.map((b) => b.node));
      const read = type === 'radio'
        ? () => boxes.find((b) => b.box.checked)?.box.value
        : () => { const v = boxes.filter((b) => b.box.checked).map((b) => b.box.value); return v.length ? v : undefined; };
      return {input, read};
    }
    default: {
      const input = h('input', {...common, type: 'text', maxlength: field.maxLength, value: initial ?? ''});
      return {input, read: () => input.value.trim() || undefined};
    }
  }
}

function drawReviewer(field, ctx) {
  const self = ctx.session.role === 'reviewer';
  const select = h('select', {name: field.name, 'data-testid': testid(field.name), 'aria-label': field.label},
    h('option', {value: ''}, '読み込み中…'));
  const node = wrapper(field, field.name, select,
    self ? h('span', {class: 'hint'}, '審査担当は自分自身にのみ割り当てられます。') : null);
  let textInput = null;
  reviewers().then((reply) => {
    if (reply.ok) {
      const names = reply.result.items.map((u) => u.name);
      if (self && !names.includes(ctx.session.user)) names.push(ctx.session.user);
      replace(select, h('option', {value: ''}, '選択してください'),
        names.map((n) => h('option', {value: n, selected: self && n === ctx.session.user}, n)));
    } else {
      // No list of reviewers: a text box for the user name.
      textInput = h('input', {type: 'text', name: field.name, 'data-testid': testid(field.name), maxlength: 64,
        value: self ? ctx.session.user : '', placeholder: 'ユーザー名'});
      select.replaceWith(textInput);
    }
  });
  return {field, node, read: () => (textInput ? textInput.value.trim() : select.value) || undefined};
}

function drawList(field, initial) {
  const rows = h('div', {});
  const datalistId = `list-${field.name}`;
  const datalist = field.suggestions ? h('datalist', {id: datalistId}, field.suggestions.map((s) => h('option', {value: s}))) : null;
  const addRow = (value = '') => {
    rows.append(h('div', {class: 'repeat-row single', 'data-row': ''},
      h('input', {type: 'text', maxlength: field.maxLength, list: datalist ? datalistId : null, value}),
      h('button', {type: 'button', class: 'button secondary small', onclick: (e) => { e.target.closest('[data-row]').remove(); renumber(); }}, '削除')));
    renumber();
  };
  const renumber = () => {
    [...rows.children].forEach((row, i) => {
      const path = `${field.name}[${i}]`;
      row.dataset.field = path;
      row.dataset.label = `${field.label}（${i + 1}）`;
      Object.assign(row.querySelector('input'), {name: path});
      row.querySelector('input').dataset.testid = testid(path);
      row.querySelector('input').setAttribute('aria-label', row.dataset.label);
      row.querySelector('button').dataset.testid = `event-remove-${field.name}[${i}]`;
    });
  };
  for (const v of (Array.isArray(initial) && initial.length ? initial : [''])) addRow(v);
  const node = wrapper(field, field.name, rows, datalist,
    h('div', {}, h('button', {type: 'button', class: 'button secondary small', 'data-testid': `event-add-${field.name}`, onclick: () => addRow()}, `＋ ${field.add ?? '追加'}`)));
  const read = () => {
    const v = [...rows.querySelectorAll('input')].map((i) => i.value.trim()).filter(Boolean);
    return v.length ? v : undefined;
  };
  return {field, node, read};
}

function drawGroup(field, ctx) {
  const rows = h('div', {});
  const rowControls = [];
  const addRow = () => {
    const row = h('div', {class: 'repeat-row', 'data-row': ''});
    const parts = field.item.map((sub) => {
      const cell = h('div', {class: 'field', 'data-sub': sub.name},
        h('span', {class: `label${sub.required ? ' req' : ''}`}, sub.label));
      const {input, read} = drawInput(sub, '', ctx, sub.initial?.(ctx));
      input.dataset.sub = sub.name;
      cell.append(input);
      let other = null;
      if (sub.options?.other) {
        // "その他": the kind written out.
        other = h('input', {type: 'text', maxlength: sub.maxLength, hidden: true, placeholder: '書類の名称', 'data-sub': `${sub.name}_other`});
        input.addEventListener('change', () => { other.hidden = input.value !== 'other'; });
        cell.append(other);
      }
      row.append(cell);
      return {sub, cell, read: () => (other && input.value === 'other' ? other.value.trim() || undefined : read())};
    });
    const remove = h('button', {type: 'button', class: 'button secondary small', onclick: () => {
      const i = rowControls.findIndex((r) => r.row === row);
      rowControls.splice(i, 1);
      row.remove();
      renumber();
    }}, '削除');
    row.append(h('div', {}, remove));
    rows.append(row);
    rowControls.push({row, parts, remove});
    renumber();
  };
  const renumber = () => {
    rowControls.forEach(({row, parts, remove}, i) => {
      const base = `${field.name}[${i}]`;
      row.dataset.field = base;
      row.dataset.label = `${field.label}（${i + 1}）`;
      for (const {sub, cell} of parts) {
        const path = `${base}.${sub.name}`;
        cell.dataset.field = path;
        cell.dataset.label = `${field.label}（${i + 1}）の${sub.label}`;
        for (const input of cell.querySelectorAll('[data-sub]')) {
          const p = `${base}.${input.dataset.sub}`;
          input.dataset.testid = testid(p);
          if (input.type === 'radio' || input.type === 'checkbox') continue;
          input.name = p;
        }
      }
      remove.dataset.testid = `event-remove-${field.name}[${i}]`;
      remove.disabled = rowControls.length === 1;
    });
  };
  addRow();
  const node = wrapper(field, field.name, rows,
    h('div', {}, h('button', {type: 'button', class: 'button secondary small', 'data-testid': `event-add-${field.name}`, onclick: addRow}, `＋ ${field.add ?? '追加'}`)));
  const read = () => {
    const items = rowControls.map(({parts}) => {
      const item = {};
      for (const {sub, read: r} of parts) {
        const v = r();
        if (v !== undefined) item[sub.name] = v;
      }
      return item;
    });
    return items.length ? items : undefined;
  };
  return {field, node, read};
}

// A correction's decision, item by item: one row for each item the request
// asks to change (personal.correction_items), read as [{n, corrected, reason}].
// data-testid: event-field-items[{i}].corrected-yes / -no, event-field-items[{i}].reason
function drawCorrectionItems(field, ctx) {
  const asked = ctx.detail.personal?.correction_items ?? [];
  const rows = asked.map((item, i) => {
    const path = `${field.name}[${i}]`;
    const yes = h('input', {type: 'radio', name: `${path}.corrected`, value: 'yes', 'data-testid': testid(`${path}.corrected-yes`)});
    const no = h('input', {type: 'radio', name: `${path}.corrected`, value: 'no', 'data-testid': testid(`${path}.corrected-no`)});
    const reason = h('textarea', {name: `${path}.reason`, rows: 2, maxlength: 2000, 'data-testid': testid(`${path}.reason`), 'aria-label': `（${i + 1}）訂正しない理由`});
    const reasonCell = h('div', {class: 'field', 'data-field': `${path}.reason`, 'data-label': `（${i + 1}）訂正しない理由`, hidden: true},
      h('span', {class: 'label req'}, '訂正しない理由（通知書に記載）'), reason);
    const toggle = () => { reasonCell.hidden = !no.checked; };
    yes.addEventListener('change', toggle);
    no.addEventListener('change', toggle);
    const node = h('div', {class: 'repeat-row correction-item', 'data-field': `${path}.corrected`, 'data-label': `（${i + 1}）${item.item}`},
      h('div', {},
        h('strong', {}, `（${i + 1}）${item.item}`),
        h('div', {class: 'hint'}, `現在：${item.current || '（記載なし）'}　→　訂正後：${item.requested}`)),
      h('fieldset', {class: 'choices'}, h('legend', {class: 'visually-hidden'}, `（${i + 1}）${item.item}を訂正するか`),
        h('label', {}, yes, ' 訂正する'), h('label', {}, no, ' 訂正しない')),
      reasonCell);
    const read = () => {
      if (!yes.checked && !no.checked) return {n: i + 1};
      const out = {n: i + 1, corrected: yes.checked};
      if (no.checked && reason.value.trim()) out.reason = reason.value.trim();
      return out;
    };
    return {node, read};
  });
  const node = wrapper(field, field.name, h('div', {}, rows.map((r) => r.node)));
  return {field, node, never: rows.length === 0, read: () => (rows.length ? rows.map((r) => r.read()) : undefined)};
}

// A 33(5) decision: the person's records in the provision ledger (show's
// provision_records) to choose those the decision lists, read as
// [{provision, result: "disclosed"}]; none chosen: no items (the letter then
// prints the categories).
// data-testid: event-field-items-record-{id} (a checkbox per record), event-field-items-none
function drawProvisionItems(field, ctx) {
  const records = ctx.detail.provision_records ?? [];
  const boxes = records.map((r) => {
    const rec = r.record ?? {};
    const when = rec.provided_on ?? `${rec.period_from ?? ''}～${rec.period_to ?? ''}`;
    const box = h('input', {type: 'checkbox', value: String(r.id), checked: true, 'data-testid': testid(`${field.name}-record-${r.id}`)});
    return {box, node: h('label', {class: 'repeat-row'}, box,
      ` ${when}　${rec.recipient?.name ?? ''}　${rec.items_text ?? ''}　${rec.consent_label ?? ''}（保存期限 ${r.retention_until}）`)};
  });
  const body = records.length ? boxes.map((b) => b.node)
    : [h('p', {class: 'hint', 'data-testid': testid(`${field.name}-none`)}, 'この請求の本人に係る第三者提供記録は台帳にありません（不存在の場合は「不存在」を選びます）。')];
  const node = wrapper(field, field.name, h('div', {class: 'choices column'}, body),
    h('span', {class: 'hint'}, '通知書には、選んだ記録の提供年月日・提供先・項目・同意の有無が記載されます。'));
  const read = () => {
    const chosen = boxes.filter((b) => b.box.checked).map((b) => ({provision: Number(b.box.value), result: 'disclosed'}));
    return chosen.length ? chosen : undefined;
  };
  return {field, node, read};
}

// ---- text printed in the letter ----

// A textarea whose text the letter prints: a choice of 例文 (field.phrases(ctx,
// data): [{label, text}], refreshed as the form changes) that fills it and
// stays editable, and the engine's reason check (check_reason) of what is
// written, shown under it as warnings that never block.
// data-testid: phrases-{name} (the select), warnings-{name} (the list)
function withLetterText(control, ctx, printed) {
  const {field, node} = control;
  const textarea = node.querySelector('textarea');
  if (!textarea || (!printed && !field.phrases)) return control;
  const warnings = h('ul', {class: 'notice warn', 'data-testid': `warnings-${field.name}`, hidden: true});
  node.append(warnings);
  if (printed) {
    textarea.addEventListener('change', async () => {
      const text = textarea.value.trim();
      const reply = text ? await call('check_reason', {id: ctx.detail.id, text}) : {ok: true, result: {warnings: []}};
      const list = reply.ok ? reply.result.warnings : [];
      replace(warnings, list.map((w) => h('li', {'data-code': w.code}, w.message)));
      warnings.hidden = list.length === 0;
    });
  }
  if (!field.phrases) return control;
  const select = h('select', {'data-testid': `phrases-${field.name}`, 'aria-label': `${field.label}の例文`});
  let shown = '';
  const update = (data) => {
    const phrases = field.phrases(ctx, data);
    const key = JSON.stringify(phrases.map((p) => p.label));
    if (key === shown) return;
    shown = key;
    replace(select, h('option', {value: ''}, phrases.length ? '例文から選ぶ（選ぶと下の欄に入ります。書き換えられます）' : '例文はありません'),
      phrases.map((p, i) => h('option', {value: String(i)}, p.label)));
    select.disabled = phrases.length === 0;
    select.onchange = () => {
      const picked = phrases[Number(select.value)];
      if (!picked) return;
      textarea.value = picked.text;
      textarea.dispatchEvent(new Event('input', {bubbles: true}));
      textarea.dispatchEvent(new Event('change', {bubbles: true}));
    };
  };
  textarea.before(select);
  return {...control, update};
}

// ---- reading and checking ----

function readAll(controls, visibleOnly) {
  const data = {};
  for (const c of controls) {
    if (visibleOnly && c.node.hidden) continue;
    const v = c.field.read ? c.field.read(c.read()) : c.read();
    if (v === undefined) continue;
    // "outer.inner": a field of an object the event carries (decide.exempt_consultation).
    const [outer, inner] = c.field.name.split('.');
    if (inner === undefined) data[outer] = v;
    else data[outer] = {...(data[outer] ?? {}), [inner]: v};
  }
  return data;
}

// A field's value in the data read (a dotted name reads inside its object).
function valueOf(data, name) {
  const [outer, inner] = name.split('.');
  return inner === undefined ? data[outer] : data[outer]?.[inner];
}

function check(controls, data, ctx) {
  const problems = [];
  for (const c of controls) {
    if (c.node.hidden) continue;
    const {field} = c;
    const v = valueOf(data, field.name);
    if (isRequired(field, data, ctx) && (v === undefined || (Array.isArray(v) && v.length === 0))) {
      const choose = ['radio', 'select', 'checkboxes', 'reviewer'].includes(field.kind);
      problems.push({field: field.name, message: field.kind === 'list' || field.kind === 'group' ? '1つ以上入力してください。' : choose ? '選択してください。' : '入力してください。'});
      continue;
    }
    if (field.kind === 'number' && v !== undefined && (!Number.isInteger(v) || v < field.min || v > field.max)) {
      problems.push({field: field.name, message: field.max === undefined ? `${field.min}以上の整数を入力してください。` : `${field.min}〜${field.max}の整数を入力してください。`});
    }
    if (field.kind === 'correction_items' && Array.isArray(v)) {
      v.forEach((item, i) => {
        if (item.corrected === undefined) problems.push({field: `${field.name}[${i}].corrected`, message: '訂正するかどうかを選択してください。'});
        if (item.corrected === false && !item.reason) problems.push({field: `${field.name}[${i}].reason`, message: '訂正しない理由を入力してください。'});
      });
    }
    if (field.kind === 'group' && Array.isArray(v)) {
      v.forEach((item, i) => {
        for (const sub of field.item) {
          if (sub.required && item[sub.name] === undefined) {
            const message = sub.kind !== 'select' ? '入力してください。' : sub.options?.other ? '選択してください（その他の場合は名称を記入）。' : '選択してください。';
            problems.push({field: `${field.name}[${i}].${sub.name}`, message});
          }
          if (sub.kind === 'date' && item[sub.name] && sub.max && item[sub.name] > sub.max()) problems.push({field: `${field.name}[${i}].${sub.name}`, message: '未来の日付は指定できません。'});
        }
      });
    }
  }
  return withDatesNotRead(controls, problems);
}

// The date fields whose text is not a date (平成31年5月1日, 「S48」), named by
// path; what is said of such a field otherwise (compared as text) gives way.
function withDatesNotRead(controls, problems) {
  const dates = controls.filter((c) => !c.node.hidden).flatMap((c) => dateProblems(c.node));
  const named = new Set(dates.map((p) => p.field));
  return [...problems.filter((p) => !named.has(p.field)), ...dates];
}

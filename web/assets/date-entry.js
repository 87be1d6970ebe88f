// Date fields a clerk fills from a paper form (issue 18, "Entering a paper
// form"): a text box that takes a date typed as the form writes it
// (「昭和48年3月21日」「S48.3.21」「H1.1.8」「1973-03-21」: wareki.js), and beside
// it a 元号 select with 年・月・日 boxes for those who copy the form's boxes one
// by one. Either fills the other; the date in the Western calendar is shown
// under the field (「＝ 西暦1973年3月21日」), an impossible date (平成31年5月1日)
// is refused there in Japanese. The eras come from the engine (`meta`).
//
//   <input type="text" data-date name="requester.birth_date" data-testid="…">
//   enhanceDateInput(input, {label, max, min})   (max/min: YYYY-MM-DD or a function giving one)
//   dateValue(input)     → 'YYYY-MM-DD' | undefined (nothing typed, or not a date)
//   dateProblems(root)   → [{field: input.name, message}] for every shown date field not a date
//
// data-testid (the text box's own id X): X-era, X-year, X-month, X-day, X-western.

import {h, replace} from './dom.js';
import {META} from './labels.js';
import {todayJst} from './format.js';
import {DAY_FORMS, parseDate, warekiOf, westernOf} from './wareki.js';

export const ERAS = META.eras ?? [];
const WESTERN = 'western';
const entries = new WeakMap();
let serial = 0;

function bound(v) {
  return typeof v === 'function' ? v() : v || '';
}

// {iso} | {error} | {} for what the text box holds, within min/max.
function read(input) {
  const entry = entries.get(input);
  const parsed = parseDate(input.value, ERAS);
  if (!parsed.iso || !entry) return parsed;
  const max = bound(entry.max);
  const min = bound(entry.min);
  if (max && parsed.iso > max) {
    return {error: max === todayJst() ? '未来の日付は指定できません。' : `${warekiOf(max, ERAS)}より後の日付は指定できません。`, iso: parsed.iso};
  }
  if (min && parsed.iso < min) return {error: `${warekiOf(min, ERAS)}より前の日付は指定できません。`, iso: parsed.iso};
  return parsed;
}

export function dateValue(input) {
  const parsed = parseDate(input.value, ERAS);
  return parsed.iso;
}

export function dateProblems(root) {
  const problems = [];
  for (const input of root.querySelectorAll('input[data-date]')) {
    if (input.disabled || input.closest('[hidden]')) continue;
    const r = read(input);
    if (r.error) problems.push({field: input.name, message: r.error});
  }
  return problems;
}

export function enhanceDateInput(input, {label = '日付', max = '', min = ''} = {}) {
  if (entries.has(input)) return;
  input.dataset.date = '';
  input.classList.add('date-text');
  input.inputMode = 'text';
  input.placeholder ||= '例：S48.3.21／昭和48年3月21日';
  const westernId = `date-western-${++serial}`;
  input.setAttribute('aria-describedby', westernId);
  const id = input.getAttribute('data-testid') || `date-${serial}`;
  const era = h('select', {'aria-label': `${label}の元号`, 'data-testid': `${id}-era`},
    h('option', {value: ''}, '元号'),
    ERAS.map((e) => h('option', {value: e.name}, `${e.name}（${e.letter}）`)),
    h('option', {value: WESTERN}, '西暦'));
  const part = (name, text, size) => h('input', {type: 'text', inputmode: 'numeric', maxlength: size, class: `date-part ${name}`,
    'aria-label': `${label}の${text}`, 'data-testid': `${id}-${name}`, autocomplete: 'off'});
  const year = part('year', '年', 4);
  const month = part('month', '月', 2);
  const day = part('day', '日', 2);
  const western = h('span', {class: 'era-preview', id: westernId, 'data-testid': `${id}-western`, 'aria-live': 'polite'});
  const parts = h('span', {class: 'date-parts'}, era, year, '年', month, '月', day, '日');
  const entry = {max, min, era, year, month, day, western};
  entries.set(input, entry);

  // The text box → the boxes and the Western date.
  const show = (final) => {
    const r = read(input);
    western.classList.toggle('date-error', Boolean(r.error) && final);
    if (r.iso && !r.error) {
      const parsed = parseDate(input.value, ERAS);
      const w = warekiOf(parsed.iso, ERAS);
      const eraName = ERAS.find((e) => w.startsWith(e.name))?.name;
      const m = w.match(/^(\D+?)(元|\d+)年(\d+)月(\d+)日$/);
      if (eraName && m) {
        era.value = eraName;
        year.value = m[2] === '元' ? '1' : m[2];
        month.value = m[3];
        day.value = m[4];
      } else {
        const [y, mo, d] = parsed.iso.split('-');
        era.value = WESTERN;
        year.value = String(Number(y));
        month.value = String(Number(mo));
        day.value = String(Number(d));
      }
      replace(western, `＝ 西暦${westernOf(parsed.iso)}`);
      if (final && input.value !== w && w) input.value = w;  // written back as the letters write it
    } else if (r.error && final) {
      replace(western, r.error);
    } else if (!input.value.trim()) {
      replace(western);  // the boxes stay: they may be being filled (a form's reset empties them)
    } else {
      replace(western, r.error && r.iso ? r.error : '');
    }
  };
  // The boxes → the text box.
  const compose = () => {
    if (!era.value || !year.value.trim() || !month.value.trim() || !day.value.trim()) return;
    const [y, mo, d] = [year, month, day].map((b) => b.value.normalize('NFKC').trim());
    input.value = era.value === WESTERN ? `${y}年${mo}月${d}日` : `${era.value}${y}年${mo}月${d}日`;
    show(false);
    const r = read(input);
    if (r.error) {
      western.classList.add('date-error');
      replace(western, r.error);
    }
  };
  input.addEventListener('input', () => show(false));
  input.addEventListener('change', () => show(true));
  for (const box of [era, year, month, day]) {
    box.addEventListener('input', compose);
    box.addEventListener('change', compose);
  }
  input.form?.addEventListener('reset', () => setTimeout(() => show(false)));
  entry.refresh = () => show(true);
  const place = () => {
    if (!input.parentNode) return false;
    input.after(parts, western);
    return true;
  };
  if (!place()) queueMicrotask(place);
}

// After code set a value (a form restored): the boxes and the Western date follow.
export function refreshDateInput(input) {
  entries.get(input)?.refresh();
}

// For event-form.js: a date field of a dialog, {input, read}.
export function dateInput(common, {label, min, max, initial}) {
  const input = h('input', {...common, type: 'text', value: initial ? warekiOf(initial, ERAS) || initial : '', autocomplete: 'off'});
  enhanceDateInput(input, {label, min, max});
  queueMicrotask(() => refreshDateInput(input));
  return {input, read: () => dateValue(input) ?? (input.value.trim() || undefined)};
}

export {DAY_FORMS};

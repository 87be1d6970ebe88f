// Reading dates as a clerk types them from a paper form: in the Japanese era
// (「昭和48年3月21日」「S48.3.21」「H1.1.8」「平成元年1月8日」, months 「令和7年4月」
// 「R7.4」) or in the Western calendar (「1973-03-21」「1973/3/21」「1973年3月21日」
// 「19730321」, months 「2025-04」「2025年4月」), with full-width digits and the
// separators an IME gives. The eras and their first and last days are the
// engine's (core/japanese_era.h, published by the `meta` read command as
// `eras`); this file keeps no copy of them and takes them as an argument.
// The engine keeps taking ISO dates (YYYY-MM-DD, YYYY-MM) on the wire.
//
// Results: {iso} or {error: 'Japanese sentence'}; '' (nothing typed) gives {}.

const HYPHENS = /[\u2010-\u2015\u2212\u30FC\uFF0D\uFF70]/g;

// Full-width digits, letters and punctuation to ASCII (NFKC), the hyphens an
// IME types (ー − ‐ ― －) to '-', spaces removed.
export function foldTyped(text) {
  return String(text ?? '').normalize('NFKC').replace(HYPHENS, '-').replace(/\s+/g, '');
}

function pad(n, width = 2) {
  return String(n).padStart(width, '0');
}

function isoOf(y, m, d) {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

// Whether y-m-d is a day of the Gregorian calendar.
function realDay(y, m, d) {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function lastDayOfMonth(y, m) {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

// The era a name or letter means: 「昭和」, 「S」, 「s」, 「昭」.
function findEra(token, eras) {
  const t = token.toUpperCase();
  return eras.find((e) => e.name === token || e.letter === t || e.name[0] === token) ?? null;
}

// 「昭和48年3月21日」 for an ISO date (元年 for the first year); '' before the
// first era's first day (the Western year then).
export function warekiOf(iso, eras, {month = false} = {}) {
  const m = String(iso ?? '').match(/^(\d{4})-(\d{2})(?:-(\d{2}))?$/);
  if (!m) return '';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 1)];
  // A month is in the era that holds its last day (令和元年5月, 平成31年4月).
  const day = month || !m[3] ? isoOf(y, mo, lastDayOfMonth(y, mo)) : isoOf(y, mo, d);
  const era = eras.find((e) => e.begins <= day);
  if (!era) return month || !m[3] ? `${y}年${mo}月` : `${y}年${mo}月${d}日`;
  const n = y - era.first_year + 1;
  const year = `${era.name}${n === 1 ? '元' : n}年`;
  return month || !m[3] ? `${year}${mo}月` : `${year}${mo}月${d}日`;
}

// 「1973年3月21日」: the Western form shown beside a field.
export function westernOf(iso) {
  const m = String(iso ?? '').match(/^(\d{4})-(\d{2})(?:-(\d{2}))?$/);
  if (!m) return '';
  return m[3] ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : `${Number(m[1])}年${Number(m[2])}月`;
}

const SEP = '[-/.年]';
const SEP2 = '[-/.月]';
const ERA_DAY = new RegExp(`^([^\\d元]+?)(\\d{1,2}|元)${SEP}(\\d{1,2})${SEP2}(\\d{1,2})日?$`);
const ERA_MONTH = new RegExp(`^([^\\d元]+?)(\\d{1,2}|元)${SEP}(\\d{1,2})月?$`);
const WEST_DAY = new RegExp(`^(\\d{4})${SEP}(\\d{1,2})${SEP2}(\\d{1,2})日?$`);
const WEST_DAY_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const WEST_MONTH = new RegExp(`^(\\d{4})${SEP}(\\d{1,2})月?$`);
const WEST_MONTH_COMPACT = /^(\d{4})(\d{2})$/;

// The era's range as the message says it: 「平成は平成31年4月30日まで」.
function eraRangeText(era, eras) {
  const from = warekiOf(era.begins, eras);
  return era.ends ? `${era.name}は${from}から${warekiOf(era.ends, eras)}まで` : `${era.name}は${from}から`;
}

// A day: {iso} or {error}; {} for nothing typed.
export function parseDate(typed, eras) {
  const text = foldTyped(typed);
  if (!text) return {};
  let m = text.match(WEST_DAY) ?? text.match(WEST_DAY_COMPACT);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!realDay(y, mo, d)) return {error: `${y}年${mo}月${d}日という日はありません。`};
    return {iso: isoOf(y, mo, d)};
  }
  m = text.match(ERA_DAY);
  if (!m) return {error: DAY_FORMS};
  const era = findEra(m[1], eras);
  if (!era) return {error: `元号「${m[1]}」は使えません（${eras.map((e) => `${e.name}（${e.letter}）`).join('・')}）。`};
  const n = m[2] === '元' ? 1 : Number(m[2]);
  const [mo, d] = [Number(m[3]), Number(m[4])];
  const typedText = `${era.name}${n === 1 ? '元' : n}年${mo}月${d}日`;
  if (n < 1) return {error: `${era.name}0年はありません。`};
  const y = era.first_year + n - 1;
  if (!realDay(y, mo, d)) return {error: `${typedText}という日はありません。`};
  const iso = isoOf(y, mo, d);
  if (iso < era.begins || (era.ends && iso > era.ends)) {
    return {error: `${typedText}はありません（${eraRangeText(era, eras)}）。西暦では${westernOf(iso)}です。`};
  }
  return {iso};
}

// A month (receipts' 診療月): {iso: 'YYYY-MM'} or {error}; {} for nothing typed.
export function parseMonth(typed, eras) {
  const text = foldTyped(typed);
  if (!text) return {};
  let m = text.match(WEST_MONTH) ?? text.match(WEST_MONTH_COMPACT);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (mo < 1 || mo > 12) return {error: `「${typed}」の月が正しくありません（1〜12）。`};
    return {iso: `${pad(y, 4)}-${pad(mo)}`};
  }
  m = text.match(ERA_MONTH);
  if (!m) return {error: `「${typed}」は月として読めません（例：令和7年4月、R7.4、2025-04）。`};
  const era = findEra(m[1], eras);
  if (!era) return {error: `元号「${m[1]}」は使えません（${eras.map((e) => `${e.name}（${e.letter}）`).join('・')}）。`};
  const n = m[2] === '元' ? 1 : Number(m[2]);
  const mo = Number(m[3]);
  const typedText = `${era.name}${n === 1 ? '元' : n}年${mo}月`;
  if (n < 1) return {error: `${era.name}0年はありません。`};
  if (mo < 1 || mo > 12) return {error: `${typedText}の月が正しくありません（1〜12）。`};
  const y = era.first_year + n - 1;
  // A month of the era has at least one of its days in the era.
  const first = isoOf(y, mo, 1);
  const last = isoOf(y, mo, lastDayOfMonth(y, mo));
  if (last < era.begins || (era.ends && first > era.ends)) {
    return {error: `${typedText}はありません（${eraRangeText(era, eras)}）。`};
  }
  return {iso: `${pad(y, 4)}-${pad(mo)}`};
}

export const DAY_FORMS = '日付として読めません。「昭和48年3月21日」「S48.3.21」「1973-03-21」の形で入力してください。';

// Japanese formatting for the pages: dates in the Japanese era with the
// weekday (令和8年11月25日（水）; the eras are the engine's, meta.eras, read by
// wareki.js: not the browser's Intl calendar, which may know other eras), times in Japan Standard Time whatever the
// browser's zone, counts, and the names of states and types.

import {META, STATES, TYPES, label} from './labels.js';
import {warekiOf} from './wareki.js';

const JST = 'Asia/Tokyo';

const clock = new Intl.DateTimeFormat('ja-JP', {hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: JST});
const isoParts = new Intl.DateTimeFormat('en-CA', {
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: JST,
});
const numbers = new Intl.NumberFormat('ja-JP');

// A date (YYYY-MM-DD, a day in Japan) or an RFC 3339 instant, as a Date; null when empty or unreadable.
export function toDate(value) {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value;
  const text = String(value);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00+09:00`) : new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

// 令和8年11月25日（水）; 令和元年 for 2019 from 1 May. Empty text for no date.
export function formatDate(value) {
  return eraText(value, true);
}

// 令和8年4月1日: the same rule without the weekday (the ledger's dates, where
// ISO stays in the CSV only).
export function formatEraDay(value) {
  return eraText(value, false);
}

const WEEKDAYS = '日月火水木金土';

function eraText(value, weekday) {
  const date = toDate(value);
  if (!date) return '';
  const {year, month, day} = jstParts(date);
  const text = warekiOf(`${year}-${month}-${day}`, META.eras ?? []);
  if (!weekday) return text;
  // The weekday of the day in Japan: that day at noon UTC falls on the same date.
  const dow = new Date(`${year}-${month}-${day}T12:00:00Z`).getUTCDay();
  return `${text}（${WEEKDAYS[dow]}）`;
}

// 令和8年11月25日（水） 10:30
export function formatDateTime(value) {
  const date = toDate(value);
  return date ? `${formatDate(date)} ${clock.format(date)}` : '';
}

// 11/25 (a week's first day on a chart axis).
export function formatMonthDay(value) {
  const date = toDate(value);
  if (!date) return '';
  const {month, day} = jstParts(date);
  return `${Number(month)}/${Number(day)}`;
}

// 1,234
export function formatNumber(n) {
  return n === null || n === undefined || Number.isNaN(Number(n)) ? '—' : numbers.format(Number(n));
}

// 1,234件
export function formatCount(n, unit = '件') {
  return n === null || n === undefined ? '—' : `${formatNumber(n)}${unit}`;
}

// Days with one decimal at most: 3.5日
export function formatDays(n) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return '—';
  return `${numbers.format(Math.round(Number(n) * 10) / 10)}日`;
}

export function typeText(item) {
  return item?.type_ja || label(TYPES, item?.type);
}

export function stateText(item) {
  return item?.state_ja || label(STATES, item?.state);
}

// Today in Japan, YYYY-MM-DD.
export function todayJst() {
  const {year, month, day} = jstParts(new Date());
  return `${year}-${month}-${day}`;
}

// The day after today in Japan (YYYY-MM-DD).
export function tomorrowJst() {
  const {year, month, day} = jstParts(new Date(Date.now() + 24 * 3600 * 1000));
  return `${year}-${month}-${day}`;
}

// Now in Japan as an <input type="datetime-local"> value (YYYY-MM-DDTHH:MM).
export function nowJstInputValue() {
  const {year, month, day, hour, minute} = jstParts(new Date());
  return `${year}-${month}-${day}T${hour}:${minute}`;
}

// An <input type="datetime-local"> value, read as Japan time, in RFC 3339.
export function inputToJstTimestamp(value) {
  if (!value) return '';
  const withSeconds = value.length === 16 ? `${value}:00` : value.slice(0, 19);
  return `${withSeconds}+09:00`;
}

// First characters of a SHA-256, for tables (the whole one goes in a title).
export function shortHash(hash) {
  return hash ? `${hash.slice(0, 12)}…` : '';
}

function jstParts(date) {
  const parts = {};
  for (const p of isoParts.formatToParts(date)) parts[p.type] = p.value;
  return parts;
}

// The letters sent for a request (POST /api/letters {"id"} → items
// [{n, letter_id, kind, title, issued_at, sha256}] and pdf), each with its PDF
// (GET /api/requests/{id}/letters/{n}.pdf) when the engine says this user may
// fetch them (`pdf`: the command policy's `letter` row for this request; an
// auditor without personal-data access is shown no link that would answer 403).
//
// data-testid: letters-table, letter-row (data-n, data-kind), letter-pdf-{n}, letters-pdf-withheld,
//   letters-empty, letters-error

import {call, letterPdfUrl} from './api.js';
import {h} from './dom.js';
import {formatDateTime, shortHash} from './format.js';
import {errorText} from './messages.js';

export async function lettersView(requestId) {
  const reply = await call('letters', {id: requestId});
  if (!reply.ok) {
    return h('p', {class: 'notice error', 'data-testid': 'letters-error'}, `通知書の一覧を取得できませんでした。${errorText(reply.error, reply.status)}`);
  }
  const items = reply.result.items;
  if (items.length === 0) {
    return h('p', {class: 'muted', 'data-testid': 'letters-empty'}, 'まだ発行された通知書はありません（作成中のものは発行後に表示されます）。');
  }
  const pdf = reply.result.pdf === true;
  const table = h('table', {class: 'data-table compact', 'data-testid': 'letters-table'},
    h('thead', {}, h('tr', {}, ['No.', '通知書', '発行日時', 'SHA-256'].map((t) => h('th', {scope: 'col'}, t)),
      pdf ? h('th', {scope: 'col', class: 'no-print'}, 'PDF') : null)),
    h('tbody', {}, items.map((l) => h('tr', {'data-testid': 'letter-row', 'data-n': l.n, 'data-kind': l.kind},
      h('td', {class: 'num'}, l.n),
      h('td', {}, l.title),
      h('td', {class: 'nowrap'}, formatDateTime(l.issued_at)),
      h('td', {class: 'mono', title: l.sha256}, shortHash(l.sha256)),
      pdf ? h('td', {class: 'no-print'}, h('a', {href: letterPdfUrl(requestId, l.n), download: `${l.letter_id}.pdf`,
        'data-testid': `letter-pdf-${l.n}`, 'aria-label': `${l.title}（No.${l.n}）のPDFをダウンロード`}, 'PDFをダウンロード')) : null))));
  if (pdf) return table;
  return [table, h('p', {class: 'muted small', 'data-testid': 'letters-pdf-withheld'},
    '通知書には請求者の氏名・住所が記載されているため、PDFはこの案件の個人情報を見られる担当者のみ取得できます。')];
}

// The engine's refusals in Japanese: a sentence per error code, and the
// field messages of the validators (engine/core/schema_validator.cc,
// request_record.cc, civil_date.cc, jst_time.cc, workflow.cc CheckData and
// valijson's own wording) translated. What is not known stays in English.

const CODE_TEXT = {
  invalid_argument: '入力内容に誤りがあります。',
  not_found: '該当するデータが見つかりません。',
  permission_denied: 'この操作を行う権限がありません。',
  conflict: '他の担当者が先にこの案件を更新したか、現在の状態ではこの操作はできません。画面を再読み込みしてください。',
  io_error: 'サーバーでエラーが発生しました。',
  corruption: 'サーバーのデータに異常があります。システム管理者に連絡してください。',
  unavailable: 'サーバーに接続できません。しばらくしてから再度お試しください。',
  malformed: '送信内容の形式が正しくありません。',
  too_large: '送信内容が大きすぎます。',
  unknown_command: 'サーバーがこの機能に対応していません。',
};

// One sentence for an error envelope's `error` (and its HTTP status).
export function errorText(error, status) {
  if (status === 409 || error?.code === 'conflict') return CODE_TEXT.conflict;
  return CODE_TEXT[error?.code] ?? `エラーが発生しました（HTTP ${status ?? '?'}）。`;
}

// [[English pattern, Japanese (string or function of the match)], ...]
const FIELD_MESSAGES = [
  [/^is required$/, '必須項目です。'],
  [/^Missing required property '.*'\.?$/, '必須項目です。'],
  [/^is not one of the allowed values$/, '選択肢にない値です。'],
  [/^Failed to match against any enum values\.?$/, '選択肢にない値です。'],
  [/^is not in the expected format$/, '形式が正しくありません。'],
  [/^Failed to match regex specified by 'pattern' constraint\.?$/, '形式が正しくありません。'],
  [/must be (written in )?full-width katakana/, '全角カタカナで入力してください。'],
  [/^'(.*)' is not a date of the form YYYY-MM-DD$/, () => '日付は年-月-日（YYYY-MM-DD）で入力してください。'],
  [/^'(.*)' is not a plausible year$/, (m) => `年が正しくありません（${m[1]}）。`],
  [/^(\S+) is not a date$/, (m) => `存在しない日付です（${m[1]}）。`],
  [/is not a date-time such as/, '日時の形式が正しくありません。'],
  [/^(.+) is in the future$/, (m) => `未来の日付・日時は指定できません（${m[1]}）。`],
  [/^(.+) is more than a year ago$/, (m) => `1年以上前の日時は指定できません（${m[1]}）。`],
  [/^'(.*)' is not a data category of the notice$/, (m) => `公表事項にない項目です（${m[1]}）。`],
  [/^String should be no fewer than (\d+) characters/, (m) => (m[1] === '1' ? '入力してください。' : `${m[1]}文字以上で入力してください。`)],
  [/^String should be no more than (\d+) characters/, (m) => `${m[1]}文字以内で入力してください。`],
  [/^Array should contain no fewer than (\d+) elements/, (m) => (m[1] === '1' ? '1つ以上選択または入力してください。' : `${m[1]}件以上必要です。`)],
  [/^Array should contain no more than (\d+) elements/, (m) => `${m[1]}件以内にしてください。`],
  [/^Elements at indexes #\d+ and #\d+ violate uniqueness/, '同じものが重複しています。'],
  [/^Expected number greater than or equal to ([\d.]+)/, (m) => `${trimNumber(m[1])}以上の数を入力してください。`],
  [/^Expected number less than or equal to ([\d.]+)/, (m) => `${trimNumber(m[1])}以下の数を入力してください。`],
  [/^Expected number greater than ([\d.]+)/, (m) => `${trimNumber(m[1])}より大きい数を入力してください。`],
  [/^Expected number less than ([\d.]+)/, (m) => `${trimNumber(m[1])}より小さい数を入力してください。`],
  [/^Value type not permitted by 'type' constraint/, '値の種類が正しくありません。'],
  [/^Failed to match expected value set by 'const' constraint/, '値が正しくありません。'],
  [/^Object contains a property that could not be validated .*: '(.*)'\.?$/, (m) => `不明な項目です（${m[1]}）。`],
  [/does not match its schema$/, '入力内容が正しくありません。'],
  [/^id: '(.*)' is not a request id$/s, (m) => `受付番号として読めません（${m[1]}）。通知書に記載の受付番号を入力してください。`],
];

export function fieldMessageJa(message) {
  const text = String(message ?? '').trim();
  for (const [pattern, japanese] of FIELD_MESSAGES) {
    const m = text.match(pattern);
    if (m) return typeof japanese === 'function' ? japanese(m) : japanese;
  }
  return text;
}

// The field errors of an error envelope: [{field, message}] with paths such as
// "requester.birth_date" or "documents[1].issued", message in English as sent.
// Uses error.fields when the server gives them, else reads the message
// ("request record is invalid: a: …; b: …", "data of 'decide' is invalid: …").
// A missing property reported on its parent ("requester" / "(record)" /
// "data": "Missing required property 'name'.") is moved onto the property.
export function fieldErrors(error) {
  let list = Array.isArray(error?.fields) ? error.fields.map((f) => ({field: String(f.field ?? ''), message: String(f.message ?? '')})) : null;
  if (!list) {
    const m = String(error?.message ?? '').match(/ is invalid: (.*)$/s);
    list = m ? m[1].split('; ').map(splitPathMessage).filter(Boolean) : [];
  }
  return list.map(({field, message}) => {
    const missing = message.match(/^Missing required property '(.+)'\.?$/);
    const root = field === '' || field === '(record)' || field === 'data' || field === '<root>';
    if (missing) return {field: root ? missing[1] : `${field}.${missing[1]}`, message: 'is required'};
    return {field: root ? '' : field, message};
  });
}

function splitPathMessage(text) {
  const i = text.indexOf(': ');
  return i < 0 ? {field: '', message: text} : {field: text.slice(0, i), message: text.slice(i + 2)};
}

function trimNumber(text) {
  return String(Number(text));
}

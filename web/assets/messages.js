// The engine's refusals in Japanese, the one table the pages use
// (docs/web-desk.md, "Not losing typed text; engine errors in Japanese"): a sentence per error code
// (CODE_TEXT), the engine's messages that reach staff with their detail kept
// (ENGINE_MESSAGES: engine/core/workflow.cc, engine/store/, engine/commands/
// command_policy.cc, engine/server/command_server.cc, and the web desk's own
// refusals in engine/web/), and the field messages of the validators
// (FIELD_MESSAGES: engine/core/schema_validator.cc, request_record.cc,
// civil_date.cc, jst_time.cc, workflow.cc CheckData and valijson's own
// wording). A message not in the tables shows only its code's sentence:
// English engine text never reaches the screen. A new engine message that
// staff can meet gets its row here.

import {formatDate} from './format.js';
import {EVENTS, META, ROLES, STATES, label} from './labels.js';

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
  not_recorded: 'この操作は記録されませんでした。',
  rate_limited: '短い間に同じ操作が繰り返されたため、一時的に受け付けを止めています。',
};

// One sentence for an error envelope's `error` (and its HTTP status).
export function errorText(error, status) {
  // A conflict whose detail says why (a rule of the state, or the versions) needs no guess at it.
  if (status === 409 || error?.code === 'conflict') return errorDetail(error) ? CODE_TEXT.not_recorded : CODE_TEXT.conflict;
  if (status === 429) return CODE_TEXT.rate_limited;
  return CODE_TEXT[error?.code] ?? `エラーが発生しました（HTTP ${status ?? '?'}）。`;
}

// The error's sentence and its detail in Japanese, as one line.
export function errorLine(error, status) {
  const detail = errorDetail(error);
  return detail ? `${errorText(error, status)}${detail}` : errorText(error, status);
}

const q = "'([^']*)'";
const state = (code) => `「${label(STATES, code)}」`;
const event = (code) => `「${label(EVENTS, code)}」`;
const role = (code) => label(ROLES, code);
const day = (iso) => formatDate(iso) || iso;
// A list the engine wrote (institutions, documents), shown only when it holds no English.
const listed = (text) => (/[A-Za-z]{3,}/.test(text) ? '' : `（${text}）`);

// [[the engine's English message, Japanese (a string, or a function of the
// match)], ...]; the first that matches is used. Patterns match from the start
// of the message; what follows a matched prefix (the engine's hints for
// programs, such as the events still allowed) is left out.
const ENGINE_MESSAGES = [
  // engine/core/workflow.cc: the request changed, or is in another state.
  [new RegExp(`^stale version (\\d+): request (\\S+) is at version (\\d+) in state ${q}`),
    (m) => `案件 ${m[2]} は、画面を表示した後（版 ${m[1]}）に更新されています（現在の版 ${m[3]}、状態${state(m[4])}）。`],
  [new RegExp(`^event ${q} is not allowed in state ${q} \\(request (\\S+)\\)`),
    (m) => `案件 ${m[3]} は現在${state(m[2])}のため、${event(m[1])}は行えません。`],
  [/^request (\S+) was disposed of at the end of its retention period \(([^)]*)\)/,
    (m) => `案件 ${m[1]} は保存期間の満了により廃棄されています（${m[2]}）。これ以上記録できません。`],
  [/^request (\S+) cannot be decided while consultations are open/,
    (m) => `案件 ${m[1]} には回答が記録されていない照会があるため、決定できません。先に照会回答を記録してください。`],
  [/^request (\S+) is not assigned to anyone/, (m) => `案件 ${m[1]} には担当者が割り当てられていません。先に割り当ててください。`],
  [/^request (\S+) is already assigned to (.+)$/, (m) => `案件 ${m[1]} は既に ${m[2]} に割り当てられています。`],
  [/^request (\S+) is already under a legal hold/, (m) => `案件 ${m[1]} は既に廃棄保留中です。`],
  [/^request (\S+) is not under a legal hold/, (m) => `案件 ${m[1]} は廃棄保留中ではありません。`],
  [/^request (\S+) is already linked to (\S+)/, (m) => `案件 ${m[1]} は既に ${m[2]} と関連付けられています。`],
  [/^request (\S+) is not linked to (\S+)/, (m) => `案件 ${m[1]} は ${m[2]} と関連付けられていません。`],
  [/^request (\S+) has no unpaid fee/, (m) => `案件 ${m[1]} に未納の手数料はありません。`],
  [/^request (\S+) keeps no copy of what is disclosed/, (m) => `案件 ${m[1]} は開示するファイルが添付されていません。先に開示ファイルを添付してください。`],
  [/^request (\S+) has no encrypted package/, (m) => `案件 ${m[1]} は暗号化ファイルが作成されていません。先に作成してください。`],
  [/^request (\S+) cannot be approved: /, (m) => `案件 ${m[1]} の決定は、現在の決定の条件を満たさないため承認できません。差し戻してください。`],
  [/^request (\S+) waits on the requester after its identity was verified/,
    (m) => `案件 ${m[1]} は本人確認済みで、請求者の対応を待っています。本人確認不能（不受理）は、本人確認書類が届かなかった請求にだけ記録できます。`],
  [/^request (\S+) asked the requester to send the documents by (\d{4}-\d{2}-\d{2})/,
    (m) => `案件 ${m[1]} は ${day(m[2])} までの書類の提出を依頼しています。本人確認不能（不受理）は、その日を過ぎてから記録できます。`],
  [/^identity of request (\S+) \((.*)\) cannot be verified: missing or too old: (.*)$/,
    (m) => `案件 ${m[1]} は、本人確認に必要な書類が足りないか、有効期限・発行日が古すぎます${listed(m[3])}。`],
  [/^request (\S+) has no unpaid fee past its due date/, (m) => `案件 ${m[1]} には、納付期限を過ぎた未納の手数料はありません。`],
  [/^request (\S+) cannot be decided 'full': (.+?) objected/,
    (m) => `案件 ${m[1]} は ${m[2]} から「支障あり」の回答があるため、全部開示の決定はできません。一部開示または不開示とするか、再度照会して新しい回答を記録してください。`],
  [/^request (\S+) discloses receipts \(レセプト\) of a living person: (.+?) must be consulted/,
    (m) => `案件 ${m[1]} はご存命の方のレセプトの開示のため、先に医療機関（${m[2]}）への照会と回答の記録が必要です。`],
  [/^request (\S+) has no disclosure to hand over/, (m) => `案件 ${m[1]} には実施する開示がありません。`],
  [/^request (\S+) has an unpaid fee of (\d+) yen/, (m) => `案件 ${m[1]} は手数料 ${Number(m[2]).toLocaleString('ja-JP')}円が未納です。納付を記録してから開示を実施してください。`],
  [/^fee of request (\S+) is (\d+) yen, not (-?\d+)/, (m) => `案件 ${m[1]} の手数料は ${Number(m[2]).toLocaleString('ja-JP')}円です（入力された金額と異なります）。`],
  [/^request (\S+) has (\d+) files attached, the most/, (m) => `案件 ${m[1]} には既に上限の ${m[2]} 件のファイルが添付されています。`],
  [/^request (\S+) already has its encrypted package; a file attached now/, (m) => `案件 ${m[1]} は暗号化ファイルを作成済みのため、ファイルを追加できません。`],
  [/^request (\S+) is disclosed by '[^']*', not electronically/, (m) => `案件 ${m[1]} は電磁的記録による開示ではないため、暗号化ファイルは作成しません。`],
  [/^request (\S+) has no file attached \(disclosure_attach\) to package/, (m) => `案件 ${m[1]} には暗号化するファイルが添付されていません。先に開示ファイルを添付してください。`],
  [/^request (\S+) already has its package/, (m) => `案件 ${m[1]} の暗号化ファイルは作成済みです（パスワード通知書は一度だけ作成されます）。`],
  [/^request (\S+) is not waiting for the person to collect it/,
    (m) => `案件 ${m[1]} は窓口での受取・閲覧を待つ請求ではありません。開示の実施を記録してください。`],
  [/^request (\S+) may be collected until (\d{4}-\d{2}-\d{2})/,
    (m) => `案件 ${m[1]} は ${day(m[2])} まで受取・閲覧できます。未受領はその翌日から記録できます。`],
  [/^request (\S+) has no open consultation with (.+?); open: /, (m) => `案件 ${m[1]} には、${m[2]} への回答待ちの照会がありません。`],
  [/^request (\S+): \S+ is recorded only after (.+?)'s reply deadline \((\d{4}-\d{2}-\d{2})\) has passed/,
    (m) => `${m[2]} の回答期限（${day(m[3])}）を過ぎるまでは「回答なし」を記録できません。回答を待つか、督促してください。`],
  [/^request (\S+) already has an open consultation with (.+?) \(due (\d{4}-\d{2}-\d{2})\)/,
    (m) => `案件 ${m[1]} には既に ${m[2]} への照会があります（回答期限 ${day(m[3])}）。`],
  [/^consult on request (\S+): name the institution/, '照会先の医療機関を入力してください（受付時に記載された医療機関はすべて照会済みです）。'],
  [/^idempotency key '[^']*' was used for request (\S+) with another/,
    (m) => `この画面からの送信は、既に別の内容で案件 ${m[1]} に記録されています。画面を再読み込みしてから操作してください。`],
  [/^intake creates a request/, '受付はこの画面からは行えません。'],
  // Who may do what (workflow.cc, command_policy.cc, request_store.cc, read_handler.cc, command_server.cc).
  [new RegExp(`^role ${q} may not fire ${q} \\(request (\\S+)\\)`),
    (m) => `${role(m[1])}の役割では、案件 ${m[3]} に${event(m[2])}を行えません。`],
  [new RegExp(`^role ${q} may not take in requests`), (m) => `${role(m[1])}の役割では受付を行えません。`],
  [new RegExp(`^role ${q} may not run ${q}`), (m) => `${role(m[1])}の役割ではこの操作を行えません。`],
  [/^request (\S+) is assigned to (\S*), not to (\S+)$/,
    (m) => `案件 ${m[1]} の担当者は ${m[2] === 'nobody' ? '未割当' : m[2]} です（${m[3]} の担当ではありません）。`],
  [/^request (\S+) is assigned to (\S*); (?:\S+ may act only|reviewers see) /,
    (m) => `案件 ${m[1]} は ${m[2]} の担当です。審査担当は未割当の案件と自分の担当案件だけを扱えます。`],
  [/^four eyes: (\S+) decided request (\S+) and cannot approve/,
    (m) => `${m[1]} は案件 ${m[2]} の決定を行ったため、その決定を承認できません。他の管理者が承認してください。`],
  [/^a reviewer may claim a request only for themself/, '審査担当は自分自身にのみ割り当てられます。他の担当者への割当は管理者が行います。'],
  [/^(\S+) has no grant of personal-data access/, (m) => `${m[1]} には個人情報を閲覧する権限が付与されていません。システム管理者に付与を依頼してください。`],
  [/^signed in as (\S+), but the role is now (\S+)/,
    (m) => `ログイン後に役割が${role(m[1])}から${role(m[2])}に変更されました。もう一度ログインしてください。`],
  [/^user is disabled or unknown/, 'このユーザーは無効にされています。'],
  [/^the (report|dashboard) lists? the whole office|^the dashboard shows the whole office/, 'この画面は事務所全体の情報を表示するため、この役割では表示できません。'],
  [/^the letters of (?:request )?(\S+) hold personal data/, (m) => `案件 ${m[1]} の通知書には個人情報が含まれるため、この役割では表示できません。`],
  // Not found.
  [/^no request (\S+)$/, (m) => `受付番号 ${m[1]} の案件はありません。`],
  [/^no user (\S+) to give request (\S+) to/, (m) => `ユーザー ${m[1]} は登録されていないか、割り当てられる役割ではありません。`],
  [/^no user (\S+)/, (m) => `ユーザー ${m[1]} は登録されていません。`],
  [/^request (\S+) has no letter (\d+)/, (m) => `案件 ${m[1]} に通知書 ${m[2]} はありません。`],
  [/^the person is not on the list of protected persons/, 'この方は支援措置の対象者として登録されていません。'],
  [/^the person is already on the list of protected persons/, 'この方は既に支援措置の対象者として登録されています。'],
  // The engine and the web desk busy or unreachable (engine/web/, command_channel.cc).
  [/^too many failed sign-ins: this name is locked; try again in (\d+)/,
    (m) => `ログインの失敗が続いたため、このユーザー名は一時的にロックされています（約${Math.ceil(Number(m[1]) / 60)}分）。`],
  [/^too many failed sign-ins; try again in (\d+)/, (m) => `ログインの失敗が続いたため、${m[1]}秒待ってから再度お試しください。`],
  [/^too many sign-ins at once/, 'ログインの処理が混み合っています。少し待ってから再度お試しください。'],
  [/^the web desk is busy/, '只今混み合っています。少し待ってから再度お試しください。'],
  [/^the engine did not answer in time/, 'サーバーの応答がありませんでした。しばらくしてから再度お試しください。'],
  [/^the engine cannot be reached/, 'サーバーに接続できません。'],
  [/^the engine stopped taking writes/, 'サーバーが記録を停止しています。システム管理者に連絡してください。'],
  [/^the database stayed locked/, 'データベースが混み合っています。少し待ってから再度お試しください。'],
  [/^the database is full/, 'データベースの容量が不足しています。システム管理者に連絡してください。'],
  [/^sign in first/, 'ログインしてください。'],
  [/^missing or wrong CSRF token|^the sign-in form has expired/, '画面の有効期限が切れました。画面を再読み込みしてください。'],
  [/^a request from another origin is refused/, '他のサイトからの送信は受け付けません。'],
  [/^unsupported Content-Type/, '送信内容の形式が正しくありません。'],
  [/^the body must be a JSON object/, '送信内容の形式が正しくありません。'],
  [/^the body is larger than (\d+) bytes/, (m) => `送信内容が大きすぎます（上限 ${Math.floor(Number(m[1]) / 1024)} KiB）。`],
  [/^wrong user name or password/, 'ユーザー名またはパスワードが違います。'],
  [/^no (?:GET|POST) |^no page |^no asset /, '該当するページがありません。'],
];

// The detail of an error envelope's `error` in Japanese, or '' when the
// tables have none (then only errorText's sentence is shown). A validation
// message ("data of 'decide' is invalid: a: …; b: …") gives its field messages.
export function errorDetail(error) {
  const text = String(error?.message ?? '').trim();
  if (!text) return '';
  for (const [pattern, japanese] of ENGINE_MESSAGES) {
    const m = text.match(pattern);
    if (m) return typeof japanese === 'function' ? japanese(m) : japanese;
  }
  const own = ownJapanese(text);
  if (own) return own;
  const fields = fieldErrors(error);
  if (fields.length) return [...new Set(fields.map((f) => fieldMessageJa(f.message)))].join(' ');
  return '';
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

// A message the engine wrote in Japanese itself (the provision ledger's CSV
// lines, the bereaved family's rules), with "request ID" said as 案件 ID and an
// English lead-in ("consult on request ID: ") left out; '' when it is not one
// (it still starts with an English word). Codes inside it (a CSV file's column names)
// are the engine's on purpose and stay.
// The form of a request id is the engine's (meta's request_id_pattern, engine/core/request_id.h).
const REQUEST_ID = META.request_id_pattern ?? '[A-Za-z0-9-]+';  // without meta: any word
const LEAD_IN = new RegExp(`^[a-z_' ]+ on request (${REQUEST_ID}): `);
const REQUEST_NAMED = new RegExp(`\\brequest (${REQUEST_ID})\\s*`, 'g');

function ownJapanese(text) {
  if (!/[\u3040-\u30ff\u4e00-\u9fff]/.test(text)) return '';
  const said = text.replace(LEAD_IN, '').replace(REQUEST_NAMED, '案件 $1 ');
  return /^[A-Za-z']+[ :]/.test(said) ? '' : said;  // "data of …", "request …": English; "CSVファイルに…": Japanese
}

// A field message in Japanese; one the tables do not know is said in general
// words (a message already in Japanese, such as the CSV import's, is kept).
export function fieldMessageJa(message) {
  const text = String(message ?? '').trim();
  for (const [pattern, japanese] of FIELD_MESSAGES) {
    const m = text.match(pattern);
    if (m) return typeof japanese === 'function' ? japanese(m) : japanese;
  }
  for (const [pattern, japanese] of ENGINE_MESSAGES) {
    const m = text.match(pattern);
    if (m) return typeof japanese === 'function' ? japanese(m) : japanese;
  }
  return ownJapanese(text) || (/[A-Za-z]{3}/.test(text) || !text ? '入力内容が正しくありません。' : text);
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

// A second, hostile web site on another port of 127.0.0.1 (node's own http
// server): its one page, opened in the clerk's browser while the clerk is
// signed in to the desk, tries to make the desk take in a request. Cookies
// belong to a host, not to a port, so the desk's cookies go with these
// requests, and SameSite=Strict does not stop them (another port is the same
// site). What it tries, each with any CSRF token it can read from
// document.cookie put in the query string:
//   1. an HTML form POST with enctype text/plain whose one field is shaped
//      so that the body is the JSON of an intake;
//   2. fetch() with a text/plain body of that JSON (no preflight);
//   3. fetch() with an urlencoded body carrying that token as a form field.
// The page sets its title to "done" once all three have been sent.

import http from 'node:http';

// Arguments of an intake the desk would take from the clerk.
function intakeArgs(key) {
  return {record: {
    type: 'purpose_notice', channel: 'post', idempotency_key: key, categories: ['qualification'],
    requester: {name: '攻撃 太郎', kana: 'コウゲキ タロウ', birth_date: '1980-04-12', insured_symbol: '1234',
      insured_number: '56789', postal_code: '104-0031', address: '東京都中央区京橋1-1-1', phone: '03-1234-5678'},
    free_text: 'x',
  }};
}

function page(deskUrl) {
  // The form's one field: name + "=" + value is the JSON (the "=" lands inside free_text).
  const json = JSON.stringify(intakeArgs('csrf-form-0001'));
  const cut = json.indexOf('"free_text":"x"') + '"free_text":"x'.length;
  const fieldName = json.slice(0, cut);
  const fieldValue = json.slice(cut);
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html><html><head><meta charset="utf-8"><title>attacker</title></head><body>
<iframe name="sink" id="sink"></iframe>
<form id="attack" method="POST" enctype="text/plain" target="sink">
  <input type="hidden" name="${escape(fieldName)}" value="${escape(fieldValue)}">
</form>
<script>
const desk = ${JSON.stringify(deskUrl)};
const token = (document.cookie.match(/(?:^|; *)madoguchi_csrf=([^;]*)/) || [])[1] || 'none';
const form = document.getElementById('attack');
form.action = desk + '/api/intake?csrf=' + encodeURIComponent(token);
const framed = new Promise((resolve) => { document.getElementById('sink').onload = resolve; setTimeout(resolve, 5000); });
form.submit();
const sent = [
  fetch(desk + '/api/intake?csrf=' + encodeURIComponent(token), {method: 'POST', mode: 'no-cors', credentials: 'include',
    headers: {'Content-Type': 'text/plain'}, body: ${JSON.stringify(JSON.stringify(intakeArgs('csrf-fetch-0002')))}}),
  fetch(desk + '/api/intake', {method: 'POST', mode: 'no-cors', credentials: 'include',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: 'csrf=' + encodeURIComponent(token) + '&record=' + encodeURIComponent(${JSON.stringify(JSON.stringify(intakeArgs('csrf-form-0003').record))})}),
];
Promise.allSettled([framed, ...sent]).then(() => { document.title = 'done'; });
</script></body></html>`;
}

// Serves the page on 127.0.0.1 and a free port; answers {url, close}.
export async function startAttackerSite(deskUrl) {
  const server = http.createServer((req, res) => {
    res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store'});
    res.end(page(deskUrl));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address();
  return {url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(resolve))};
}

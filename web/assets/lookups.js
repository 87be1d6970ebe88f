// Lists the engine provides to choose from, each fetched once per page:
//   categories()  GET /api/categories → the content of config/data-categories.json
//                 ({source, retained_data_note, categories: [{id, name, purposes}]})
//   reviewers()   POST /api/users {"role": "reviewer"} → {items: [{name, role}]}
// Each answers the envelope; on failure the pages fall back (e.g. a text box).

import {call, getJson} from './api.js';

let categoriesPromise = null;
let reviewersPromise = null;

export function categories() {
  categoriesPromise ??= getJson('/api/categories');
  return categoriesPromise;
}

export function reviewers() {
  reviewersPromise ??= call('users', {role: 'reviewer'});
  return reviewersPromise;
}

// id → Japanese name, from a categories() result (empty map when it failed).
export function categoryNames(reply) {
  const map = new Map();
  for (const c of reply?.ok ? reply.result.categories ?? [] : []) map.set(c.id, c.name);
  return map;
}

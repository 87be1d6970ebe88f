// The limits of the event forms, from each event's data schema
// (schemas/events/<event>.schema.json, served by GET /api/event-schemas with
// its references inlined): the longest text (maxLength), the range of a number
// (minimum, maximum), which fields are required, and which choices there are
// (enum). event-specs.js keeps the labels, layout and Japanese hints, and the
// rules that depend on the request or on other fields (requiredIf, dates no
// later than today); it holds no number a schema states.
//
// A spec field's name is the schema's property ('reason'), or a path into an
// object property ('address_on_documents.postal_code'); a list's limits are
// its items' (`items.maxLength`), a group's sub-fields are its items' properties.

import {getJson} from './api.js';

async function loadEventSchemas() {
  const reply = await getJson('/api/event-schemas');
  // Without the schemas the forms still draw; the engine still checks every limit.
  return reply.ok ? reply.result : {};
}

// {event: schema} (schemas/events/*.schema.json).
export const EVENT_SCHEMAS = await loadEventSchemas();

// The schema of property `path` ('a' or 'a.b') of an object schema, and
// whether it is required where it sits; null when the schema names no such property.
export function propertyOf(schema, path) {
  let node = schema;
  let required = true;
  for (const name of String(path).split('.')) {
    const property = node?.properties?.[name];
    if (!property) return null;
    required = required && (node.required ?? []).includes(name);
    node = property;
  }
  return {schema: node, required};
}

// The choices `options` ({value: label}) that the schema allows, when it names them.
function allowedOptions(options, property) {
  const allowed = property.enum ?? property.items?.enum;
  if (!Array.isArray(allowed) || typeof options !== 'object' || options === null) return options;
  return Object.fromEntries(Object.entries(options).filter(([value]) => allowed.includes(value)));
}

// `field` with what `property` (its place in the schema) says of it; what the
// spec says itself (a narrower rule of the desk) stays.
function withProperty(field, property) {
  if (!property) return field;
  const {schema, required} = property;
  const values = schema.type === 'array' && schema.items && field.kind !== 'group' ? schema.items : schema;
  const out = {...field};
  if (required) out.required = true;
  if (out.maxLength === undefined && values.maxLength !== undefined) out.maxLength = values.maxLength;
  if (out.min === undefined && values.minimum !== undefined) out.min = values.minimum;
  if (out.max === undefined && values.maximum !== undefined) out.max = values.maximum;
  if (out.options && typeof out.options !== 'function') out.options = allowedOptions(out.options, schema);
  // A file travels in base64: 4 characters for every 3 bytes.
  if (field.kind === 'file' && values.maxLength !== undefined) out.maxBytes = Math.floor(values.maxLength / 4) * 3;
  if (field.kind === 'group' && Array.isArray(field.item) && schema.items) {
    out.item = field.item.map((sub) => withProperty(sub, propertyOf(schema.items, sub.name)));
  }
  return out;
}

// The fields of `event`'s form with the limits of its schema.
export function withSchemaLimits(event, fields) {
  const schema = EVENT_SCHEMAS[event];
  if (!schema) return fields;
  return fields.map((field) => withProperty(field, propertyOf(schema, field.name)));
}

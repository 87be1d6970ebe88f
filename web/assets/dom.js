// Building DOM nodes without innerHTML: every text the server sends goes in
// as a text node, so a name or a free text can never become markup.
//
//   h('td', {class: 'num', 'data-testid': 'x', onclick: fn}, 'text', otherNode, [more, nodes])
//
// Props: `class`, `dataset` (object), `on<event>` (listener), boolean
// attributes as true/false, anything else as an attribute (null/undefined/false skip it).
// Children: strings, numbers, nodes, arrays of them; null/undefined/false are skipped.

export function h(tag, props = {}, ...children) {
  const node = tag.includes(':')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(tag.indexOf(':') + 1))
    : document.createElement(tag);
  setProps(node, props ?? {});
  append(node, children);
  return node;
}

// SVG elements: svg('rect', {x: 0, y: 0, width: 10, height: 10}).
export function svg(tag, props = {}, ...children) {
  return h(`svg:${tag}`, props, ...children);
}

export function append(node, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Replaces all children of `node`.
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

function setProps(node, props) {
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'value' && 'value' in node && !(node instanceof SVGElement)) {
      node.value = value;
    } else if (key === 'checked' || key === 'selected') {
      node[key] = Boolean(value);
      if (value) node.setAttribute(key, '');
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

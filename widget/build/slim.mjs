// Shrinks the widget's wasm and its JS glue after `wasm-bindgen` (and Trunk's `wasm-opt -Oz`):
//
// 1. Drops exports nothing uses: the `IntoUnderlying*` classes of `wasm-streams` (pulled in by
//    Leptos' server functions, which the widget never calls) and wasm-split's marker. Their JS
//    classes go too. `wasm-opt -Oz` then removes the code that only they reached.
// 2. Renames every import and export to a name of one or two letters (binaryen's
//    `--minify-imports-and-exports-and-modules`) and the glue to match: wasm-bindgen's names
//    carry a 16-digit hash each, which gzip can't compress.
// 3. Removes the glue's import functions the optimised wasm no longer imports, and the custom
//    sections (producers, target features) the browser ignores.
//
// Every rewrite of the glue is checked: the build fails rather than ship a glue that doesn't
// match its wasm (wasm-bindgen is pinned, so its output's shape only changes on purpose).
//
// Usage: node slim.mjs GLUE.js MODULE_bg.wasm   (both rewritten in place; wasm-opt on PATH)

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';

const [jsPath, wasmPath] = process.argv.slice(2);
if (!jsPath || !wasmPath) fail('usage: node slim.mjs GLUE.js MODULE_bg.wasm');

// JS classes (and so wasm exports) the widget never uses; those the glue has are dropped.
const UNUSED_CLASSES = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];

let js = readFileSync(jsPath, 'utf8');
const unusedClasses = UNUSED_CLASSES.filter((cls) => {
  const found = new RegExp(`^export class ${cls} \\{$`, 'm').test(js);
  if (!found && process.env.SLIM_EXPECT_UNUSED !== '0') {
    console.error(`slim: the glue has no class ${cls} any more: drop it from the list`);
  }
  return found;
});
const unusedExport = (name) =>
  /^_WASM_SPLIT_MARKER_/.test(name) ||
  unusedClasses.some((cls) => {
    const prefix = cls.toLowerCase();
    return name.startsWith(prefix + '_') || name === `__wbg_${prefix}_free`;
  });

function fail(message) {
  console.error(`slim: ${message}`);
  process.exit(1);
}

// --- wasm binary helpers --------------------------------------------------------------------

function readSections(bytes) {
  if (bytes.readUInt32LE(0) !== 0x6d736100) fail(`${wasmPath} is not a wasm module`);
  const sections = [];
  let pos = 8;
  while (pos < bytes.length) {
    const start = pos;
    const id = bytes[pos++];
    const [size, sizeLen] = readLeb(bytes, pos);
    pos += sizeLen;
    const body = bytes.subarray(pos, pos + size);
    sections.push({ id, body, raw: bytes.subarray(start, pos + size) });
    pos += size;
  }
  return sections;
}

function readLeb(bytes, pos) {
  let value = 0;
  let shift = 0;
  let len = 0;
  let byte;
  do {
    byte = bytes[pos + len++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, len];
}

function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

function section(id, body) {
  return Buffer.concat([Buffer.from([id]), leb(body.length), body]);
}

/** The module with the exports `drop` selects removed; custom sections kept or not. */
function rewriteModule(bytes, drop, keepCustom) {
  const parts = [bytes.subarray(0, 8)];
  const dropped = [];
  for (const { id, body, raw } of readSections(bytes)) {
    if (id === 0 && !keepCustom) continue; // producers, target_features… (no names by now)
    if (id !== 7) {
      parts.push(raw);
      continue;
    }
    let pos = 0;
    const [count, countLen] = readLeb(body, pos);
    pos += countLen;
    const kept = [];
    for (let i = 0; i < count; i++) {
      const start = pos;
      const [nameLen, nameLenLen] = readLeb(body, pos);
      pos += nameLenLen;
      const name = body.subarray(pos, pos + nameLen).toString('utf8');
      pos += nameLen + 1; // name, kind
      pos += readLeb(body, pos)[1]; // index
      if (drop(name)) dropped.push(name);
      else kept.push(body.subarray(start, pos));
    }
    parts.push(section(7, Buffer.concat([leb(kept.length), ...kept])));
  }
  return { bytes: Buffer.concat(parts), dropped };
}

function wasmOpt(args, options = {}) {
  return execFileSync('wasm-opt', args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
}

// --- the glue -------------------------------------------------------------------------------

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Replacements are functions throughout: minified names may contain `$`, which a replacement
// string would read as a pattern.
function replaceExactlyOnce(text, pattern, replace, what) {
  const matches = text.match(new RegExp(pattern.source, pattern.flags.replace('g', '') + 'g'));
  if (!matches || matches.length !== 1) {
    fail(`expected one ${what} in the glue, found ${matches ? matches.length : 0}`);
  }
  return text.replace(pattern, replace);
}

function dropClass(js, cls) {
  js = replaceExactlyOnce(
    js,
    new RegExp(`^export class ${cls} \\{\\n[\\s\\S]*?^\\}\\n`, 'm'),
    () => '',
    `class ${cls}`,
  );
  js = replaceExactlyOnce(
    js,
    new RegExp(`^if \\(Symbol\\.dispose\\) ${cls}\\.prototype\\[Symbol\\.dispose\\] = .*\\n`, 'm'),
    () => '',
    `dispose hook of ${cls}`,
  );
  js = replaceExactlyOnce(
    js,
    new RegExp(`^const ${cls}Finalization = [^;]*;\\n`, 'm'),
    () => '',
    `finalization registry of ${cls}`,
  );
  if (new RegExp(`\\b${cls}\\b`).test(js)) fail(`the glue still refers to ${cls}`);
  return js;
}

/** The import object's entries: `        name: function…` up to the next entry, by name. */
function importEntries(js) {
  const open = js.match(/^ {4}const (import\d+) = \{\n {8}__proto__: null,\n/m);
  if (!open) fail('no import object in the glue');
  const start = open.index + open[0].length;
  const end = js.indexOf('\n    };\n', start);
  if (end < 0) fail('the import object has no end');
  const body = js.slice(start, end + 1);
  const entries = [];
  const re = /^ {8}([A-Za-z_$][\w$]*): /gm;
  let match;
  while ((match = re.exec(body))) entries.push({ name: match[1], at: match.index });
  entries.forEach((entry, i) => {
    entry.text = body.slice(entry.at, i + 1 < entries.length ? entries[i + 1].at : body.length);
  });
  return { objectName: open[1], start, end: end + 1, entries };
}

// --- main -----------------------------------------------------------------------------------

for (const cls of unusedClasses) js = dropClass(js, cls);

// 1. Unused exports out, then let wasm-opt remove what only they reached.
const original = readFileSync(wasmPath);
// Custom sections stay for now: wasm-opt reads the features the module uses from one.
const { bytes: trimmed, dropped } = rewriteModule(original, unusedExport, true);
const tmp = `${wasmPath}.slim.wasm`;
writeFileSync(tmp, trimmed);
// -Oz again on the whole module: the removal frees more than the dropped functions themselves.
// Flattening and re-looping the control flow first lets -Oz find about 1 % more to shrink
// (measured: 96.6 → 95.4 KB gzip for the widget); --converge repeats until nothing changes.
wasmOpt([tmp, '--flatten', '--rereloop', '-Oz', '-Oz', '--converge', '-o', tmp]);

// 2. Short names. The mapping arrives on stdout as JSON: {imports: [[module, name, new]…],
//    exports: [[name, new]…]}.
const mapping = JSON.parse(
  wasmOpt([tmp, '--minify-imports-and-exports-and-modules', '-o', tmp]),
);
// -Oz once more: with the short names it finds a little more to merge (about 0.3 KB gzip).
wasmOpt([tmp, '-Oz', '--converge', '-o', tmp]);
const finalBytes = rewriteModule(readFileSync(tmp), () => false, false).bytes;
rmSync(tmp);

const modules = new Set(mapping.imports.map(([module]) => module));
if (modules.size !== 1) fail(`expected imports from one module, found ${[...modules].join(', ')}`);
const [oldModule] = modules;
const newModules = new Set(
  WebAssembly.Module.imports(new WebAssembly.Module(finalBytes)).map((i) => i.module),
);
if (newModules.size !== 1) fail('the minified module imports from more than one module');
const [newModule] = newModules;

// Imports: keep the entries still imported, under their new names; drop the rest.
const importMap = new Map(mapping.imports.map(([, name, short]) => [name, short]));
const table = importEntries(js);
let body = '';
for (const entry of table.entries) {
  const short = importMap.get(entry.name);
  if (short === undefined) continue; // no longer imported
  body += entry.text.replace(`        ${entry.name}: `, () => `        ${short}: `);
  importMap.delete(entry.name);
}
if (importMap.size) fail(`the glue doesn't provide ${[...importMap.keys()].join(', ')}`);
js = js.slice(0, table.start) + body + js.slice(table.end);
js = replaceExactlyOnce(
  js,
  new RegExp(`^( {8})"${escape(oldModule)}": ${table.objectName},$`, 'm'),
  (_, indent) => `${indent}${JSON.stringify(newModule)}: ${table.objectName},`,
  'import module',
);

// Exports: every `wasm.name` the glue uses must still exist, under its new name.
const exportMap = new Map(mapping.exports);
js = js.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (_, name) => {
  const short = exportMap.get(name);
  if (short === undefined) fail(`the glue uses export ${name}, which the wasm no longer has`);
  return `wasm.${short}`;
});

writeFileSync(wasmPath, finalBytes);
writeFileSync(jsPath, js);
console.error(
  `slim: dropped ${dropped.length} exports; wasm ${original.length} → ${finalBytes.length} B`,
);

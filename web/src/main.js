// The page: pick, drop or paste a photo; colorize it here with LiteRT.js; before/after, vibrance, PNG download.
import {loadLiteRt} from '@litertjs/core';
import {Colorizer} from './colorizer.js';

const $ = (id) => document.getElementById(id);
const stats = (window.colorizeStats = {});  // timings, read by tests and bench/web.py
let colorizer, current;

function say(text, error = false) { $('message').textContent = text; $('message').classList.toggle('error', error); }
const vibranceToTemperature = (v) => Math.round((1.1 - v) * 100) / 100;  // higher vibrance: more colourful
const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

async function start() {
  const t0 = performance.now();
  const [cfg, model] = await Promise.all([
    fetch('model/web.json').then((r) => r.json()),
    fetch('model/model.tflite').then((r) => r.arrayBuffer()),
    loadLiteRt('wasm/')]);
  colorizer = new Colorizer(new Uint8Array(model), cfg);
  $('vibrance').value = 1.1 - cfg.temperature;
  $('vibrance-value').textContent = Number($('vibrance').value).toFixed(2);
  $('version').textContent = cfg.version;
  for (const [name, file] of Object.entries(cfg.examples)) {
    const b = document.createElement('button');
    b.innerHTML = `<img src="examples/${file}" alt="${name}">`;
    b.title = name;
    b.onclick = async () => open(new File([await (await fetch(`examples/${file}`)).blob()], file));
    $('examples').append(b);
  }
  stats.loadMs = performance.now() - t0;
  say('Ready: drop, paste or choose a black-and-white photo.');
}

async function open(file) {
  if (!colorizer) return say('The model is still loading; try again in a moment.', true);
  const t0 = performance.now();
  let bitmap;
  try { bitmap = await createImageBitmap(file, {imageOrientation: 'from-image', colorSpaceConversion: 'none', premultiplyAlpha: 'none'}); }
  catch { return say(`${file.name || 'This file'} is not an image this browser can read.`, true); }
  const {width: w, height: h} = bitmap;
  if (w * h > colorizer.cfg.max_pixels) {
    bitmap.close();
    return say(`${file.name}: ${w} × ${h} is ${(w * h / 1e6).toFixed(1)} megapixels, over this page's limit of ${colorizer.cfg.max_pixels / 1e6}.`, true);
  }
  say(`Colorizing ${file.name} (${w} × ${h})…`);
  await frame();
  for (const c of [$('before'), $('after')]) { c.width = w; c.height = h; }
  const ctx = $('before').getContext('2d', {willReadFrequently: true});
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = ctx.getImageData(0, 0, w, h).data;
  current = {name: file.name || 'photo', rgba, w, h, prepared: null};
  await render();
  stats.last = {ms: performance.now() - t0, width: w, height: h};
}

async function render() {
  const {rgba, w, h} = current, t0 = performance.now();
  try {
    const {rgba: out, prepared} = await colorizer.colorize(rgba, h, w, vibranceToTemperature(Number($('vibrance').value)), current.prepared);
    current.prepared = prepared;
    $('after').getContext('2d').putImageData(new ImageData(out, w, h), 0, 0);
  } catch (e) {  // hide the canvases and the link: they would show or save another photo's result
    $('compare').hidden = $('controls').hidden = true;
    return say(`Could not colorize ${current.name}: ${e.message || e}`, true);
  }
  $('compare').hidden = $('controls').hidden = false;
  const blob = await new Promise((r) => $('after').toBlob(r, 'image/png'));
  const link = $('download');
  if (link.href) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(blob);
  link.download = current.name.replace(/\.[^.]*$/, '') + '_color.png';
  say(`${current.name}: ${w} × ${h}, colorized in ${((performance.now() - t0) / 1000).toFixed(2)} s.`);
}

$('file').onchange = (e) => { const f = e.target.files[0]; e.target.value = ''; if (f) open(f); };  // the same file again works too
$('split').oninput = (e) => { $('before').style.clipPath = `inset(0 ${100 - e.target.value}% 0 0)`; };
$('vibrance').onchange = () => { $('vibrance-value').textContent = Number($('vibrance').value).toFixed(2); if (current) render(); };
const drop = $('drop');
drop.ondragover = (e) => { e.preventDefault(); drop.classList.add('over'); };
drop.ondragleave = () => drop.classList.remove('over');
drop.ondrop = (e) => { e.preventDefault(); drop.classList.remove('over'); if (e.dataTransfer.files[0]) open(e.dataTransfer.files[0]); };
document.onpaste = (e) => { const f = [...e.clipboardData.files][0]; if (f) open(f); };
start().catch((e) => say(`The model could not be loaded: ${e.message || e}`, true));

"""The browser page's speed: from page load to ready (model and LiteRT.js loaded), and a 1-megapixel and a 12-megapixel
photo from upload to the download link, in headless Chromium (WebAssembly, this machine's cores), beside the Python
`Colorizer` (LiteRT) on the same photos in the same run. Peak memory of the tab's renderer comes from Chromium.

    python bench/web.py [--site DIR] [--model FOLDER] [--runs 3] [--json FILE]
With a hint model (`--model`, or a site built with one), also on the 1-megapixel photo: from a click on the photo to the
updated result, and from a vibrance move to the updated result (medians), after the first result.
"""
import argparse, json, shutil, statistics, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from inference import SIZES, make_photo, run_worker

def browser_times(site, photos, runs):
    "Seconds to a ready page, and per photo the median seconds from upload to result, with the tab's peak JS heap."
    from playwright.sync_api import sync_playwright
    from colorize.web import serve
    server, url = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which('chromium'), args=['--no-sandbox', '--enable-precise-memory-info'])
            page = browser.new_page()
            t = time.perf_counter()
            page.goto(url + '/index.html')
            page.wait_for_function("document.querySelector('#message').textContent.startsWith('Ready')", timeout=300_000)
            out = {'ready': time.perf_counter() - t}
            for name, photo in photos.items():
                times = []
                for _ in range(runs + 1):  # the first also compiles the model for this shape
                    page.evaluate("document.querySelector('#message').textContent = ''")
                    t = time.perf_counter()
                    page.set_input_files('#file', str(photo))
                    page.wait_for_function(f"document.querySelector('#message').textContent.includes('colorized') || "
                                           "document.querySelector('#message').classList.contains('error')", timeout=300_000)
                    times.append(time.perf_counter() - t)
                    if 'colorized' not in page.text_content('#message'): raise SystemExit(page.text_content('#message'))
                heap = page.evaluate('performance.memory.jsHeapSizeLimit && performance.memory.usedJSHeapSize') / 1e6
                out[name] = dict(first=times[0], median=statistics.median(times[1:]), heap_mb=heap)
                if name == '1MP' and page.is_visible('#hints'): out['hints'] = hint_times(page, runs)
            browser.close()
    finally: server.kill()
    return out

def hint_times(page, runs):
    "Median seconds from a click on the photo to the result with that hint, and from a vibrance move to its result."
    page.set_viewport_size({'width': 900, 'height': 1400})
    clicks, slides = [], []
    for i in range(runs):
        box = page.locator('#after').bounding_box()
        n = page.evaluate('JSON.parse(window.colorizeStats.shown.hints).length')
        t = time.perf_counter()
        page.mouse.click(box['x'] + box['width'] * (0.2 + 0.2 * i), box['y'] + min(box['height'], 1400 - box['y']) * 0.3)
        page.wait_for_function(f"JSON.parse(window.colorizeStats.shown.hints).length === {n + 1}", timeout=120_000)
        clicks.append(time.perf_counter() - t)
        before = page.evaluate('window.colorizeStats.renderMs')
        t = time.perf_counter()
        page.evaluate(f"(() => {{ const v = document.querySelector('#vibrance'); v.value = {0.3 + 0.1 * i}; v.dispatchEvent(new Event('change')); }})()")
        page.wait_for_function(f"window.colorizeStats.renderMs !== {before}", timeout=120_000)
        slides.append(time.perf_counter() - t)
    return dict(click=statistics.median(clicks), slider=statistics.median(slides))

def measure(site=None, model=None, runs=3) -> dict:
    "Every figure of this benchmark as a dict; Python's are `bench/inference.py`'s (decode, colorize, encode JPEG)."
    tmp = Path(tempfile.mkdtemp())
    if not site:
        from colorize.web import build_site
        site = tmp/'site'; build_site(site, model)
    photos = {name: make_photo(tmp, name, size) for name, size in SIZES.items()}
    out = browser_times(site, photos, runs)
    out.update(runs=runs, model_mb=Path(site, 'model', 'model.tflite').stat().st_size / 1e6,
               python={k: run_worker(str(model) if model else '-', 'litert', p, runs, 0)['median'] for k, p in photos.items()})
    return out

def report(r:dict):
    "Print what `measure` found."
    print(f"page load to ready (model {r['model_mb']:.1f} MB, LiteRT.js WebAssembly): {r['ready']:.2f} s")
    print("| photo | page: first (compiles for the shape) | page: median | Python Colorizer | page JS heap after |\n|---|---|---|---|---|")
    for name in SIZES:
        w = r[name]
        print(f"| {name} | {w['first']:.2f} s | {w['median']:.2f} s | {r['python'][name]:.2f} s | {w['heap_mb']:.0f} MB |")
    if 'hints' in r:
        print(f"\n1MP with hints, after the first result: a click to the updated result {r['hints']['click']:.2f} s, "
              f"a vibrance move {r['hints']['slider']:.2f} s (medians of {r['runs']}; goals ≤ 0.4 s and ≤ 0.2 s)")

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--site', help='a built site (default: build one with colorize-web)')
    ap.add_argument('--model', help='model folder to build the site with (default: the bundled model)')
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--json', help='also write the figures to this file')
    a = ap.parse_args()
    r = measure(a.site, a.model, a.runs); report(r)
    if a.json: Path(a.json).write_text(json.dumps(r, indent=1))

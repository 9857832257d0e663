"""The README's screenshots of the static page and the web app with three colour hints, made with the bundled model
(or `--model`): a grayed autochrome, its hints taken from the original's colours, as the model card's portraits.

    python bench/screenshots.py [--model FOLDER] [--out nbs/images]
Needs Chromium (apt-get install chromium), npm for the page, and the `[app]` extra; writes `web_hints.jpg` and
`app_hints.jpg`. Not a benchmark: it lives here beside the scripts that make the other figures.
"""
import argparse, io, json, re, shutil, sys, tempfile
from pathlib import Path
import numpy as np
from PIL import Image
sys.path.insert(0, str(Path(__file__).parent))
from app_load import free_port  # noqa: E402

AUTOCHROME = Path(__file__).parent.parent.parent/'shared'/'data'/'historical'/'old_h.png'
POINTS = ((50, 100), (225, 300), (60, 380))  # background, beard, coat (the model card's)

def photo_and_hints(folder):
    "The grayed autochrome in `folder` and its hints: the original's mean colour over 5 × 5 px at each point."
    rgb = np.asarray(Image.open(AUTOCHROME).convert('RGB'))
    from colorize.hints import colour_hex
    hex_at = lambda x, y: colour_hex(rgb[y - 2:y + 3, x - 2:x + 3].reshape(-1, 3).mean(0))
    path = Path(folder)/'autochrome.png'; Image.fromarray(rgb).convert('L').save(path)
    return path, rgb.shape[1], rgb.shape[0], [((x, y), hex_at(x, y)) for x, y in POINTS]

def shoot(page, out):
    "Save a full-page screenshot of `page` as a JPEG at `out`."
    Image.open(io.BytesIO(page.screenshot(full_page=True))).convert('RGB').save(out, quality=85)
    print(f"wrote {out}")

def page_shot(browser, model, photo, w, h, points, out):
    "The static page: upload, then a click and a colour per hint, waiting for each result."
    from colorize.web import build_site, serve
    site = Path(tempfile.mkdtemp())/'site'; build_site(site, model)
    server, url = serve(site)
    try:
        page = browser.new_page(viewport={'width': 800, 'height': 1500})
        page.goto(url + '/index.html')
        page.wait_for_function("document.querySelector('#message').textContent.startsWith('Ready')", timeout=300_000)
        page.set_input_files('#file', str(photo))
        shown = lambda n: f"(s => s && s.name === {json.dumps(photo.name)} && JSON.parse(s.hints).length === {n})(window.colorizeStats.shown)"
        page.wait_for_function(shown(0), timeout=120_000)
        for n, ((x, y), c) in enumerate(points, 1):
            box = page.locator('#after').bounding_box()
            page.mouse.click(box['x'] + (x + 0.5) * box['width'] / w, box['y'] + (y + 0.5) * box['height'] / h)
            page.wait_for_function(shown(n), timeout=120_000)
            page.fill('#hint-colour', c)
            page.wait_for_function(f"JSON.parse(window.colorizeStats.shown.hints)[{n - 1}].color === {json.dumps(c)}", timeout=120_000)
        shoot(page, out)
    finally: server.kill()

def app_shot(browser, model, photo, w, h, points, out):
    "The web app: upload and colorize, then per hint a colour and a click, waiting for the picture to show each dot."
    from playwright.sync_api import expect
    from colorize.app import AppConfig, serve
    port = free_port()
    demo = serve(AppConfig(model=model), port=port, prevent_thread_lock=True, quiet=True)
    try:
        page = browser.new_page(viewport=dict(width=1280, height=1600))
        page.goto(f'http://127.0.0.1:{port}/')
        page.locator('#photo input[type=file]').set_input_files(str(photo)); page.locator('#colorize').click()
        expect(page.locator('#hint_view img')).to_have_count(1, timeout=120_000)
        for n, ((x, y), c) in enumerate(points, 1):
            before = page.locator('#hint_view img').get_attribute('src')
            page.locator('#hint_colour button.dialog-button').click()
            field = page.locator('#hint_colour .color-picker input[type=text]')
            field.fill(c); field.press('Enter'); page.keyboard.press('Escape')
            box = page.locator('#hint_view img').bounding_box()
            page.locator('#hint_view img').click(position=dict(x=x * box['width'] / w, y=y * box['height'] / h))
            expect(page.locator('#hints textarea')).to_have_value(re.compile('"color"' + '.*"color"' * (n - 1), re.S), timeout=60_000)
            page.wait_for_function("s => document.querySelector('#hint_view img') && document.querySelector('#hint_view img').getAttribute('src') !== s",
                                   arg=before, timeout=120_000)
        page.wait_for_timeout(3000)  # the before/after view catches up with the last hint
        shoot(page, out)
    finally: demo.close()

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--model', default=None, help='model folder (default: the bundled model)')
    ap.add_argument('--out', default=str(Path(__file__).parent.parent/'nbs'/'images'))
    a = ap.parse_args()
    if not AUTOCHROME.exists(): sys.exit(f"needs the shared data: {AUTOCHROME} is missing")
    from playwright.sync_api import sync_playwright
    photo, w, h, points = photo_and_hints(tempfile.mkdtemp())
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which('chromium'), args=['--no-sandbox'])
        page_shot(browser, a.model, photo, w, h, points, Path(a.out)/'web_hints.jpg')
        app_shot(browser, a.model, photo, w, h, points, Path(a.out)/'app_hints.jpg')
        browser.close()

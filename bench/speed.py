"""The figures of every speed table in the README, from one run: Python (`bench/inference.py`), the browser page
(`bench/web.py`) and the web app under load (`bench/app_load.py`), on the same machine one after the other, written to
one JSON file that `nbs/index.ipynb` makes its tables from.

    python bench/speed.py [--model FOLDER] [--hint_model FOLDER] [--out nbs/results/speed.json]
`--hint_model` also times a model that takes hints (Python and the page, with and without hints) when `--model` does not
(a main model that takes hints is timed with and without them anyway).
Run it on an otherwise idle machine (pause any training: `kill -STOP PID`, then `kill -CONT PID`); the file records
the load average before and after, so a busy run shows.
"""
import argparse, datetime, json, os, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
import app_load, inference, web  # noqa: E402

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--model', help='model folder (default: the bundled model)')
    ap.add_argument('--hint_model', help='also time this model with hints (when the main one takes none)')
    ap.add_argument('--out', default=str(Path(__file__).parent.parent/'nbs'/'results'/'speed.json'))
    a = ap.parse_args()
    t = time.time()
    r = dict(date=datetime.date.today().isoformat(), cores=os.cpu_count(), load_before=os.getloadavg()[0])
    print('--- Python (bench/inference.py)'); r['python'] = inference.measure(a.model); inference.report(r['python'])
    print('\n--- the page (bench/web.py)'); r['web'] = web.measure(model=a.model); web.report(r['web'])
    if a.hint_model:
        from colorize.spec import read_spec
        r['hint_model'] = read_spec(a.hint_model).to_json()
        kept = Path(__file__).parent.parent/'weights'/'hints.json'  # the branch's latest epoch, which the model was exported from
        if r['hint_model'].get('hint_branch') == 'hints.npz' and kept.exists(): r['hint_branch'] = json.loads(kept.read_text())
        print('\n--- Python, the hint model'); r['python_hints'] = inference.measure(a.hint_model); inference.report(r['python_hints'])
        print('\n--- the page, the hint model'); r['web_hints'] = web.measure(model=a.hint_model); web.report(r['web_hints'])
    elif r['python']['hints']:  # the main model takes hints: its figures are the hint model's too
        from colorize.inference import BUNDLED
        from colorize.spec import read_spec
        r['hint_model'] = read_spec(a.model or BUNDLED).to_json(); r['python_hints'], r['web_hints'] = r['python'], r['web']
    print('\n--- the app (bench/app_load.py)'); r['app'] = app_load.measure(); app_load.report(r['app'])
    r.update(load_after=os.getloadavg()[0], seconds=time.time() - t)
    Path(a.out).write_text(json.dumps(r, indent=1) + '\n')
    print(f"\nwrote {a.out} ({r['seconds']:.0f} s; load average {r['load_before']:.2f} before, {r['load_after']:.2f} after)")

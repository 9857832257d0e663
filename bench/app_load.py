"""Web app under load: start a local `colorize-app`, time start to first answer, one request alone (the baseline),
then N concurrent 1-megapixel requests through `gradio_client`; print p50/p95 latency, failures and the server's peak
memory.

    python bench/app_load.py [--requests 20] [--concurrency 2] [--python PYTHON] [--space]
`--python` runs the server with another environment's interpreter (e.g. a fresh venv with `pip install ".[app]"`,
as on Spaces); `--space` starts it through the Spaces entry point `deploy/spaces/app.py` (port 7860, the default limits).
Peak memory is the server process's high-water mark (VmHWM, Linux).
"""
import argparse, socket, statistics, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from gradio_client import Client, handle_file

sys.path.insert(0, str(Path(__file__).parent))
from inference import make_photo  # noqa: E402  (the same 1 MP photo as the inference benchmark)

def free_port() -> int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def peak_mb(pid:int) -> float:
    "Peak resident memory of a process, from /proc."
    for line in Path(f'/proc/{pid}/status').read_text().splitlines():
        if line.startswith('VmHWM:'): return int(line.split()[1]) / 1024
    return float('nan')

def wait_for_answer(url, photo, server, timeout=120):
    "Return once the app has answered a first colorize request."
    t0 = time.time()
    while time.time() - t0 < timeout:
        if server.poll() is not None: raise SystemExit(f"the server exited with {server.returncode}")
        try: Client(url, verbose=False).predict(handle_file(str(photo)), 0.5, api_name='/colorize'); return
        except Exception: time.sleep(0.2)  # not listening yet
    raise SystemExit(f"no answer from {url} in {timeout} s")

def measure(requests=20, concurrency=2, python=sys.executable, space=False) -> dict:
    "Every figure of this benchmark as a dict (`failures` holds the first few errors' messages)."
    photo = make_photo(tempfile.mkdtemp(), '1MP', (1155, 866))
    port = 7860 if space else free_port(); url = f'http://127.0.0.1:{port}/'
    entry = Path(__file__).resolve().parent.parent/'deploy'/'spaces'/'app.py'
    cmd = [str(entry)] if space else ['-m', 'colorize.app', '--port', str(port), '--concurrency', str(concurrency)]
    t_start = time.time()
    server = subprocess.Popen([python, *cmd],
                              cwd=tempfile.gettempdir(),  # the installed colorize, not this checkout's
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_answer(url, photo, server)
        out = dict(server=f"{python} {' '.join(cmd)}", start=time.time() - t_start, requests=requests)
        client = Client(url, verbose=False)
        def one(_):
            t = time.time()
            try: client.predict(handle_file(str(photo)), 0.5, api_name='/colorize'); return time.time() - t, None
            except Exception as e: return time.time() - t, e
        out['alone'] = statistics.median(one(0)[0] for _ in range(3))
        t0 = time.time()
        with ThreadPoolExecutor(requests) as ex: results = list(ex.map(one, range(requests)))
        out['all_done'] = time.time() - t0
        lat = sorted(t for t, e in results); errors = [e for t, e in results if e]
        p = lambda q: lat[min(len(lat) - 1, round(q * (len(lat) - 1)))]
        out.update(p50=p(.5), p95=p(.95), failed=len(errors), failures=[str(e)[:200] for e in errors[:3]], peak_mb=peak_mb(server.pid))
        return out
    finally: server.terminate(); server.wait()

def report(r:dict):
    "Print what `measure` found."
    print(f"server: {r['server']}; photo 1155×866 (1.0 MP)")
    print(f"start to first answer: {r['start']:.1f} s")
    print(f"one request alone (baseline): median {r['alone']:.2f} s")
    n = r['requests']
    print(f"{n} concurrent requests: {n - r['failed']} succeeded, {r['failed']} failed; p50 {r['p50']:.2f} s, p95 {r['p95']:.2f} s, "
          f"all done in {r['all_done']:.1f} s ({n / r['all_done']:.2f} photos/s; {n * r['alone']:.1f} s if served one by one)")
    for e in r['failures']: print('  failure:', e)
    print(f"server peak memory: {r['peak_mb']:.0f} MB")

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--requests', type=int, default=20)
    ap.add_argument('--concurrency', type=int, default=2, help="the app's concurrency limit")
    ap.add_argument('--python', default=sys.executable, help="interpreter that runs the server")
    ap.add_argument('--space', action='store_true', help="start the server with deploy/spaces/app.py")
    a = ap.parse_args()
    r = measure(a.requests, a.concurrency, a.python, a.space); report(r)
    if r['failed']: sys.exit(1)

if __name__ == '__main__': main()

"""Throughput on many photos: the plain `Colorizer` in a loop, `colorize DIR --jobs N` for N = 1 … cores, and
`colorize-ray` with 1, 2 and 4 workers on this machine and 2 on a simulated two-node cluster, on one folder of
1-megapixel photos, in the same run.

    python bench/scale.py [--photos 24] [--no_ray]
Each rate is photos per second after start-up. The loop and the command line run on `n` and on `2n` photos, and the
rate is `n / (time(2n) − time(n))`; Ray's runs on `2n` photos, from the manifest's finishing times after each worker's
first photo. The start-up (processes, model loading, Ray's actors) is the whole time minus photos / rate.
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time
from pathlib import Path
from PIL import Image
sys.path.insert(0, str(Path(__file__).parent))
from inference import colour_source  # noqa: E402

def make_folder(folder, n, size=(1155, 866)):
    "`n` gray 1 MP JPEGs, each a different crop of the benchmark's colour photo."
    src = colour_source().convert('L'); folder = Path(folder); folder.mkdir(parents=True)
    for i in range(n):
        dx, dy = (i * 7) % 40, (i * 5) % 30
        src.crop((dx, dy, src.width - 40 + dx, src.height - 30 + dy)).resize(size, Image.BICUBIC).save(folder/f'p{i:03d}.jpg', quality=92)
    return folder

def rate(run, small, big, n) -> dict:
    "Photos/s after start-up, and the start-up, from timing `run(folder)` on `n` and `2n` photos."
    t1, t2 = run(small), run(big)
    r = n / max(t2 - t1, 1e-9)
    return dict(photos_per_s=r, startup_s=max(0., t1 - n / r), seconds=[t1, t2])

def timed(f):
    def run(folder):
        t = time.perf_counter(); f(folder); return time.perf_counter() - t
    return run

def plain(folder):
    from colorize.inference import Colorizer
    import io
    c = plain.c = getattr(plain, 'c', None) or Colorizer()
    for p in sorted(Path(folder).iterdir()): c(p).save(io.BytesIO(), 'JPEG', quality=92)

def cli(jobs):
    def run(folder):
        out = Path(tempfile.mkdtemp())
        subprocess.run(['colorize', str(folder), '-o', str(out), '--jobs', str(jobs)], check=True, capture_output=True)
        shutil.rmtree(out)
    return run

def on_ray(folder, workers, cpus) -> dict:
    "Photos/s of `colorize-ray` once its workers are up, from the manifest's finishing times (its start-up varies too much to subtract)."
    import pyarrow.parquet as pq
    from colorize.distributed import colorize_uri
    out = Path(tempfile.mkdtemp())
    s = colorize_uri(str(folder), str(out), workers=str(workers), cpus_per_worker=cpus, batch_size=2, spread=True)
    assert s['done'] == s['inputs'] and not s['error'], s
    t = sorted(pq.read_table(s['manifest']).column('finished').to_pylist()); shutil.rmtree(out)
    r = (len(t) - workers) / (t[-1] - t[workers - 1])  # after each worker's first photo
    return dict(photos_per_s=r, startup_s=max(0., s['seconds'] - len(t) / r), seconds=[s['seconds']])

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--photos', type=int, default=24)
    ap.add_argument('--no_ray', action='store_true')
    ap.add_argument('--json', help='also write the figures to this file')
    a = ap.parse_args()
    tmp, n, cores = Path(tempfile.mkdtemp()), a.photos, os.cpu_count()
    small, big = make_folder(tmp/'small', n), make_folder(tmp/'big', 2 * n)
    res = {'plain Colorizer loop (one process, all cores)': rate(timed(plain), small, big, n)}
    for j in range(1, cores + 1): res[f'colorize DIR --jobs {j}'] = rate(timed(cli(j)), small, big, n)
    if not a.no_ray:
        import ray
        os.environ.setdefault('RAY_BACKEND_LOG_LEVEL', 'fatal')
        ray.init(num_cpus=cores, log_to_driver=False, logging_level='ERROR', include_dashboard=False)
        ray.data.DataContext.get_current().enable_progress_bars = False
        import logging; logging.getLogger('ray.data').setLevel(logging.ERROR)
        for w in (1, 2, 4): res[f'colorize-ray, this machine, {w} worker(s) at {cores / w:g} CPU'] = on_ray(big, w, cores / w)
        ray.shutdown()
        from ray.cluster_utils import Cluster
        cluster = Cluster(initialize_head=True, head_node_args=dict(num_cpus=cores // 2, include_dashboard=False))
        cluster.add_node(num_cpus=cores // 2)
        ray.init(address=cluster.address, log_to_driver=False, logging_level='ERROR')
        ray.data.DataContext.get_current().enable_progress_bars = False
        res['colorize-ray, simulated 2 nodes, 2 workers'] = on_ray(big, 2, cores // 2)
        ray.shutdown(); cluster.shutdown()
    base = res['plain Colorizer loop (one process, all cores)']['photos_per_s']
    one = res['colorize DIR --jobs 1']['photos_per_s']
    print(f"{cores} cores; {n} and {2 * n} photos of 1155 × 866 (decode, colorize, encode JPEG)\n")
    print(f"| way | photos/s after start-up | × plain loop | × --jobs 1 | start-up |\n|---|---|---|---|---|")
    for k, r in res.items():
        print(f"| {k} | {r['photos_per_s']:.2f} | {r['photos_per_s'] / base:.2f} | {r['photos_per_s'] / one:.2f} | {r['startup_s']:.1f} s |")
    print(f"\ngoals: --jobs {cores} ≥ {0.8 * cores:.1f} × --jobs 1; colorize-ray on this machine ≥ 0.8 × the plain CLI (--jobs {cores})")
    if a.json: Path(a.json).write_text(json.dumps(dict(cores=cores, photos=n, results=res), indent=1))

"""Repair: its cost beside plain colour (1 MP and 12 MP, the same photos, in the same run), and the detector's threshold
chosen on damaged photos that are not reporting sets (photos/val_extra, the detector's own validation photos, and
BSDS500's choosing half: the even positions of its sorted names, linked into a folder), with damage unlike the
reporting sets' (the detector's denser training damage, `colorize.repair_train.TRAIN_DAMAGE`).

    python bench/repair.py speed [--runs 3] [--json FILE]
    python bench/repair.py threshold [--photos DIR ...] [--n 120] [--detector FOLDER] [--json FILE]
    python bench/repair.py tone [--photos DIR ...] [--n 120] [--json FILE]
    python bench/repair.py follow [--photos DIR ...] [--n 120] [--json FILE]
    python bench/repair.py kinds [--photos DIR ...] [--n 120] [--detector FOLDER] [--json FILE]
    python bench/repair.py soft [--photos DIR ...] [--n 120] [--detector FOLDER] [--json FILE]
`threshold` damages each photo with `colorize.damage.print_damage` (seeds 10000+i, unlike colorize-eval's) and prints,
per logit threshold, the detector's precision and recall and the lightness PSNR of tone + fill against the clean photo.
The pick is the best PSNR on the damaged pixels among the thresholds within 0.05 dB of the best PSNR over all pixels
(the issue has both targets; a higher threshold can buy a few hundredths of a dB over all pixels for a dB on the damage).
`tone` damages them the same way and prints, per `RepairConfig.share` and `faded`, that PSNR and the share of the clean
photos that tone restoration leaves within 30 dB of themselves; the pick is the best PSNR among the settings that keep
at least 90 % of the clean photos (repair must not invent damage).
`follow` does the same per `RepairConfig.follow` (how far below the threshold a pixel joined to marked ones is marked
too), with precision and recall and the share of clean photos that the whole repair leaves within 30 dB; the pick is
the best PSNR on the damaged pixels among the settings within 0.05 dB of the best PSNR over all pixels that keep at
most 5 points fewer clean photos than no following (marking more invents damage on clean photos too).
`soft` does the same per threshold and `RepairConfig.soft` (the fill blended in by the detector's confidence around the
threshold instead of all or nothing), with the same pick and the same limit on clean photos (against the threshold alone
at the detector's own threshold).
`kinds` damages each photo with one kind of damage at a time (the reporting damage's sizes, fading and the scan kept;
seeds 20000+i) and prints, per kind, the share of its pixels the detector finds (its mask grown as the fill
grows it) and the lightness PSNR of the whole repair on them: which damage the detector misses.
"""
import argparse, json, statistics, sys, time
from colorize.repair import REPAIR
from pathlib import Path
import numpy as np
sys.path.insert(0, str(Path(__file__).parent))
from inference import SIZES, colour_source  # noqa: E402  (the same source photo as the inference benchmark)

def speed(runs:int) -> dict:
    from colorize.inference import Colorizer
    from colorize.damage import print_damage
    from colorize.color import lightness, join_lab
    c, out = Colorizer(), {}
    for name, size in SIZES.items():
        L = lightness(np.asarray(colour_source().resize(size)))
        d, _ = print_damage(L, np.random.default_rng(0))
        gray = join_lab(d, np.zeros(d.shape + (2,), np.float32), np.uint8)
        c(gray, repair=True)  # warm: shapes allocated, the detector loaded
        times = {}
        for repair in (False, True):
            ts = []
            for _ in range(runs): t = time.perf_counter(); c(gray, repair=repair); ts.append(time.perf_counter() - t)
            times['repair' if repair else 'plain'] = statistics.median(ts)
        out[name] = dict(times, ratio=times['repair'] / times['plain'])
        print(f"{name}: plain {times['plain']:.2f} s, with repair {times['repair']:.2f} s ({out[name]['ratio']:.2f}×)")
    return out

def clean_photos(photos:list, n:int):
    "The lightness of `n` photos spread over each folder."
    from colorize.color import lightness
    from colorize.data import list_images
    from colorize.metrics import load_rgb
    for folder in photos:
        fs = list_images(folder)
        for i in np.unique(np.linspace(0, len(fs) - 1, n).round().astype(int)): yield lightness(load_rgb(fs[i]))

def choosing(photos:list, n:int):
    "(clean lightness, damaged lightness, damage mask) of `clean_photos`, damaged with the training damage."
    from colorize.damage import print_damage
    from colorize.repair_train import TRAIN_DAMAGE
    for i, L in enumerate(clean_photos(photos, n)): yield (L, *print_damage(L, np.random.default_rng(10000 + i), TRAIN_DAMAGE))

def threshold(photos:list, n:int, detector=None) -> dict:
    from dataclasses import replace
    from colorize.repair import Repairer
    from colorize.print_eval import psnr_l
    rep, ts, rows = Repairer(detector or REPAIR), [-2., -1., 0., 1., 2., 3., 4., 6.], {}
    base = rep.cfg
    for L, d, m in choosing(photos, n):
        z = rep.logits(d)
        for t in ts:
            rep.cfg = replace(base, threshold=t, follow=0.)  # the threshold alone
            fixed, found = rep(d, z=z)
            rows.setdefault(t, []).append(((found & m).sum(), found.sum(), m.sum(), psnr_l(fixed, L), psnr_l(fixed, L, m)))
    out = {}
    for t, r in rows.items():
        hit, got, true = (sum(x[k] for x in r) for k in range(3))
        out[t] = dict(precision=hit / max(got, 1), recall=hit / max(true, 1), l_psnr=float(np.mean([x[3] for x in r])), l_psnr_damaged=float(np.nanmean([x[4] for x in r])))
    pick = best_on_damage(out)
    for t, r in out.items():
        print(f"threshold {t:+.0f}: precision {r['precision']:.2f}, recall {r['recall']:.2f}, L PSNR {r['l_psnr']:.2f} dB ({r['l_psnr_damaged']:.2f} on the damage){'  ← pick' if t == pick else ''}")
    return out

def best_on_damage(results:dict, ok=lambda r: True, within:float=0.05):
    "The key of the setting with the best PSNR on the damaged pixels among those `ok` allows within `within` dB of the best PSNR over all pixels."
    best = max(r['l_psnr'] for r in results.values())
    return max((k for k, r in results.items() if r['l_psnr'] >= best - within and ok(r)), key=lambda k: results[k]['l_psnr_damaged'])

def tone(photos:list, n:int, detector=None) -> dict:
    from dataclasses import replace
    from colorize.repair import Repairer, restore_tone, fill
    from colorize.print_eval import psnr_l
    rep, rows = Repairer(detector or REPAIR), {}
    grid = [(faded, share) for faded in (10., 15.) for share in (0.2, 0.3, 0.4, 0.5, 0.7, 1.)]
    for L, d, m in choosing(photos, n):
        found, kept = rep.detect(d), rep.detect(L)
        for faded, share in grid:
            cfg = replace(rep.cfg, faded=faded, share=share)
            rows.setdefault((faded, share), []).append((psnr_l(fill(restore_tone(d, found, cfg), found, cfg), L), psnr_l(restore_tone(L, kept, cfg), L) >= 30))
    out = {f"faded {f:g}, share {s:g}": dict(faded=f, share=s, l_psnr=float(np.mean([x[0] for x in r])), clean_kept=float(np.mean([x[1] for x in r])))
           for (f, s), r in rows.items()}
    pick = max((r for r in out.values() if r['clean_kept'] >= 0.9), key=lambda r: r['l_psnr'])
    for k, r in out.items(): print(f"{k}: L PSNR {r['l_psnr']:.2f} dB, clean photos kept ≥ 30 dB {r['clean_kept']:.0%}{'  ← pick' if r is pick else ''}")
    return dict(grid=out, pick=pick)

def follow(photos:list, n:int, detector=None) -> dict:
    from dataclasses import replace
    from colorize.repair import Repairer
    from colorize.print_eval import psnr_l
    rep, rows = Repairer(detector or REPAIR), {}
    base = rep.cfg
    for L, d, m in choosing(photos, n):
        z, zc = rep.logits(d), rep.logits(L)  # once a photo: the settings change only what is marked
        for f in (0., 1., 2., 3., 4.):
            rep.cfg = replace(base, follow=f)
            (fixed, found), clean = rep(d, z=z), rep(L, z=zc)[0]
            rows.setdefault(f, []).append(((found & m).sum(), found.sum(), m.sum(), psnr_l(fixed, L), psnr_l(fixed, L, m), psnr_l(clean, L) >= 30))
    out = {}
    for f, r in rows.items():
        hit, got, true = (sum(x[k] for x in r) for k in range(3))
        out[f"follow {f:g}"] = dict(follow=f, precision=hit / max(got, 1), recall=hit / max(true, 1), l_psnr=float(np.mean([x[3] for x in r])),
                                    l_psnr_damaged=float(np.nanmean([x[4] for x in r])), clean_kept=float(np.mean([x[5] for x in r])))
    kept = out['follow 0']['clean_kept']
    pick = out[best_on_damage(out, lambda r: r['clean_kept'] >= kept - 0.05)]
    for k, r in out.items():
        print(f"{k}: precision {r['precision']:.2f}, recall {r['recall']:.2f}, L PSNR {r['l_psnr']:.2f} dB ({r['l_psnr_damaged']:.2f} on the damage), "
              f"clean photos kept ≥ 30 dB {r['clean_kept']:.0%}{'  ← pick' if r is pick else ''}")
    return dict(grid=out, pick=pick)

def soft(photos:list, n:int, detector=None) -> dict:
    from dataclasses import replace
    from colorize.repair import Repairer
    from colorize.print_eval import psnr_l
    rep, rows = Repairer(detector or REPAIR), {}
    base, grid = rep.cfg, [(t, k) for t in (0., 0.5, 1., 1.5, 2., 3.) for k in (0., 1., 1.5, 2., 3.)]
    for L, d, m in choosing(photos, n):
        z, zc = rep.logits(d), rep.logits(L)
        for t, k in grid:
            rep.cfg = replace(base, threshold=t, soft=k)
            (fixed, found), clean = rep(d, z=z), rep(L, z=zc)[0]
            rows.setdefault((t, k), []).append((psnr_l(fixed, L), psnr_l(fixed, L, m), psnr_l(clean, L) >= 30))
    out = {f"threshold {t:+g}, soft {k:g}": dict(threshold=t, soft=k, l_psnr=float(np.mean([x[0] for x in r])), l_psnr_damaged=float(np.nanmean([x[1] for x in r])),
                                                 clean_kept=float(np.mean([x[2] for x in r]))) for (t, k), r in rows.items()}
    kept = out[f"threshold {base.threshold:+g}, soft 0"]['clean_kept']
    pick = out[best_on_damage(out, lambda r: r['clean_kept'] >= kept - 0.05)]
    for k, r in out.items():
        print(f"{k}: L PSNR {r['l_psnr']:.2f} dB ({r['l_psnr_damaged']:.2f} on the damage), clean photos kept ≥ 30 dB {r['clean_kept']:.0%}{'  ← pick' if r is pick else ''}")
    return dict(grid=out, pick=pick)

KINDS = {'bright cracks': dict(cracks=(1., 3.), bright=1.), 'dark cracks': dict(cracks=(1., 3.), bright=0.),
         'scratches': dict(scratches=(1., 2.)), 'dust': dict(dust=(10, 40)), 'spots': dict(spots=(1, 3)), 'torn corner': dict(p_corner=1.)}

def kinds(photos:list, n:int, detector=None) -> dict:
    from dataclasses import replace
    import cv2
    from colorize.damage import DamageConfig, print_damage
    from colorize.repair import Repairer
    from colorize.print_eval import psnr_l
    rep, out = Repairer(detector or REPAIR), {}
    none = replace(DamageConfig(), clean=0., cracks=(0, 0), scratches=(0, 0), dust=(0, 0), spots=(0, 0), p_corner=0.)
    clean, grow = list(clean_photos(photos, n)), np.ones((2 * rep.cfg.grow + 1,) * 2, np.uint8)
    for kind, v in KINDS.items():
        rows = []
        for i, L in enumerate(clean):
            d, m = print_damage(L, np.random.default_rng(20000 + i), replace(none, **v))
            if not m.any(): continue
            fixed, found = rep(d)
            near = cv2.dilate(found.astype(np.uint8), grow) > 0  # as `fill` grows it
            rows.append(((near & m).sum() / m.sum(), psnr_l(fixed, L, m)))
        out[kind] = dict(recall=float(np.mean([r[0] for r in rows])), l_psnr_damaged=float(np.mean([r[1] for r in rows])), photos=len(rows))
        print(f"{kind}: found {out[kind]['recall']:.0%} of its pixels, L PSNR on them {out[kind]['l_psnr_damaged']:.2f} dB ({len(rows)} photos)")
    return out

if __name__ == '__main__':
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument('what', choices=['speed', 'threshold', 'tone', 'follow', 'soft', 'kinds']); a.add_argument('--runs', type=int, default=3)
    a.add_argument('--photos', nargs='+', default=[str(Path(__file__).parent.parent.parent/'shared'/'data'/'photos'/'val_extra')])
    a.add_argument('--n', type=int, default=120, help='photos from each folder'); a.add_argument('--json')
    a.add_argument('--detector', help='a detector folder (colorize-train-repair --export); default: the bundled one')
    a = a.parse_args()
    r = speed(a.runs) if a.what == 'speed' else dict(threshold=threshold, tone=tone, follow=follow, soft=soft, kinds=kinds)[a.what](a.photos, a.n, a.detector)
    info = dict(photos=a.photos, n=a.n, detector=json.loads((Path(a.detector or REPAIR)/'detector.json').read_text())['version']) if a.what != 'speed' else {}
    if a.json: Path(a.json).write_text(json.dumps(dict(what=a.what, date=time.strftime('%Y-%m-%d'), results=r, **info), indent=1))

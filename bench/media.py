"""Media processing figures: time and peak memory to check a 24-megapixel camera JPEG and
make all its renditions (in a fresh process, as a new Lambda instance would), bytes WebP
saves against the JPEG fallback. Run alone: python -m bench.media."""

import io
import json
import subprocess
import sys
import tempfile
import time
from typing import Any

from PIL import Image, ImageDraw, ImageFilter

import devstack  # noqa: F401 - puts the layer (package haber) on sys.path, as `make bench` runs without one
from haber.media import imaging

SIZE = (6000, 4000)  # 24 megapixels, a current camera's 3:2
RUNS = 3
LAMBDA_MEMORY_MB = 1769  # one full vCPU


def camera_photo() -> bytes:
    """A photo-like 24 MP JPEG: smooth gradients, shapes and grain (fine detail costs encoders time)."""
    picture = Image.linear_gradient("L").resize(SIZE).convert("RGB")
    draw = ImageDraw.Draw(picture)
    for step in range(0, SIZE[0], 150):
        draw.ellipse((step, step % SIZE[1], step + 400, step % SIZE[1] + 400), fill=(step % 255, 120, 200))
    grain = Image.effect_noise(SIZE, 40).convert("RGB")
    picture = Image.blend(picture, grain, 0.15).filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=92)
    return out.getvalue()


def high_water_mb() -> float:
    """The process's peak resident memory (VmHWM: a new process's own, unlike ru_maxrss,
    which a child started with fork keeps from its parent)."""
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def child(path: str) -> None:
    """One measurement, in this process: read the file, check, decode, render."""
    with open(path, "rb") as file:
        data = file.read()
    before = high_water_mb()
    started, cpu = time.perf_counter(), time.process_time()
    result = imaging.render(imaging.pixels(data, "image/jpeg", 50_000_000), {"x": 0.5, "y": 0.5})
    wall, cpu_used = time.perf_counter() - started, time.process_time() - cpu
    peak = high_water_mb()
    sizes: dict[str, int] = {}
    for rendition in result.renditions:
        if rendition.crop == "original":
            sizes[rendition.format] = sizes.get(rendition.format, 0) + len(rendition.data)
    answer = {
        "wall": wall,
        "cpu": cpu_used,
        "peak_mb": peak,
        "growth_mb": peak - before,
        "renditions": len(result.renditions),
        "original_mb": len(data) / 1e6,
        "webp": sizes["webp"],
        "jpeg": sizes["jpeg"],
    }
    print(json.dumps(answer))


def measured() -> list[dict[str, Any]]:
    runs = []
    with tempfile.NamedTemporaryFile(suffix=".jpg") as photo:
        photo.write(camera_photo())
        photo.flush()
        for _ in range(RUNS):
            command = [sys.executable, "-m", "bench.media", "--child", photo.name]
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return runs


def media_report() -> None:
    runs = sorted(measured(), key=lambda run: run["wall"])
    run = runs[len(runs) // 2]
    print(f"\nmedia: a {SIZE[0]}×{SIZE[1]} (24 MP) camera JPEG of {run['original_mb']:.1f} MB, checked and rendered")
    print(f"(median of {RUNS} fresh processes; Pillow works on one core, as at {LAMBDA_MEMORY_MB} MB on Lambda)\n")
    print(f"  renditions made                             {run['renditions']:10d}")
    print(f"  wall time (s)                               {run['wall']:10.2f}  (CPU {run['cpu']:.2f} s)")
    growth = f"+{run['growth_mb']:.0f} MB for the work"
    print(f"  peak memory of the process (MB)             {run['peak_mb']:10.0f}  ({growth})")
    seconds = f"about {run['cpu']:.1f} s if its core is as fast as this one's (target: 3 s)"
    print(f"  at {LAMBDA_MEMORY_MB} MB on Lambda (one vCPU)             {seconds}")
    saved = 1 - run["webp"] / run["jpeg"]
    print(f"  WebP bytes, all widths                      {run['webp']:10d}")
    print(f"  JPEG bytes, all widths                      {run['jpeg']:10d}  (WebP saves {saved:.0%})")


if __name__ == "__main__":
    if "--child" in sys.argv:
        child(sys.argv[-1])
    else:
        media_report()

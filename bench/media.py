"""Media processing figures: time and peak memory to check a 24-megapixel camera JPEG and
make all its renditions (in a fresh process, as a new Lambda instance would), bytes WebP
saves against the JPEG fallback. Run alone: python -m bench.media."""

import io
import json
import resource
import subprocess
import sys
import time
from typing import Any

from PIL import Image, ImageDraw, ImageFilter

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


def child() -> None:
    """One measurement, in this process: check, decode, render."""
    data = camera_photo()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    image = imaging.open_checked(data, "image/jpeg", 50_000_000)
    result = imaging.render(imaging.decoded(image, data), {"x": 0.5, "y": 0.5})
    wall, cpu_used = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sizes: dict[str, int] = {}
    for rendition in result.renditions:
        if rendition.crop == "original":
            sizes[rendition.format] = sizes.get(rendition.format, 0) + len(rendition.data)
    answer = {
        "wall": wall,
        "cpu": cpu_used,
        "peak_mb": peak / 1024,
        "growth_mb": (peak - before) / 1024,
        "renditions": len(result.renditions),
        "original_mb": len(data) / 1e6,
        "webp": sizes["webp"],
        "jpeg": sizes["jpeg"],
    }
    print(json.dumps(answer))


def measured() -> list[dict[str, Any]]:
    runs = []
    for _ in range(RUNS):
        done = subprocess.run(
            [sys.executable, "-m", "bench.media", "--child"], capture_output=True, text=True, check=True
        )
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
    saved = 1 - run["webp"] / run["jpeg"]
    print(f"  WebP bytes, all widths                      {run['webp']:10d}")
    print(f"  JPEG bytes, all widths                      {run['jpeg']:10d}  (WebP saves {saved:.0%})")


if __name__ == "__main__":
    if "--child" in sys.argv:
        child()
    else:
        media_report()

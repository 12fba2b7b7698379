"""The revision diff's time and memory by body size, up to the largest body an article may
hold (about 50,000 words in 200,000 bytes), next to difflib's SequenceMatcher, which it
replaced. Each case compares a body with itself changed: one word, every 50th word, or
rewritten. Run alone: python -m bench.diff."""

import difflib
import random
import subprocess
import sys
import time

import devstack  # noqa: F401 - puts the layer (package haber) on sys.path, as `make bench` runs without one
from haber.articles.revisions import word_diff

SIZES = (1_000, 4_000, 8_000, 16_000, 50_000)
DIFFLIB_UP_TO = 8_000  # past it difflib takes minutes (16,000 words: 52.8 s in the audit)
CASES = ("one word", "every 50th", "rewritten")


def body(words: int, seed: int) -> list[str]:
    """News-like words: a few thousand distinct, common ones repeated, sentences of 15."""
    chosen = random.Random(seed)
    vocabulary = [f"wort{n}" for n in range(3_000)] + ["der", "die", "das", "und", "in", "mit"] * 300
    text = [chosen.choice(vocabulary) for _ in range(words)]
    for end in range(14, words, 15):
        text[end] += "."
    return text


def changed(text: list[str], case: str) -> list[str]:
    if case == "rewritten":
        return body(len(text), seed=2)
    after = list(text)
    for at in [len(text) // 2] if case == "one word" else range(0, len(text), 50):
        after[at] = "geändert"
    return after


def haber_diff(old: str, new: str) -> int:
    return len(word_diff(old, new))


def difflib_diff(old: str, new: str) -> int:
    before, after = old.split(), new.split()
    return len(difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes())


def measured(function: str, words: int, case: str) -> str:
    """Seconds and peak memory of one diff, in a fresh process (peak RSS is per process)."""
    code = (
        "import resource, time; from bench import diff; "
        f"old = diff.body({words}, 1); new = diff.changed(old, {case!r}); "
        "o, n = ' '.join(old), ' '.join(new); start = time.perf_counter(); "
        f"diff.{function}(o, n); took = time.perf_counter() - start; "
        "print(f'{took:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=600)
    return result.stdout.strip()


def diff_report() -> None:
    print("\nrevision diff: seconds (peak MB of the process), word_diff vs difflib\n")
    print(f"{'words':>7} {'case':12} {'word_diff':>16} {'difflib':>16}")
    for words in SIZES:
        for case in CASES:
            ours = measured("haber_diff", words, case).split()
            theirs = measured("difflib_diff", words, case).split() if words <= DIFFLIB_UP_TO else None
            shown = f"{theirs[0]} s ({theirs[1]})" if theirs else "—"
            print(f"{words:>7,} {case:12} {ours[0] + ' s (' + ours[1] + ')':>16} {shown:>16}")


if __name__ == "__main__":
    started = time.perf_counter()
    diff_report()
    print(f"\n({time.perf_counter() - started:.0f} s)")

"""A bounded fuzz run over the loader, the schemas and the number parser.

    python tests/fuzz.py --seed 20261127 --rounds 1000 --seconds 300   # `make test`
    python tests/fuzz.py --seconds 600                                  # explore: new seed

Each round takes the valid claim set of tests/corpus/_base, mutates one of its
files (flipped, inserted or deleted bytes; quotes, commas, line ends, NULs,
invalid UTF-8; duplicated or truncated lines), and runs ffcheck's load and
pandera validation and, when valid, the relation context. Anything other than
a clean result or a list of problems is a crash: the mutated claim set is saved
as a new corpus case under tests/corpus/fuzz-<hash>/ (so the corpus test keeps
it from coming back) and the run fails. The figure parser is fuzzed alongside.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
CORPUS = ROOT / "tests" / "corpus"
TARGETS = ["main.csv", "relations.csv", "documents.csv", "sources/doc.txt"]
ALPHABET = [
    b",",
    b'"',
    b"\n",
    b"\r\n",
    b"\x00",
    b"\xff",
    b"\xc3",
    b"-",
    b".",
    b"e",
    b"9",
    b"1,000",
    b" ",
    b";",
    b"\t",
    b"nan",
    b"\xef\xbb\xbf",
    b"2015-02-30",
    b"%",
]


def mutate(data: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(6)
    at = rng.randrange(len(data) + 1)
    if choice == 0 and data:
        return data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
    if choice == 1:
        return data[:at] + rng.choice(ALPHABET) + data[at:]
    if choice == 2:
        return data[:at] + data[at + rng.randrange(1, 20) :]
    lines = data.splitlines(keepends=True)
    if choice == 3 and lines:
        i = rng.randrange(len(lines))
        return b"".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
    if choice == 4:
        return data[: rng.randrange(len(data) + 1)]
    return data.replace(b",", rng.choice([b",,", b'","', b""]), 1)


def run_once(folder: Path) -> None:
    from ffcheck.consistency.context import build_context
    from ffcheck.tables.load import load_claimset
    from ffcheck.validate.claims import validate_claims
    from ffcheck.validate.vocab import validate_vocabularies

    claimset = load_claimset(folder)
    problems = list(claimset.problems)
    if not claimset.claims.empty:
        problems += validate_vocabularies(claimset) + validate_claims(claimset)
    if not problems:
        context = build_context(claimset)
        assert context.claims["lo"].notna().all()


def save_crash(folder: Path, target: str, error: str) -> Path:
    digest = hashlib.sha256((folder / target).read_bytes()).hexdigest()[:10]
    case = CORPUS / f"fuzz-{digest}"
    (case / Path(target).parent).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(folder / target, case / target)
    spec = {"exit": 2, "note": f"found by tests/fuzz.py: {error.splitlines()[-1]}"}
    (case / "expected.json").write_text(json.dumps(spec, indent=1) + "\n")
    return case


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--seed", type=int, default=None, help="default: a new one each run")
    parser.add_argument("--rounds", type=int, default=None, help="stop after this many")
    args = parser.parse_args()
    from ffcheck.text.numbers import parse_figure

    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    started = time.monotonic()
    deadline, rounds, figures = started + args.seconds, 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        shutil.copytree(CORPUS / "_base", base)
        shutil.copytree(ROOT / "claims" / "vocab", base / "vocab")
        while time.monotonic() < deadline and (args.rounds is None or rounds < args.rounds):
            folder = Path(tmp) / "round"
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(base, folder)
            target = rng.choice(TARGETS)
            path = folder / target
            data = path.read_bytes()
            for _ in range(rng.randint(1, 4)):
                data = mutate(data, rng)
            path.write_bytes(data)
            try:
                run_once(folder)
            except Exception:
                error = traceback.format_exc()
                case = save_crash(folder, target, error)
                print(f"CRASH after {rounds} rounds (seed {seed}); saved {case}\n{error}")
                return 1
            rounds += 1
            for _ in range(20):
                text = data[rng.randrange(len(data) + 1) :][:40].decode("utf-8", "replace")
                parse_figure(text)
                figures += 1
    print(
        f"fuzz: {rounds} mutated claim sets and {figures} figures in "
        f"{time.monotonic() - started:.0f} s "
        f"(seed {seed}): no crash"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

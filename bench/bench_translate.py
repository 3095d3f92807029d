"""Benchmark: the same sentences through raw CTranslate2, uebersetzer and argostranslate.

Not a test. Run: python bench/bench_translate.py [--articles 50] [--package tests/fixtures/models/de_en.argosmodel]

Each contender runs in its own process, three times ((a) and (b) taking turns); the median
wall time is reported. All use the same package and the engine's decoding settings (beam 4,
length penalty 0.2, all cores, 1024-token batches); wall time includes start-up, and peak
RSS is that process's alone:
  a) raw CTranslate2: tokenize every sentence, one translate_batch over all of them (lower bound)
  b) uebersetzer translate: the whole pipeline (read, parse, detect, segment, PO files, articles)
  c) argostranslate.translate.translate() once per article (ARGOS_CHUNK_TYPE=SPACY, the
     package's own offline sentencizer)
for a batch of articles and for one article from a cold start, and checks that the
outputs agree where the settings agree.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


# -- workers (each runs in its own process) ----------------------------------------------


def worker_raw(package: Path, sentences_file: Path, out: Path) -> None:
    import ctranslate2
    import sentencepiece

    from uebersetzer.engines.argos import Settings

    settings = Settings.from_environment()  # the engine's own settings, so (a) and (b) do the same work
    sentences = json.loads(sentences_file.read_text())
    translator = ctranslate2.Translator(str(package / "model"), device=settings.device,
                                        intra_threads=settings.threads, compute_type=settings.compute_type)
    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    started = time.perf_counter()
    unique = sorted(set(sentences), key=len)
    results = translator.translate_batch([tokenizer.encode(s, out_type=str) for s in unique],
                                         beam_size=settings.beam_size, length_penalty=0.2, replace_unknowns=True,
                                         batch_type="tokens", max_batch_size=settings.max_batch_tokens)
    translated = {s: tokenizer.decode_pieces(r.hypotheses[0]).replace("▁", " ").strip() for s, r in zip(unique, results)}
    compute = time.perf_counter() - started
    out.write_text(json.dumps({"compute": compute, "outputs": [translated[s] for s in sentences]}))


def worker_argos(articles: Path, out: Path) -> None:
    import argostranslate.translate

    texts = [p.read_text() for p in sorted(articles.glob("*.txt"))]
    started = time.perf_counter()
    outputs = [argostranslate.translate.translate(text, "de", "en") for text in texts]
    out.write_text(json.dumps({"compute": time.perf_counter() - started, "outputs": outputs}))


# -- the parent: corpus, runs, report ----------------------------------------------------


def make_articles(folder: Path, count: int) -> list[list[str]]:
    """German articles from the test models' domain: a title and four paragraphs."""
    from build_test_models import CorpusGenerator

    generator = CorpusGenerator(random.Random(2026))
    pool = [t[0] for t in generator.corpus(6000) if "{" not in t[0] and t[0].endswith(".")]
    rng = random.Random(11)
    folder.mkdir(parents=True, exist_ok=True)
    paragraphs_per_article = []
    for number in range(count):
        # a headline from the same domain: out-of-domain text makes the tiny model invent
        # placeholders, which uebersetzer redoes and the others print, and then the runs
        # would no longer do the same work
        title = rng.choice(pool).rstrip(".")
        paragraphs = [" ".join(rng.sample(pool, 5)) for _ in range(4)]
        (folder / f"meldung-{number:02}.txt").write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n")
        paragraphs_per_article.append(paragraphs)
    return paragraphs_per_article


REPEAT = 3


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Median wall seconds and peak RSS (MB) over REPEAT runs of a child process."""
    walls, peaks = zip(*(run_once(cmd, env) for _ in range(REPEAT)))
    return sorted(walls)[len(walls) // 2], max(peaks)


def run_alternately(first: list[str], second: list[str], env: dict[str, str]) -> tuple[tuple[float, float], ...]:
    """Like run() for two commands, taking turns: first, second, first, second, ..."""
    runs = [(run_once(first, env), run_once(second, env)) for _ in range(REPEAT)]
    return tuple((sorted(w for w, _ in r)[len(r) // 2], max(p for _, p in r)) for r in zip(*runs))


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    started = time.perf_counter()
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{process.stderr.read().decode()[-3000:]}")
    return wall, usage.ru_maxrss / 1024


def measure(label: str, articles: Path, work: Path, package_dir: Path, env: dict[str, str]) -> dict:
    from uebersetzer.parse import parse
    from uebersetzer.read import ArticleFile, read_article
    from uebersetzer.segment import segment_article

    sentences = []
    for path in sorted(articles.glob("*.txt")):
        article = segment_article(parse(read_article(ArticleFile(path, path.name))))
        sentences += [s.msgid for b in article.blocks for s in b.segments]
    sentences_file = work / f"{label}-sentences.json"
    sentences_file.write_text(json.dumps(sentences))
    package = next(package_dir.iterdir())
    py = sys.executable
    raw_out, argos_out, ours_out = work / f"{label}-raw.json", work / f"{label}-argos.json", work / f"{label}-ours"
    empty_glossary = work / "empty.yaml"
    empty_glossary.write_text("[]\n")
    results = {"sentences": len(sentences), "articles": len(list(articles.glob("*.txt")))}
    translate = [py, "-m", "uebersetzer", "translate", str(articles), "--to", "en", "--from", "de",
                 "--out", str(ours_out), "--glossary", str(empty_glossary), "--quiet"]
    # (a) and (b) take turns, so a slow spell of the machine falls on both; every run of (b)
    # starts from an empty output folder and memory, or it would reuse everything
    results["raw"], results["uebersetzer"] = run_alternately(
        [py, __file__, "--worker", "raw", str(package), str(sentences_file), str(raw_out)],
        ["sh", "-c", f'rm -rf "{ours_out}" && exec "$@"', "sh", *translate], env)
    results["argostranslate"] = run([py, __file__, "--worker", "argos", str(articles), str(argos_out)],
                                    {**env, "ARGOS_CHUNK_TYPE": "SPACY"})
    raw = json.loads(raw_out.read_text())
    results["raw_compute"] = raw["compute"]
    results["argos_compute"] = json.loads(argos_out.read_text())["compute"]
    results["agreement"] = agreement(articles, sentences, raw["outputs"], ours_out,
                                     json.loads(argos_out.read_text())["outputs"])
    return results


def first_run(articles: Path, work: Path, env: dict[str, str]) -> tuple[float, float]:
    """The one run that builds the language-profile cache; argostranslate's spaCy cache is
    likewise in place before its runs (see main)."""
    empty_glossary = work / "empty.yaml"
    empty_glossary.write_text("[]\n")
    return run_once([sys.executable, "-m", "uebersetzer", "translate", str(articles), "--to", "en", "--from", "de",
                     "--out", str(work / "first-run"), "--glossary", str(empty_glossary), "--quiet"], env)


def agreement(articles: Path, sentences: list[str], raw: list[str], ours: Path, argos: list[str]) -> dict:
    import polib

    ours_by_msgid = {}
    for catalog in (ours / "en").glob("*.po"):
        ours_by_msgid.update({e.msgid: e.msgstr for e in polib.pofile(str(catalog)) if e.msgstr})
    same_raw = sum(ours_by_msgid.get(s) == r for s, r in zip(sentences, raw))
    # Where the model invents a placeholder-like "{1}", uebersetzer's check catches it and the
    # sentence is redone without it; raw CTranslate2 and argostranslate print it as is.
    invented = sum("{" in r for r in raw)
    paragraphs_same = paragraphs_total = 0
    for path, argos_text in zip(sorted(articles.glob("*.txt")), argos):
        ours_text = (ours / "en" / path.name).read_text()
        ours_paragraphs = [p.strip() for p in ours_text.split("\n\n") if p.strip()]
        argos_paragraphs = [p.strip() for p in argos_text.split("\n\n") if p.strip()]
        paragraphs_total += len(ours_paragraphs)
        paragraphs_same += sum(a == b for a, b in zip(ours_paragraphs, argos_paragraphs))
    return {"sentences_same_as_raw": f"{same_raw}/{len(sentences)}",
            "raw_outputs_with_invented_placeholders": invented,
            "paragraphs_same_as_argostranslate": f"{paragraphs_same}/{paragraphs_total}",
            "argostranslate_paragraphs_with_invented_placeholders": sum(
                "{" in p for text in argos for p in text.split("\n\n"))}


def report(name: str, r: dict) -> None:
    (a_wall, a_rss), (b_wall, b_rss), (c_wall, c_rss) = r["raw"], r["uebersetzer"], r["argostranslate"]
    n = r["sentences"]
    print(f"\n{name}: {r['articles']} articles, {n} sentences")
    print(f"{'':28}{'wall s':>8}{'sent/s':>9}{'peak RSS MB':>13}")
    for label, wall, rss in (("a) raw CTranslate2", a_wall, a_rss), ("b) uebersetzer translate", b_wall, b_rss),
                             ("c) argostranslate", c_wall, c_rss)):
        print(f"{label:28}{wall:8.2f}{n / wall:9.1f}{rss:13.0f}")
    print(f"b/a = {b_wall / a_wall:.2f}   c/b = {c_wall / b_wall:.2f}   RSS b/c = {b_rss / c_rss:.2f}")
    print(f"in-process translation time: raw {r['raw_compute']:.2f}s, argostranslate {r['argos_compute']:.2f}s")
    print(f"agreement: {r['agreement']}")


def main() -> None:
    parser = argparse.ArgumentParser(description="uebersetzer vs raw CTranslate2 vs argostranslate")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--package", type=Path, default=ROOT / "tests" / "fixtures" / "models" / "de_en.argosmodel")
    parser.add_argument("--repeat", type=int, default=REPEAT, help="runs per contender; the median is reported")
    args = parser.parse_args()
    globals()["REPEAT"] = args.repeat
    if args.worker:
        kind, *rest = args.worker
        worker_raw(*map(Path, rest)) if kind == "raw" else worker_argos(*map(Path, rest))
        return
    from uebersetzer import models

    with tempfile.TemporaryDirectory(prefix="uebersetzer-bench-") as tmp:
        work = Path(tmp)
        package_dir = work / "packages"
        models.install_file(args.package, package_dir)
        env = {**os.environ, "ARGOS_PACKAGES_DIR": str(package_dir), "XDG_DATA_HOME": str(work / "data"),
               "XDG_CONFIG_HOME": str(work / "config"), "XDG_CACHE_HOME": str(work / "cache")}
        # argostranslate tries to download a multilingual spaCy model at import unless one is
        # cached; our packages carry their own sentencizer, so an empty cache entry stands in
        # for a user's earlier download (offline, the attempt would only cost time).
        (work / "cache" / "argos-translate" / "spacy" / "senter" / "model").mkdir(parents=True)
        batch, single = work / "batch", work / "single"
        make_articles(batch, args.articles)
        single.mkdir()
        shutil.copy(sorted(batch.glob("*.txt"))[0], single)
        first = first_run(single, work, env)
        results = {"batch": measure("batch", batch, work, package_dir, env),
                   "cold": measure("cold", single, work, package_dir, env), "first_run": first}
    print(f"First uebersetzer run on this machine (builds the language-profile cache once): "
          f"{first[0]:.2f} s, peak RSS {first[1]:.0f} MB; the runs below find the cache")
    report("Batch", results["batch"])
    report("One article, cold start", results["cold"])
    print("\n" + json.dumps(results))


if __name__ == "__main__":
    main()

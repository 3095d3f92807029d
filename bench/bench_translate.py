"""Benchmark: the same sentences through raw CTranslate2, uebersetzer and argostranslate.

Not a test. Run: python bench/bench_translate.py [--articles 50] [--model fixture|base] [--repeat 3]
[--argos-repeat N] [--json]

Each contender runs in its own process, at its defaults and at other thread settings
(SETTINGS), every setting once per round, three rounds; the median wall time of each is
reported, and each contender's best setting beside its defaults. "defaults" sets no thread
variable at all (OMP_NUM_THREADS, ARGOS_INTRA_THREADS, ...). All use the same package and the
engine's decoding settings (beam 4, length penalty 0.2, batches of UEBERSETZER_BATCH_TOKENS tokens
and UEBERSETZER_BATCH_HYPOTHESES hypotheses, its decoding limit); wall time includes start-up, and
peak RSS is that process's alone:
  a) raw CTranslate2: tokenize every sentence, sort by length, queue every batch of the engine's
     plan at once (lower bound)
  b) uebersetzer translate: the whole pipeline (read, parse, detect, segment, PO files, articles)
  c) argostranslate.translate.translate() once per article (ARGOS_CHUNK_TYPE=SPACY, the
     package's own offline sentencizer)
for a batch of articles and for one article from a cold start, and checks that the
outputs agree where the settings agree, and are the same in every thread setting. The
machine, the versions and the load average before and after are printed with the figures.
`--model base` runs a model of Argos's real size (see base_model.py) instead of the fixture; its
build needs pip install -e '.[bench,build-models]'.
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
sys.path.insert(0, str(ROOT / "bench"))


# -- workers (each runs in its own process) ----------------------------------------------


def worker_raw(package: Path, sentences_file: Path, out: Path) -> None:
    import ctranslate2
    import sentencepiece

    from uebersetzer.engines.argos import Settings, input_limits, plan_batches, sentences_per_batch, translate_planned

    settings = Settings.from_environment()  # the engine's decoding settings, so (a) and (b) do the same work
    _, decoding_limit = input_limits(str(package))  # the engine's, from the model's position table
    sentences = json.loads(sentences_file.read_text())
    # threads: CTranslate2's own defaults (intra_threads 0 = min(4, cores), inter_threads 1)
    # unless the setting under test names them
    translator = ctranslate2.Translator(str(package / "model"), device=settings.device,
                                        intra_threads=int(os.environ.get("ARGOS_INTRA_THREADS", 0)),
                                        inter_threads=int(os.environ.get("ARGOS_INTER_THREADS", 1)),
                                        compute_type=settings.compute_type)
    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    started = time.perf_counter()
    # the engine's order (first seen, then a stable sort by length) and batches (CTranslate2's
    # batch_type="tokens" has no limit on hypotheses), queued at once, longest first, so that
    # inter_threads workers each take the next, as the engine does
    unique = sorted(dict.fromkeys(sentences), key=lambda s: len(tokenizer.encode(s, out_type=str)))
    tokens = [tokenizer.encode(s, out_type=str) for s in unique]
    batches = plan_batches([len(t) for t in tokens], settings.max_batch_tokens,
                           sentences_per_batch(settings, str(package), settings.beam_size))
    results = translate_planned(translator, tokens, batches, None, beam_size=settings.beam_size, length_penalty=0.2,
                                replace_unknowns=True, max_decoding_length=decoding_limit)
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


def bench_sentences() -> list[tuple[str, str]]:
    """The (German, English) sentences the bench's articles are made of: the test models'
    domain without placeholders (base_model.py's length check translates these too)."""
    from build_test_models import CorpusGenerator

    generator = CorpusGenerator(random.Random(2026))
    return [(de, en) for de, en, _ in generator.corpus(6000) if "{" not in de and de.endswith(".")]


def make_articles(folder: Path, count: int) -> list[list[str]]:
    """German articles from the test models' domain: a title and four paragraphs."""
    pool = [de for de, _ in bench_sentences()]
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
ARGOS_REPEAT: int | None = None  # rounds for argostranslate; None: REPEAT (it takes 5-25 times as long)
THREAD_VARIABLES = ("OMP_NUM_THREADS", "ARGOS_INTRA_THREADS", "ARGOS_INTER_THREADS", "MKL_NUM_THREADS",
                    "OMP_WAIT_POLICY", "MALLOC_ARENA_MAX")  # the last: glibc's, which uebersetzer sets itself unless given
# Thread settings tried for each contender; "defaults" sets none of THREAD_VARIABLES.
SETTINGS: dict[str, list[tuple[str, dict[str, str]]]] = {
    "raw": [("defaults", {}), ("intra_threads=1", {"ARGOS_INTRA_THREADS": "1"}),
            ("inter_threads=2 intra_threads=1", {"ARGOS_INTER_THREADS": "2", "ARGOS_INTRA_THREADS": "1"})],
    "uebersetzer": [("defaults", {}), ("--threads 2 (1 batch at once)", {"ARGOS_INTRA_THREADS": "2"}),
                    ("1 thread, 1 batch at once", {"ARGOS_INTRA_THREADS": "1", "ARGOS_INTER_THREADS": "1"})],
    "argostranslate": [("defaults", {}), ("OMP_NUM_THREADS=1", {"OMP_NUM_THREADS": "1"}),
                       ("ARGOS_INTRA_THREADS=1", {"ARGOS_INTRA_THREADS": "1"})],
}


def compile_bytecode() -> None:
    """uebersetzer's modules compiled to bytecode once, into the checkout's (git-ignored)
    __pycache__, as pip does when it installs a package and a first ordinary run does. With
    PYTHONDONTWRITEBYTECODE=1 and no bytecode every measured run compiled all of uebersetzer's
    sources again (about 65 ms CPU), while raw CTranslate2 imports only installed, compiled
    modules. Python checks each file's bytecode against its source, so none is stale."""
    import uebersetzer

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(uebersetzer.__file__).parent)], check=True)


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system) of one child process. CPU
    seconds show threads that spin while they wait, which wall time hides on an idle machine."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{process.stderr.read().decode()[-3000:]}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


Command = tuple[list[str], dict[str, str], "Path | None"]  # argv, environment, a folder emptied before each run


def run_rounds(commands: dict[tuple[str, str], Command]) -> dict[tuple[str, str], dict]:
    """Every (contender, setting) once per round, REPEAT rounds (argostranslate ARGOS_REPEAT), so a
    slow spell of the machine falls on all of them; median wall seconds and highest peak RSS of each.
    A command's output folder is removed before each of its runs, outside the time measured."""
    runs: dict[tuple[str, str], list[tuple[float, float, float]]] = {key: [] for key in commands}
    rounds = {contender: REPEAT for contender in SETTINGS} | {"argostranslate": ARGOS_REPEAT or REPEAT}
    for number in range(max(rounds.values())):
        for key, (cmd, env, fresh) in commands.items():
            if number < rounds[key[0]]:
                if fresh is not None:
                    shutil.rmtree(fresh, ignore_errors=True)
                runs[key].append(run_once(cmd, env))
    return {key: {"wall_s": round(_median([w for w, _, _ in r]), 3), "peak_rss_mb": round(max(p for _, p, _ in r)),
                  "cpu_s": round(_median([c for _, _, c in r]), 3)} for key, r in runs.items()}


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def contender_env(env: dict[str, str], setting: dict[str, str]) -> dict[str, str]:
    return {**{k: v for k, v in env.items() if k not in THREAD_VARIABLES}, **setting}


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
    empty_glossary = work / "empty.yaml"
    empty_glossary.write_text("[]\n")
    commands: dict[tuple[str, str], Command] = {}
    for number, (name, setting) in enumerate(SETTINGS["raw"]):
        out = work / f"{label}-raw-{number}.json"
        commands[("raw", name)] = ([py, __file__, "--worker", "raw", str(package), str(sentences_file), str(out)],
                                   contender_env(env, setting), None)
    for number, (name, setting) in enumerate(SETTINGS["uebersetzer"]):
        # every run starts from an empty output folder and memory, or it would reuse everything
        out = work / f"{label}-ours-{number}"
        translate = [py, "-m", "uebersetzer", "translate", str(articles), "--to", "en", "--from", "de",
                     "--out", str(out), "--glossary", str(empty_glossary), "--quiet"]
        commands[("uebersetzer", name)] = (translate, contender_env(env, setting), out)
    for number, (name, setting) in enumerate(SETTINGS["argostranslate"]):
        out = work / f"{label}-argos-{number}.json"
        commands[("argostranslate", name)] = ([py, __file__, "--worker", "argos", str(articles), str(out)],
                                              contender_env({**env, "ARGOS_CHUNK_TYPE": "SPACY"}, setting), None)
    timings = run_rounds(commands)
    results: dict = {"sentences": len(sentences), "articles": len(list(articles.glob("*.txt")))}
    for contender, settings in SETTINGS.items():
        rows = {name: {"setting": name, **timings[(contender, name)]} for name, _ in settings}
        best = min(rows.values(), key=lambda row: row["wall_s"])
        results[contender] = {"defaults": rows["defaults"], "best": best, "settings": rows}
    for kind in ("defaults", "best"):
        results.setdefault("uebersetzer_over_raw", {})[kind] = round(
            results["uebersetzer"][kind]["wall_s"] / results["raw"][kind]["wall_s"], 3)
        results.setdefault("argos_over_uebersetzer", {})[kind] = round(
            results["argostranslate"][kind]["wall_s"] / results["uebersetzer"][kind]["wall_s"], 3)
        results.setdefault("uebersetzer_rss_over_argos", {})[kind] = round(
            results["uebersetzer"][kind]["peak_rss_mb"] / results["argostranslate"][kind]["peak_rss_mb"], 3)
    # The lowest uebersetzer/raw its CPU seconds allow on this machine's cores, even if no core were
    # ever idle: what the pipeline's own work costs beside the model's, whatever the overlap.
    results["uebersetzer_over_raw_floor"] = round(
        results["uebersetzer"]["best"]["cpu_s"] / len(os.sched_getaffinity(0)) / results["raw"]["best"]["wall_s"], 3)
    raw_outputs = [json.loads((work / f"{label}-raw-{n}.json").read_text()) for n in range(len(SETTINGS["raw"]))]
    argos_outputs = [json.loads((work / f"{label}-argos-{n}.json").read_text())["outputs"]
                     for n in range(len(SETTINGS["argostranslate"]))]
    results["raw_compute_s"] = round(raw_outputs[0]["compute"], 3)
    results["agreement"] = agreement(articles, sentences, raw_outputs[0]["outputs"], work / f"{label}-ours-0",
                                     argos_outputs[0])
    results["agreement"]["same_outputs_in_every_setting"] = (
        all(r["outputs"] == raw_outputs[0]["outputs"] for r in raw_outputs)
        and all(a == argos_outputs[0] for a in argos_outputs)
        and all(_article_texts(work / f"{label}-ours-{n}") == _article_texts(work / f"{label}-ours-0")
                for n in range(len(SETTINGS["uebersetzer"]))))
    return results


def _article_texts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted((folder / "en").glob("*.txt"))}


def first_run(articles: Path, work: Path, env: dict[str, str]) -> tuple[float, float]:
    """The one run that builds the language-profile cache; argostranslate's spaCy cache is
    likewise in place before its runs (see main)."""
    empty_glossary = work / "empty.yaml"
    empty_glossary.write_text("[]\n")
    return run_once([sys.executable, "-m", "uebersetzer", "translate", str(articles), "--to", "en", "--from", "de",
                     "--out", str(work / "first-run"), "--glossary", str(empty_glossary), "--quiet"], env)[:2]


def agreement(articles: Path, sentences: list[str], raw: list[str], ours: Path, argos: list[str]) -> dict:
    import polib

    from uebersetzer.restore import tidy  # the pipeline's post-edit (no full stop after a title), on the others too

    ours_by_msgid = {}
    for catalog in (ours / "en").glob("*.po"):
        ours_by_msgid.update({e.msgid: e.msgstr for e in polib.pofile(str(catalog)) if e.msgstr})
    same_raw = sum(ours_by_msgid.get(s) == tidy(r, s) for s, r in zip(sentences, raw))
    # Where the model invents a placeholder-like "{1}", uebersetzer's check catches it and the
    # sentence is redone without it; raw CTranslate2 and argostranslate print it as is.
    invented = sum("{" in r for r in raw)
    paragraphs_same = paragraphs_total = 0
    for path, argos_text in zip(sorted(articles.glob("*.txt")), argos):
        ours_text = (ours / "en" / path.name).read_text()
        ours_paragraphs = [p.strip() for p in ours_text.split("\n\n") if p.strip()]
        argos_paragraphs = [p.strip() for p in argos_text.split("\n\n") if p.strip()]
        source_paragraphs = [p.strip() for p in path.read_text().split("\n\n") if p.strip()]
        paragraphs_total += len(ours_paragraphs)
        paragraphs_same += sum(a == tidy(b, source) for a, b, source in
                               zip(ours_paragraphs, argos_paragraphs, source_paragraphs))
    return {"sentences_same_as_raw": f"{same_raw}/{len(sentences)}",
            "raw_outputs_with_invented_placeholders": invented,
            "paragraphs_same_as_argostranslate": f"{paragraphs_same}/{paragraphs_total}",
            "argostranslate_paragraphs_with_invented_placeholders": sum(
                "{" in p for text in argos for p in text.split("\n\n"))}


LABELS = {"raw": "a) raw CTranslate2", "uebersetzer": "b) uebersetzer translate", "argostranslate": "c) argostranslate"}


def report(name: str, r: dict) -> None:
    print("\n" + "\n".join(report_lines(name, r)))


BEST = " (best)"


def report_lines(name: str, r: dict) -> list[str]:
    """The table of one measurement: a row per contender and setting, the best marked. The
    setting column is as wide as its longest entry with the mark, so the figures stay in
    their columns."""
    n = r["sentences"]
    width = max(len(setting + BEST) for contender in LABELS for setting in r[contender]["settings"]) + 2
    label_width = max(map(len, LABELS.values())) + 2
    lines = [f"{name}: {_counted(r['articles'], 'article')}, {_counted(n, 'sentence')}",
             f"{'':{label_width}}{'setting':{width}}{'wall s':>8}{'CPU s':>8}{'sent/s':>8}{'peak RSS MB':>13}"]
    for contender, label in LABELS.items():
        for name_, row in r[contender]["settings"].items():
            mark = BEST if row == r[contender]["best"] else ""
            lines.append(f"{label if name_ == 'defaults' else '':{label_width}}{name_ + mark:{width}}"
                         f"{row['wall_s']:8.2f}{row['cpu_s']:8.2f}{n / row['wall_s']:8.1f}{row['peak_rss_mb']:13.0f}")
    for kind in ("best", "defaults"):
        lines.append(f"{kind:9} uebersetzer/raw (b/a) = {r['uebersetzer_over_raw'][kind]:.2f}   "
                     f"argostranslate/uebersetzer (c/b) = {r['argos_over_uebersetzer'][kind]:.2f}   "
                     f"peak RSS uebersetzer/argostranslate (b/c) = {r['uebersetzer_rss_over_argos'][kind]:.2f}")
    lines.append(f"uebersetzer/raw can be no lower than {r['uebersetzer_over_raw_floor']:.2f} here: uebersetzer's "
                 f"CPU seconds (best) over the usable cores, against raw's best wall time")
    lines.append(f"agreement: {r['agreement']}")
    return lines


def _counted(count: int, noun: str) -> str:
    """"1 article", "50 articles"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def machine() -> dict:
    import platform
    from importlib import metadata

    from extras import cpu

    versions = {}
    for name in ("uebersetzer", "ctranslate2", "sentencepiece", "argostranslate", "torch"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {"platform": platform.platform(), **cpu(),
            "usable_cores": len(os.sched_getaffinity(0)), "python": platform.python_version(), "versions": versions,
            "thread_variables": {k: os.environ[k] for k in THREAD_VARIABLES if k in os.environ}}


def main() -> None:
    parser = argparse.ArgumentParser(description="uebersetzer vs raw CTranslate2 vs argostranslate")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--model", choices=["fixture", "base"], default="fixture",
                        help="fixture: the de -> en test package; base: a model of Argos's real size "
                             "(transformer-base, 50,000 pieces), built once into the XDG cache folder")
    parser.add_argument("--package", type=Path, default=None, help="any .argosmodel (de -> en) instead")
    parser.add_argument("--repeat", type=int, default=REPEAT, help="runs per contender and setting; the median is "
                                                                   "reported")
    parser.add_argument("--argos-repeat", type=int, default=None,
                        help="rounds for argostranslate only (default: --repeat); raw CTranslate2 and "
                             "uebersetzer are close enough that their ratio needs more rounds than argostranslate's")
    parser.add_argument("--json", action="store_true", help="only the JSON object, on stdout")
    args = parser.parse_args()
    globals()["REPEAT"] = args.repeat
    globals()["ARGOS_REPEAT"] = args.argos_repeat
    if args.worker:
        kind, *rest = args.worker
        worker_raw(*map(Path, rest)) if kind == "raw" else worker_argos(*map(Path, rest))
        return
    from uebersetzer import models

    package_file = args.package or (ROOT / "tests" / "fixtures" / "models" / "de_en.argosmodel")
    if args.model == "base" and args.package is None:
        from base_model import base_package

        package_file = base_package()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="uebersetzer-bench-") as tmp:
        work = Path(tmp)
        package_dir = work / "packages"
        models.install_file(package_file, package_dir)
        env = {**os.environ, "ARGOS_PACKAGES_DIR": str(package_dir), "XDG_DATA_HOME": str(work / "data"),
               "XDG_CONFIG_HOME": str(work / "config"), "XDG_CACHE_HOME": str(work / "cache")}
        # argostranslate tries to download a multilingual spaCy model at import unless one is
        # cached; our packages carry their own sentencizer, so an empty cache entry stands in
        # for a user's earlier download (offline, the attempt would only cost time).
        (work / "cache" / "argos-translate" / "spacy" / "senter" / "model").mkdir(parents=True)
        compile_bytecode()
        batch, single = work / "batch", work / "single"
        make_articles(batch, args.articles)
        single.mkdir()
        shutil.copy(sorted(batch.glob("*.txt"))[0], single)
        first = first_run(single, work, env)
        lengths = package_file.with_suffix(".lengths.json")  # base_model.py's length check, beside its package
        results = {"machine": {**machine(), "package": str(package_file),
                               **({"length_check": json.loads(lengths.read_text())} if lengths.exists() else {})},
                   "batch": measure("batch", batch, work, package_dir, env),
                   "cold": measure("cold", single, work, package_dir, env),
                   "first_run": {"wall_s": round(first[0], 3), "peak_rss_mb": round(first[1])}}
    results["machine"]["load_average"] = {"before": [round(x, 2) for x in load_before],
                                          "after": [round(x, 2) for x in os.getloadavg()]}
    results["machine"]["rounds"] = {"raw": REPEAT, "uebersetzer": REPEAT, "argostranslate": ARGOS_REPEAT or REPEAT}
    if args.json:
        print(json.dumps(results))
        return
    m = results["machine"]
    print(f"machine: {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), vector instructions "
          f"{' '.join(m['vector_instructions']) or 'none of AVX'}, {m['platform']}, Python {m['python']}")
    print(f"versions: {m['versions']}; package {package_file.name}")
    if "length_check" in m:
        check = m["length_check"]
        steps = (f"{check['training_steps']} training steps" if "training_steps" in check  # built since it was recorded
                 else f"built with --steps {check['steps']}")
        print(f"model: {steps}; output/input token ratio {check['output_input_token_ratio']} "
              f"on {check['sentences']} bench sentences, {check['at_decoding_limit']} at the decoding limit"
              + ("" if "target_met" not in check else
                 f" (issue 13's target: {check['target']}, {'met' if check['target_met'] else 'NOT met'})"))
    print(f"load average before {m['load_average']['before']}, after {m['load_average']['after']}; "
          f"thread variables of this shell: {m['thread_variables'] or 'none'}; rounds per setting (median wall and "
          f"CPU seconds, highest peak RSS): {m['rounds']}")
    print(f"First uebersetzer run on this machine (builds the language-profile cache once): "
          f"{first[0]:.2f} s, peak RSS {first[1]:.0f} MB; the runs below find the cache")
    report("Batch", results["batch"])
    report("One article, cold start", results["cold"])


if __name__ == "__main__":
    main()

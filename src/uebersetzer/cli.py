"""The command line: thin click commands over the pipeline. The only place that prints.

Heavy modules (the argos engine, ctranslate2) are imported inside the commands that need
them, so `uebersetzer --help` and `detect` start fast.
"""

from __future__ import annotations

import errno
import functools
import io
import json
import sys
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterator, Sequence

import click

from uebersetzer import __version__, interrupts, plugins
from uebersetzer.engines import settings as engine_settings
from uebersetzer.errors import Interrupted, UebersetzerError, UsageError

if TYPE_CHECKING:
    from uebersetzer import models as models_module
    from uebersetzer import prune as prune_module
    from uebersetzer import pipeline
    from uebersetzer.downloads import Reporter
    from uebersetzer.read import ArticleFile


JSON_DIGITS = 4  # every fraction a --json output holds (a confidence) is rounded to this many places; seconds to 3
_json_printed = False  # set once a command printed its JSON object; main() prints one for an exit without


def _print_json(value: object) -> None:
    """The one JSON value a --json command prints on stdout (see main(), which prints one for
    any exit that did not)."""
    global _json_printed
    click.echo(json.dumps(value, ensure_ascii=False, indent=2), file=_result_stdout())
    _json_printed = True


def rounded(value: float) -> float:
    """A fraction as every --json output writes it."""
    return round(value, JSON_DIGITS)


def _common(command: Callable) -> Callable:
    """--quiet, --json and --debug on every command."""
    command = click.option("--debug", is_flag=True, help="Show tracebacks.")(command)
    command = click.option("--json", "as_json", is_flag=True, help="Machine-readable output on stdout.")(command)
    command = click.option("--quiet", "-q", is_flag=True, help="No progress bars, no summary.")(command)
    return command


def _encoding_option(command: Callable) -> Callable:
    """--encoding on the commands that read articles (translate, build, detect): the same article
    must be read the same way by each, or its sentences would not match its PO file's."""
    return click.option("--encoding", "encoding", default=None, metavar="ENCODING",
                        help="The encoding of articles that are not UTF-8 (windows-1256, koi8-r, shift_jis...), "
                             "instead of the charset they declare or a guess.")(command)


def _languages(value: str, option: str) -> list[str]:
    from uebersetzer.languages import NAMES, check_language, dropped_region, locale_name, told_apart

    codes = [code.strip() for code in value.split(",") if code.strip()]
    if not codes:
        raise UsageError(f"{option} needs at least one language code, e.g. {option} en,fr")
    spellings: dict[str, list[str]] = {}
    for code in codes:
        spellings.setdefault(check_language(code, option), []).append(code)
    for language, written in spellings.items():  # pt-BR,pt_BR: one target, said alike; en,en_GB: told
        if len({spelling.lower().replace("_", "-") for spelling in written}) > 1:
            each = "both" if len(written) == 2 else "all"
            click.echo(f"warning: {option} {','.join(written)}: {each} mean {locale_name(language)} (one "
                       f"{locale_name(language)}/ folder; {told_apart(written)} are not told apart); name it once",
                       err=True)
        elif option == "--to" and dropped_region(written[0]):  # fr_CA: fr/, silently, and fr_FR's edition too
            locale = locale_name(language)
            click.echo(f"warning: --to {written[0]}: {dropped_region(written[0])} is not told apart: this is "
                       f"{locale} (the {language} model, the {locale}/ folder, PO Language: {locale}), as is every "
                       f"{NAMES.get(language, language)} edition; give each edition its own --out to keep them apart",
                       err=True)
    return list(spellings)


def _bar(total: int | None, description: str, position: int = 0, **options: object):
    import os

    from tqdm import tqdm

    size = os.get_terminal_size(sys.stderr.fileno())  # a fresh pty may report 0 x 0: tqdm then draws nothing
    options = {"unit": "", **options}
    return tqdm(total=total, desc=description, file=sys.stderr, leave=False, ncols=size.columns or 80,
                nrows=size.lines or 24, position=position, **options)


@contextmanager
def _progress(total: int, description: str, quiet: bool) -> Iterator[Callable[[int], None]]:
    if quiet or not sys.stderr.isatty() or total == 0:
        yield lambda n: None
        return
    with _bar(total, description) as bar:
        yield bar.update


@contextmanager
def _growing_progress(description: str, quiet: bool) -> Iterator[tuple[Callable[[int], None], Callable[[int], None]]]:
    """(done, found): a bar whose total grows as work is found, for streams of unknown length."""
    if quiet or not sys.stderr.isatty():
        yield (lambda n: None), (lambda n: None)
        return
    with _bar(0, description, position=1) as bar:

        def found(count: int) -> None:
            bar.total += count
            bar.refresh()

        yield bar.update, found


def _known_engine(ctx: click.Context, param: click.Parameter, name: str) -> str:
    """--engine names a registered engine (built in, or a plug-in's entry point), said as click says a bad choice."""
    from uebersetzer.engines import BUILT_IN, engine_names

    if name in BUILT_IN:  # no scan of the installed packages' metadata (15-40 ms) for argos or pseudo
        return name
    names = engine_names()
    if name not in names:
        raise click.BadParameter(f"{name!r} is not one of {', '.join(names)} (a plug-in engine is found once its "
                                 "package is installed: README \"Adding an engine\")")
    return name


class _FormatName(click.ParamType):
    """--format: a registered format's name. The registry (plug-ins too) is read only when help
    is shown; the read stage checks the name against it (one line naming the ones there are)."""

    name = "format"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        from uebersetzer import formats

        return "|".join(formats.names())


class _Command(click.Command):
    """A command that does not take one of its options for another's value: click gives an
    option that takes a value the next word whatever it is, so `--to --out x` read `--out` as
    the language and said "unknown language code '--out'", pointing at the wrong mistake."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        _refuse_option_as_value(self, ctx, args)
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:  # click's parser raises without the context: name the command
            if error.ctx is None:
                error.ctx = ctx
            raise


def _refuse_option_as_value(command: click.Command, ctx: click.Context, args: Sequence[str]) -> None:
    """A usage error when an option that takes a value is followed by another of the command's
    options (`--to --out x`): said as click says a missing value. A value spelled `--to=--out`,
    and anything after `--`, is taken as written."""
    names = set(ctx.help_option_names)
    valued: set[str] = set()
    for parameter in command.get_params(ctx):
        if not isinstance(parameter, click.Option):
            continue
        spellings = {*parameter.opts, *parameter.secondary_opts}
        names |= spellings
        if not parameter.is_flag and not parameter.count and not getattr(parameter, "_flag_needs_value", False):
            valued |= set(parameter.opts)
    for token, following in zip(args, args[1:]):
        if token == "--":
            return
        if token in valued and following.split("=", 1)[0] in names:
            raise click.BadOptionUsage(token, f"Option {token!r} requires an argument: {following!r} after it is "
                                              "another option, not its value", ctx=ctx)


class _Stopped(Exception):
    """A Ctrl-C or SIGTERM (interrupts) that reached click: said by main() in its one line.
    click would print an empty line before it (after the `^C` a terminal echoes), which on a
    stderr that is a log file or a pipe is a blank line of its own."""


class _Group(click.Group):
    """The command groups: their commands are _Commands, their groups _Groups."""

    command_class = _Command
    group_class = type  # a group made by a _Group is a _Group

    def make_context(self, *args, **kwargs) -> click.Context:  # type: ignore[no-untyped-def]
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            raise _Stopped() from None

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _Stopped() from None


class _ArticlesCommand(_Command):
    """A command whose help names the article suffixes the registry knows (plug-ins too) where
    it says `{suffixes}`, read only when the help is shown."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        written = self.help
        self.help = _with_suffixes(written or "")
        try:
            super().format_help_text(ctx, formatter)
        finally:
            self.help = written

    def get_short_help_str(self, limit: int = 45) -> str:
        written = self.help
        self.help = _with_suffixes(written or "")
        try:
            return super().get_short_help_str(limit)
        finally:
            self.help = written


def _with_suffixes(text: str) -> str:
    if "{suffixes}" not in text:
        return text
    from uebersetzer import formats

    return text.replace("{suffixes}", ", ".join(f"*{suffix}" for suffix in formats.suffixes()))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="uebersetzer")
# also before the command (`uebersetzer --debug translate ...`), as the error lines invite; main() reads it
@click.option("--debug", is_flag=True, expose_value=False, help="Show tracebacks.")
def cli() -> None:
    """Translate news articles offline; review them as gettext PO files."""


@cli.command(cls=_ArticlesCommand)
@click.argument("paths", nargs=-1, required=True)
@click.option("--to", "targets", required=True, help="Target languages, comma-separated: en,fr")
@click.option("--from", "source", default="", help="Source language (default: detected per article).")
@click.option("--out", default="locales", show_default=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option("--root", default=None, type=click.Path(exists=True, file_okay=False),
              help="The articles' top folder: outputs mirror each article's path below it, however it is named.")
@click.option("--glossary", "glossary_path", default="glossary", show_default=True, help="Glossary file or folder.")
@click.option("--engine", "engine_name", default="argos", show_default=True, metavar="NAME", callback=_known_engine,
              help="argos, pseudo, or an engine plug-in installed as a package (README \"Adding an engine\").")
@click.option("--beam-size", type=click.IntRange(*engine_settings.BEAM_SIZES), default=None,
              help="Beam size (argos; default 4).")
@click.option("--device", type=click.Choice(engine_settings.DEVICES), default=None, help="Device (argos).")
@click.option("--threads", type=click.IntRange(*engine_settings.THREADS), default=None,
              help="CPU threads per batch (argos; default 1, with one batch per core at once).")
@click.option("--compute-type", type=click.Choice(engine_settings.COMPUTE_TYPES), default=None,
              help="CTranslate2 compute type (argos; default: auto).")
@click.option("--install-missing", is_flag=True,
              help="Download missing model packages from the index first (engines whose models are Argos packages).")
@click.option("--index", "index", default=None, help="Package index URL for --install-missing.")
@click.option("--tm", "tm_path", default=None, help="Translation memory (default OUT/.tm.sqlite).")
@click.option("--executor", default="local", show_default=True, type=click.Choice(["local", "ray"]),
              help="Where the model runs: this process, or model workers on a Ray cluster (RAY_ADDRESS).")
@click.option("--workers", type=click.IntRange(1, 100000), default=None,
              help="With --executor ray: at most this many model workers (default: cluster CPUs / threads).")
@click.option("--format", "input_format", default=None, type=_FormatName(),
              help="The format of the article on standard input (-); default: --name's suffix, else HTML when it "
                   "starts like HTML, else text.")
@click.option("--name", "input_name", default=None, metavar="NAME",
              help="The file name standard input's article (-) is translated as: its outputs are OUT/LANG/NAME and "
                   "its PO file; default stdin with its format's suffix (stdin.txt).")
@click.option("--stdout", "to_stdout", is_flag=True,
              help="Also write the localized article to stdout (one article, one --to language); every message goes "
                   "to stderr. PO files and memory are written under --out as always.")
@_encoding_option
@_common
def translate(paths: tuple[str, ...], targets: str, source: str, out: str, root: str | None, glossary_path: str,
              engine_name: str, beam_size: int | None, device: str | None, threads: int | None, compute_type: str | None,
              install_missing: bool, index: str | None, tm_path: str | None, executor: str, workers: int | None,
              input_format: str | None, input_name: str | None, to_stdout: bool, encoding: str | None,
              quiet: bool, as_json: bool, debug: bool) -> None:
    """Translate articles (files or folders of {suffixes}; - for standard input) into each target language."""
    from uebersetzer import pipeline, prune
    from uebersetzer.read import chosen_encoding, find_articles, printable

    target_codes = _languages(targets, "--to")
    codec = chosen_encoding(encoding)
    source_code = _languages(source, "--from")[0] if source else ""
    piped = _check_piped(paths, root, input_format, input_name)
    if to_stdout:
        _check_stdout(paths, target_codes, as_json)
    named = () if piped else paths  # folders named, which outputs are checked against
    _check_output_folder(out, named)
    memory = _memory(tm_path, Path(out), makes_out=True)  # opened when first used; its folder checked now
    summary = pipeline.Summary()
    install_missing = _installs_models(engine_name, install_missing, index, summary.warnings)  # before any work
    if piped:
        files = [_piped_article(input_name, input_format, codec)]
    else:
        files = find_articles(list(paths), exclude=[Path(out)], warnings=summary.warnings, root=_root(root),
                              encoding=codec)
        _require_articles(files, paths, summary.warnings, as_json)
    glossary = _load_glossary(glossary_path, source_code)
    # A Ray executor stops the local instance it started at exit (Ray's own atexit hook).
    if workers is not None and executor != "ray":
        raise UsageError("--workers caps the model workers of --executor ray; add --executor ray or drop --workers")
    engine = _engine(engine_name, beam_size, device, threads, compute_type, executor, workers, summary.warnings)
    pipeline.note_glossary(summary, glossary, target_codes)
    orphans, saved = _orphans(files, named, target_codes, out, root, memory, summary.warnings)
    compendia = prune.compendia(saved.read)  # a renamed article's edited sentences are matched in them
    preloaded = None
    uninstallable: dict[tuple[str, str], str] = {}
    if install_missing:  # every pair must be known before downloading
        with _progress(len(files), "articles", quiet) as tick:
            preloaded = pipeline.load_articles(files, source_code, summary, tick)
        uninstallable = _install_missing(preloaded, target_codes, index)
    with _stopping_once_on_signals(), \
            _progress(0 if preloaded is not None else len(files), "articles", quiet) as tick, \
            _growing_progress("sentences", quiet) as (done, found):
        # a stream: the engine translates while later articles are still being read
        articles = preloaded if preloaded is not None else pipeline.iter_articles(files, source_code, summary, tick)
        articles = pipeline.noting_unmatched_forms(articles, glossary, summary)
        printed = _PrintedArticle(summary, target_codes[0]) if to_stdout else None
        pipeline.translate_articles(articles, target_codes, pipeline.Outputs(Path(out)), engine, summary,
                                    glossary.find_terms, done, memory, found,
                                    while_locked=printed.open if printed else lambda: None, compendia=compendia,
                                    no_model=uninstallable,
                                    foreseen=_foreseen_pairs(source_code, target_codes, Path(out), memory.path,
                                                             bool(files) and preloaded is None))
    summary.warnings += memory.warnings
    summary.orphans = [printable(str(path)) for path in orphans]  # a name that is not UTF-8 must print and go into JSON
    whole = printed.print() if printed else True
    _report(summary, quiet, as_json, err=to_stdout)
    if not whole:
        raise UebersetzerError(f"standard output was closed before the whole article was written to it; the "
                               f"outputs under {out} are complete")


def _check_piped(paths: tuple[str, ...], root: str | None, input_format: str | None, input_name: str | None) -> bool:
    """Is the article read from standard input (`-`)? It is one article: the only path, once."""
    from uebersetzer.read import STDIN

    count = paths.count(STDIN)
    if count > 1:
        raise UsageError("- is named more than once; standard input holds one article: name - once")
    if count and len(paths) > 1:
        raise UsageError("- (standard input) cannot be read with other articles; translate the files in a run of "
                         "their own (a file named '-' is ./-)")
    if count and root is not None:
        raise UsageError("--root maps the paths of named files; standard input's article is named by --name instead")
    if not count and (input_format is not None or input_name is not None):
        option = "--format" if input_format is not None else "--name"
        raise UsageError(f"{option} is for the article on standard input (-); a file is read by its suffix, and its "
                         "outputs are named after it")
    return bool(count)


def _check_stdout(paths: tuple[str, ...], targets: list[str], as_json: bool) -> None:
    """--stdout prints one localized article, and nothing else may go to stdout."""
    from uebersetzer.read import STDIN

    if as_json:
        raise UsageError("--stdout and --json both write to stdout; drop --json (the exit code says whether it "
                         "worked, stderr why), or drop --stdout and read the article from the JSON's 'files'")
    if len(targets) != 1:
        raise UsageError(f"--stdout writes one localized article, but --to names {len(targets)} languages; name one")
    if len(paths) != 1 or (paths[0] != STDIN and not Path(paths[0]).is_file()):
        raise UsageError("--stdout writes one localized article; translate one article (- or a file), not "
                         f"{' '.join(paths)}")


def _piped_article(name: str | None, input_format: str | None, encoding: str = "") -> "ArticleFile":
    """Standard input's article, read at this edge: a terminal or a closed stdin is a user's mistake."""
    from uebersetzer.read import check_piped_options, piped_article

    check_piped_options(name, input_format)
    if sys.stdin is None:
        raise UsageError("- reads the article from standard input, which is closed; pipe an article in "
                         "(cat story.txt | uebersetzer translate - --to en) or name its file")
    if sys.stdin.isatty():
        raise UsageError("- reads the article from standard input, but that is a terminal (nothing is piped in); "
                         "pipe an article in (cat story.txt | uebersetzer translate - --to en) or name its file")
    try:
        data = sys.stdin.buffer.read()
    except OSError as error:
        raise UsageError(f"cannot read standard input: {error.strerror or error}; pipe an article in or name its "
                         "file") from None
    return piped_article(data, name, input_format, encoding)


class _PrintedArticle:
    """The one localized article --stdout prints: opened while the run still holds the output
    folder (a file replaced later by another run's rename leaves this one's bytes readable),
    printed after the run. Not when its article failed or was skipped: then stdout stays empty."""

    CHUNK = 1 << 16

    def __init__(self, summary: "pipeline.Summary", target: str) -> None:
        self.summary = summary
        self.target = target
        self.handle: BinaryIO | None = None

    def open(self) -> None:
        if self.summary.failed or self.summary.skipped:
            return
        paths = [entry["path"] for entry in self.summary.files
                 if entry["kind"] == "article" and entry["target"] == self.target]
        if paths:
            self.handle = open(paths[0], "rb")

    def print(self) -> bool:
        """Write it to stdout; False when stdout was closed before all of it was written (`| head`)."""
        if self.handle is None:
            return True
        stdout = _result_stdout().buffer
        with self.handle:
            try:
                while chunk := self.handle.read(self.CHUNK):
                    stdout.write(chunk)
                stdout.flush()
            except BrokenPipeError:
                _stdout_closed()
                return False
        return True


def _stdout_closed() -> None:
    """stdout's reader is gone: what is still buffered for it goes nowhere, so that Python's exit
    does not try to flush it and print a traceback (as the Python docs advise for SIGPIPE)."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, _result_stdout().fileno())
    os.close(devnull)


def _orphans(files: list, paths: tuple[str, ...], targets: list[str], out: str, root: str | None,
             memory, warnings: list[str]) -> tuple[list[Path], "prune_module.Saved"]:
    """The outputs below the named folders no article makes any more (deleted, renamed, moved),
    their editors' translations saved in the memory first: a renamed article gets them back
    (with what was saved, and the PO files read).
    Outputs whose article is still there (a subfolder of the folder they mirror was named) are
    no orphans: one warning per folder named says what to name instead."""
    from uebersetzer import pipeline, prune

    orphans = prune.find_orphans(files, paths, targets, pipeline.Outputs(Path(out)), _root(root))
    there = prune.still_there(orphans, paths, _root(root))
    warnings += list(dict.fromkeys(_first_per_folder(there)))
    orphans = [path for path in orphans if path not in {output.output for output in there}]
    return orphans, prune.save_editors_work(orphans, memory)


def _first_per_folder(there: list) -> list[str]:
    """One line for each folder named whose outputs mirror a folder above it."""
    first: dict[str, str] = {}
    for output in there:
        first.setdefault(output.named, output.line())
    return list(first.values())


def _root(root: str | None) -> Path | None:
    return Path(root) if root is not None else None


_stopped_by = interrupts.stopped_by  # the signal that interrupted the run (main() exits with 128 + it)


@contextmanager
def _stopping_once_on_signals() -> Iterator[None]:
    """Ctrl-C and SIGTERM stop a run the same way, once: the first raises KeyboardInterrupt
    (the pipeline then stores what the engine finished and stops), any later one is ignored,
    so it cannot cut that short or crash the exit (a second Ctrl-C aborted in CTranslate2's
    threads). As for `review`, also when the shell started it with SIGINT ignored (a
    background job): `kill -INT` must stop it however it was started. The handlers before
    are back once the block ends, unless it was stopped (the process is ending then)."""
    import signal

    previous = {number: signal.signal(number, interrupts.stop) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    except KeyboardInterrupt:  # outside the engine's work (the pipeline says what it kept): one line all the same
        raise Interrupted("interrupted; the articles written before are complete; run the same command again "
                          "to go on") from None
    finally:
        if not _stopped_by:
            for number, handler in previous.items():
                signal.signal(number, handler)


def _engine(name: str, beam_size: int | None, device: str | None, threads: int | None, compute_type: str | None,
            executor: str, workers: int | None, warnings: list[str]):
    """The engine, made with the model options it takes; one set that it does not take is a warning
    (not an error: a test run swaps --engine argos for pseudo and keeps the rest of the command)."""
    from uebersetzer.engines import MODEL_OPTIONS, check_plugins, engine_entry
    from uebersetzer.executors import create_executor

    given = {key: value for key, value in dict(beam_size=beam_size, device=device, threads=threads,
                                               compute_type=compute_type).items() if value is not None}
    takes = engine_entry(name).options
    check_plugins()  # a plug-in named like the built-in engine used is a warning of this run too
    for option in (option for option in given if option not in takes):
        warnings.append(
            f"--{option.replace('_', '-')} does not apply to --engine {name}, which takes "
            f"{_option_list(tuple(o for o in takes if o in MODEL_OPTIONS)) or 'no model options'}; ignored")
    return create_executor(executor, name, {key: value for key, value in given.items() if key in takes}, workers)


def _option_list(options: tuple[str, ...]) -> str:
    return ", ".join(f"--{option.replace('_', '-')}" for option in options)


def _installs_models(engine_name: str, install_missing: bool, index: str | None, warnings: list[str]) -> bool:
    """Whether this run installs missing models first: --index only says from where, so alone it
    can only be a mistake; an engine whose models are no Argos packages has nothing to install."""
    from uebersetzer.engines import engine_entry

    if index is not None and not install_missing:
        raise UsageError("--index says where --install-missing downloads models from; add --install-missing or "
                         "drop --index")
    if install_missing and not engine_entry(engine_name).argos_packages:
        warnings.append(f"--install-missing does not apply to --engine {engine_name}: its models are not Argos "
                        "packages; ignored")
        return False
    return install_missing


def _warn_held_back(glossary) -> None:
    """A command that prints no summary says on stderr which entries it left out as not reviewed."""
    from uebersetzer.glossary import held_back_line

    line = held_back_line(glossary)
    if line:
        click.echo(f"warning: {line}", err=True)


def _load_glossary(path: str, source_language: str = ""):
    """The glossary at `path`; `source_language` (--from) reads a TBX file that names none."""
    from uebersetzer.glossary import DEFAULT_GLOSSARY, Glossary, glossary_files, holds_no_glossary, load_glossary

    folder = Path(path)
    if path == DEFAULT_GLOSSARY:  # the default folder is optional, and so is a glossary in it; a named one is not
        if not folder.exists():
            return Glossary([], not_found=f"there is no '{DEFAULT_GLOSSARY}' folder in {Path.cwd()}")
        if folder.is_dir() and not glossary_files(folder):
            return Glossary([], not_found=f"the '{DEFAULT_GLOSSARY}' folder in {Path.cwd()} {holds_no_glossary(folder)}")
    return load_glossary(folder, source_language)


def _memory(tm_path: str | None, out: Path, *, makes_out: bool = False):
    """The memory a command reads and writes: --tm, else OUT/.tm.sqlite. Its folder must exist
    (checked now, before any work), except OUT for a command that makes OUT (`makes_out`:
    translate)."""
    from uebersetzer.catalog.memory import TranslationMemory

    memory = TranslationMemory(_memory_path(tm_path, out),
                               on_wait=lambda message: click.echo(f"uebersetzer: {message}", err=True),
                               make_folder=makes_out and not tm_path)
    memory.check_folder()
    # closed when the command ends, not whenever Python collects it: SQLite checkpoints its
    # write-ahead log into the file on close, which must not happen during a later command
    click.get_current_context().call_on_close(memory.close)
    return memory


def _foreseen_pairs(source: str, targets: list[str], out: Path, memory: Path, articles: bool) -> list[tuple[str, str]]:
    """The (source, target) pairs a run will certainly translate, whose models can load while
    the first articles are read: with --from, into each target that has no folder in OUT yet,
    with no memory yet either (so nothing can be reused). On a model of Argos's size the load
    takes ~0.35 s that then overlaps reading instead of preceding the first sentence
    (bench/bench_translate.py --model base). Any other run loads a model once an article needs
    it: a re-run with nothing new loads none."""
    from uebersetzer.languages import locale_name

    if not source or not articles or memory.exists():
        return []
    return [(source, target) for target in targets
            if target != source and not (out / locale_name(target)).exists()]


def _memory_path(tm_path: str | None, out: Path) -> Path:
    return Path(tm_path) if tm_path else out / ".tm.sqlite"


def _existing_memory(tm_path: str | None, out: Path):
    """The memory to read from: opening one that is not there would create it, and export an
    empty file as if all were well."""
    path = _memory_path(tm_path, out)
    if not path.exists():
        raise UsageError(f"no such translation memory: {path}; name it with --tm PATH, or --out the folder "
                         f"'uebersetzer translate' wrote")
    return _memory(tm_path, out)


def _install_missing(articles: list, targets: list[str], index: str | None) -> dict[tuple[str, str], str]:
    """Install the packages the articles need; why each pair that could not be installed was
    not, for the pipeline to fail that pair's articles with (the others are translated)."""
    from uebersetzer.models import install_missing_pairs
    from uebersetzer.pipeline import languages_of_sentences

    reporter = _install_reporter(False)
    article_pairs = {(a.language, t) for a in articles for t in targets}
    block_pairs = {(language, t) for a in articles for language in languages_of_sentences(a) for t in targets}
    block_pairs -= article_pairs
    # one call, so an index out of reach is asked for once (each try can wait 15 s to connect)
    installed, failures = install_missing_pairs(sorted(p for p in article_pairs | block_pairs if p[0] != p[1]), index,
                                                reporter)
    for installation in installed:
        click.echo(_installed_line(installation), err=True)
        _warn_unknown_codes(installation.package)
    # a block's language the index lacks is no reason to fail its article: the block keeps its
    # text, and the run's warning says so
    return {pair: f"--install-missing could not install {pair[0]} -> {pair[1]}: {reason}"
            for pair, reason in failures.items() if pair in article_pairs}


# where the summary's `qa:` line sends the reader: a translate run has just written the
# problems into the PO files; build writes no PO file, and checks the translations as an
# editor left them, which the comments of the last run may no longer describe
QA_IN_COMMENTS = "see the '#. qa:' comments"
QA_AS_BUILT = "see them in the review page; a translate run writes them into the '#. qa:' comments"


def _report(summary: "pipeline.Summary", quiet: bool, as_json: bool, err: bool = False,
            qa_pointer: str = QA_IN_COMMENTS) -> None:
    """The run's summary: on stdout, or with `err` (stdout carries the article) on stderr."""
    echo = functools.partial(click.echo, err=err)
    summary.warnings += plugins.taken_warnings()  # a plug-in left out: in the summary, --json's too
    if as_json:
        _print_json(summary.as_json())
    _listed("warning", summary.warnings, "warnings", as_json)
    _listed("warning", summary.orphan_warnings(), "orphaned outputs", as_json)
    _list_failed(summary, as_json)
    _listed("skipped", [f"{skipped['path']}: {skipped['reason']}" for skipped in summary.skipped],  # then file:line
            "skipped articles", as_json)
    if not quiet and not as_json:
        echo(
            f"{counted(summary.articles + summary.unread, 'article')}, {counted(summary.sentences, 'sentence')}, "
            f"{counted(summary.words, 'word')} in "
            f"{summary.seconds:.1f}s: {summary.sentences_translated} translated, {summary.sentences_reused} reused, "
            f"{summary.sentences_repeated} repeated, {summary.sentences_kept} kept, {summary.untranslated} untranslated; "
            f"{counted(summary.fallbacks, 'fallback')}, {summary.fuzzy} fuzzy, {len(summary.skipped)} skipped, "
            f"{len({failure['path'] for failure in summary.failed})} failed"  # articles: one may fail on several lines
        )
        if summary.fallbacks:
            echo(f"fallback: {summary.fallbacks} of the translated sentences lost protected text in the engine "
                 "and were translated piecewise around it; review them (see the '#. fallback:' comments)")
        for route in summary.pivots:
            echo(f"pivot: {route}: no direct model, so the translations went through "
                 f"{', '.join(route.split(' -> ')[1:-1])} (the PO header says so: X-Uebersetzer-Pivot)")
        problems = {kind: count for kind, count in summary.qa.items() if count}
        if problems:
            echo(f"qa: {counted(sum(problems.values()), 'problem')} to review (" + ", ".join(
                f"{kind} {count}" for kind, count in problems.items()) + f"); {qa_pointer}")
        for copied in summary.copied:
            echo(f"copied {copied['path']} to {copied['target']}: {copied['reason']}")
        _report_glossary(summary, echo)
    if summary.failed or summary.skipped:
        raise SystemExit(1)


def _no_articles(paths: tuple[str, ...]) -> str:
    """Why a run found nothing to read."""
    from uebersetzer.formats import suffixes

    return (f"no articles in {', '.join(paths)}: nothing ends in {', '.join(sorted(suffixes()))} there (hidden "
            "files and the output folder are skipped)")


def _require_articles(files: list["ArticleFile"], paths: tuple[str, ...], warnings: list[str], as_json: bool) -> None:
    """A run that found no article reads and writes nothing and fails (exit 2): to a cron job an
    empty or unmounted share must not look like a quiet night, and with nothing read every
    output would look orphaned. The walk's warnings (a folder it could not read) first."""
    if files:
        return
    _listed("warning", warnings, "warnings", as_json, in_json=False)
    raise UsageError(f"{_no_articles(paths)}; nothing was read or written. Is the folder mounted, and is it the one "
                     "that holds the articles?")


def _check_output_folder(out: str, paths: tuple[str, ...]) -> None:
    """The output folder may lie inside an input folder (it is skipped there), never be one:
    the language folders written into it were read as articles by the next run, which then
    translated its own output (`en/en/a.txt`)."""
    if not out.strip():
        raise UsageError("--out is empty; name the folder to write into (default locales)")
    output = Path(out).resolve()
    for path in paths:
        if Path(path).is_dir() and Path(path).resolve() == output:
            raise UsageError(f"--out {out} is the folder the articles are read from; the next run would read the "
                             "translations as articles. Write them elsewhere (default locales)")


def counted(count: int, noun: str, plural: str = "") -> str:
    """"1 article", "2 articles" (and "0 articles")."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _report_glossary(summary: "pipeline.Summary", echo: Callable[..., None] = click.echo) -> None:
    if summary.glossary is None:
        return  # a run that uses no glossary (build)
    if not summary.glossary:
        echo(f"no glossary: {summary.no_glossary}, so no names were fixed; pass --glossary PATH")
    for target, missing in summary.glossary_missing_targets.items():
        echo(_missing_targets_line(target, missing))


def _missing_targets_line(target: str, missing: list[str]) -> str:
    """"glossary: 1 entry has no 'fr' target; ...", "3 entries have ..." (no article before the
    code, which some read as a word and others letter by letter: "a 'fr'", "an 'en'")."""
    if len(missing) == 1:
        return (f"glossary: 1 entry has no '{target}' target; the model translates it there: {missing[0]} (add a "
                f"target for '{target}', or remove all its targets to keep the term as written)")
    return (f"glossary: {len(missing)} entries have no '{target}' target; the model translates them there: "
            f"{_some(missing)} (add a target for '{target}', or remove all targets of an entry to keep its term as "
            "written)")


def _some(names: list[str], shown: int = 8) -> str:
    return ", ".join(names[:shown]) + (f" and {len(names) - shown} more" if len(names) > shown else "")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@_encoding_option
@_common
def detect(paths: tuple[str, ...], encoding: str | None, quiet: bool, as_json: bool, debug: bool) -> None:
    """Say each article's language, and blocks and sentences written in another one."""
    from uebersetzer.detect import foreign_blocks, foreign_sentences
    from uebersetzer.errors import ArticleError
    from uebersetzer.pipeline import detected
    from uebersetzer.read import as_given, chosen_encoding, find_articles, read_article

    results, failed, warnings = [], [], []
    files = find_articles(list(paths), warnings=warnings, encoding=chosen_encoding(encoding))
    _require_articles(files, paths, warnings, as_json)
    _listed("warning", warnings, "warnings", as_json, in_json=False)
    read_warnings: list[str] = []  # what reading worked around (stray bytes, broken markup), named as the user named the file
    for file in files:
        try:
            source = read_article(file)
            article = detected(source)
        except ArticleError as error:
            _print_bug(error)
            failed.append(as_given(error, file))
            continue
        read_warnings += ([source.warning] if source.warning else []) + list(article.warnings)
        blocks = [{"index": i, "language": b.language, "confidence": rounded(b.language_confidence), "text": b.text}
                  for i, b in foreign_blocks(article)]
        sentences = [{"block": i, "language": segment.language, "text": segment.msgid}
                     for i, segment in foreign_sentences(article)]
        results.append({"path": str(file.path), "language": article.language,
                        "confidence": rounded(article.confidence), "blocks": blocks, "sentences": sentences})
    if as_json:
        _print_json(results)
    else:
        for result in results:
            click.echo(f"{result['path']}\t{result['language']}\t{result['confidence']:.2f}")
            for block in result["blocks"]:
                click.echo(f"  block {block['index']}\t{block['language']}\t{block['confidence']:.2f}\t{block['text'][:60]}")
            for sentence in result["sentences"]:
                click.echo(f"  sentence in block {sentence['block']}\t{sentence['language']}\t{sentence['text'][:60]}")
    _listed("warning", read_warnings, "warnings", as_json, in_json=False)
    _listed("error", failed, "failed articles", as_json, in_json=False)
    if failed:
        raise SystemExit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--to", "targets", required=True, help="Target languages, comma-separated: en,fr")
@click.option("--from", "source", default="", help="Source language (default: detected per article).")
@click.option("--out", default="locales", show_default=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option("--root", default=None, type=click.Path(exists=True, file_okay=False),
              help="The articles' top folder: outputs mirror each article's path below it, however it is named.")
@click.option("--reviewed-only", is_flag=True, help="Write an article only when all its entries are reviewed (exit 1 while any is not).")
@click.option("--tm", "tm_path", default=None, help="Translation memory to feed (default OUT/.tm.sqlite).")
@_encoding_option
@_common
def build(paths: tuple[str, ...], targets: str, source: str, out: str, root: str | None, reviewed_only: bool,
          tm_path: str | None, encoding: str | None, quiet: bool, as_json: bool, debug: bool) -> None:
    """Render localized articles from their PO files as they are, with no engine."""
    from uebersetzer import pipeline
    from uebersetzer.read import chosen_encoding, find_articles

    target_codes = _languages(targets, "--to")
    source_code = _languages(source, "--from")[0] if source else ""
    codec = chosen_encoding(encoding)
    _check_output_folder(out, paths)
    if not Path(out).is_dir():  # a mistyped --out: nothing to build from, and nothing is made there
        raise UsageError(f"no such output folder: {out}; run 'uebersetzer translate' first, or name the folder "
                         f"it wrote with --out")
    memory = _memory(tm_path, Path(out))
    summary = pipeline.Summary()
    files = find_articles(list(paths), exclude=[Path(out)], warnings=summary.warnings, root=_root(root),
                          encoding=codec)
    _require_articles(files, paths, summary.warnings, as_json)
    articles = pipeline.load_articles(files, source_code, summary)
    unreviewed = pipeline.build_articles(articles, target_codes, pipeline.Outputs(Path(out)), summary,
                                         reviewed_only, memory)
    summary.warnings += memory.warnings
    if reviewed_only and unreviewed:
        _list_failed(summary, as_json)
        _listed("", [entry.listing() for entry in unreviewed], "entries", as_json, in_json=False)
        broken = sum(1 for entry in unreviewed if entry.state not in ("fuzzy", "untranslated"))
        waiting = len(unreviewed) - broken
        parts = ([f"{counted(waiting, 'entry', 'entries')} {'is' if waiting == 1 else 'are'} not reviewed yet"]
                 if waiting else []) + ([f"{counted(broken, 'reviewed entry', 'reviewed entries')} "
                                         f"{'breaks' if broken == 1 else 'break'} the article's markup or blocks"]
                                        if broken else [])
        # counted per article and language (one PO file, one localized article), as `built` is:
        # two articles in two languages are up to 4
        held = len({entry.path for entry in unreviewed})
        built = f", {len(summary.outputs)} built" if summary.outputs else ""
        refusal = f"{', '.join(parts)}; {counted(held, 'localized article')} held back{built}"
        if as_json:
            _print_json({**summary.as_json("refused"), "error": refusal,
                         "unreviewed": [{"path": entry.path, "line": entry.line, "state": entry.state,
                                         "msgid": entry.msgid, "source": entry.source} for entry in unreviewed]})
        click.echo(f"uebersetzer: error: {refusal}", err=True)
        raise SystemExit(1)
    _report(summary, quiet, as_json, qa_pointer=QA_AS_BUILT)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", default="locales", show_default=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option("--to", "targets", default="", help="Languages, comma-separated (default: every language folder in OUT).")
@click.option("--root", default=None, type=click.Path(exists=True, file_okay=False),
              help="The articles' top folder, as translate was given it.")
@click.option("--delete", is_flag=True, help="Remove them (default: only list them).")
@click.option("--tm", "tm_path", default=None, help="Translation memory to save editors' work in (default OUT/.tm.sqlite).")
@_common
def prune(paths: tuple[str, ...], out: str, targets: str, root: str | None, delete: bool, tm_path: str | None,
          quiet: bool, as_json: bool, debug: bool) -> None:
    """List outputs whose article is gone from the folders named; --delete removes them, once the
    translation memory holds every editor's translation in them."""
    from uebersetzer import pipeline
    from uebersetzer import prune as pruning
    from uebersetzer.read import find_articles, printable

    _check_output_folder(out, paths)
    if not Path(out).is_dir():
        raise UsageError(f"no such output folder: {out}; name the folder 'uebersetzer translate' wrote with --out")
    if not any(Path(path).is_dir() for path in paths):
        raise UsageError("prune needs the articles' folder: a file named on its own says nothing about the articles "
                         "beside it; name the folder translate was given")
    warnings: list[str] = []
    files = find_articles(list(paths), exclude=[Path(out)], warnings=warnings, root=_root(root))
    if delete and (warnings or not files):  # an unreadable or empty (unmounted?) folder would orphan everything
        _listed("warning", warnings or [_no_articles(paths)], "warnings", as_json, in_json=False)
        raise UsageError("not every article could be read, so nothing was removed; fix that and run prune again")
    _require_articles(files, paths, warnings, as_json)  # listing every output as orphaned would say nothing
    outputs = pipeline.Outputs(Path(out))
    languages = _languages(targets, "--to") if targets else _language_folders(Path(out))
    orphans = pruning.find_orphans(files, paths, languages, outputs, _root(root))
    there = pruning.still_there(orphans, paths, _root(root))
    if there:  # every output would look orphaned: nothing can be listed or removed right
        raise UsageError(there[0].line())
    problems, removed = [], []
    if delete and orphans:
        saved = pruning.save_editors_work(orphans, _memory(tm_path, Path(out)))
        removed = pruning.removable(orphans, saved)
        problems = saved.problems + pruning.remove(removed, outputs, saved.read_as)
        removed = [path for path in removed if not path.exists()]  # one an editor saved meanwhile stays
    if as_json:
        _print_json({"status": "failed" if problems else "ok", "code": int(bool(problems)),  # the exit code below
                     "orphans": [printable(str(p)) for p in orphans],
                     "removed": [printable(str(p)) for p in removed], "problems": problems})
    else:
        for path in orphans:
            click.echo(f"{'removed' if path in removed else 'orphaned'}: {printable(str(path))}")
    _listed("error", problems, "files left in place", as_json, in_json=False)
    if not quiet and not as_json:
        if delete:
            click.echo(f"{counted(len(removed), 'file')} removed, their editors' translations saved in the translation "
                       "memory first", err=True)
        else:
            click.echo(f"{counted(len(orphans), 'output')} with no article; pass --delete to remove them (their "
                       "editors' translations go to the translation memory first)", err=True)
    if problems:
        raise SystemExit(1)


def _language_folders(out: Path) -> list[str]:
    from uebersetzer.languages import to_argos

    codes = (to_argos(folder.name) for folder in sorted(out.iterdir())
             if folder.is_dir() and not folder.name.startswith("."))
    return list(dict.fromkeys(code for code in codes if code))


@cli.command("qa")
@click.argument("paths", nargs=-1, required=True)
@click.option("--from", "source", default="", help="Source language where a PO header lacks X-Source-Language.")
@click.option("--to", "target", default="", help="Target language where a PO header lacks Language.")
@_common
def qa_command(paths: tuple[str, ...], source: str, target: str, quiet: bool, as_json: bool, debug: bool) -> None:
    """Check PO files (or folders of them) for probable translation errors; exit 1 when any."""
    from uebersetzer.errors import ArticleError
    from uebersetzer.qa import catalogs

    source_code = _languages(source, "--from")[0] if source else ""
    target_code = _languages(target, "--to")[0] if target else ""
    loaded, broken, unreadable = [], [], []
    found = catalogs.find_catalogs(list(paths))
    if not found:  # as for articles: an empty or unmounted folder is no clean bill
        raise UsageError(f"no PO files in {', '.join(paths)}; nothing was checked. Is the folder mounted, and is it "
                         "the output folder 'uebersetzer translate' wrote?")
    for path in found:
        try:
            catalog = catalogs.load_catalog(path, str(path))
        except ArticleError as error:
            broken.append(str(error))
            unreadable.append(catalogs.unreadable(str(path), error))
            continue
        loaded.append((str(path), catalog, *catalogs.languages(catalog, str(path), source_code, target_code)))
    _listed("error", broken, "broken PO files", as_json, in_json=False)
    findings = [f for display, catalog, src, tgt in loaded for f in catalogs.check_catalog(catalog, display, src, tgt)]
    if as_json:  # a file that could not be read is an entry too: [] must never stand for "not checked"
        _print_json([f.as_json() for f in unreadable + findings])
    else:
        for finding in findings:
            for line in finding.lines():
                click.echo(line)
        if not quiet:
            count = sum(len(f.problems) for f in findings)
            unread = f" ({len(broken)} more could not be read)" if broken else ""
            click.echo(f"{counted(len(loaded), 'PO file')}{unread}, {counted(count, 'problem')} in "
                       f"{counted(len(findings), 'entry', 'entries')}", err=True)
    if findings or broken:
        raise SystemExit(1)


@cli.group()
def models() -> None:
    """Argos Translate packages: list, install, remove."""


@models.command("list")
@_common
def models_list(quiet: bool, as_json: bool, debug: bool) -> None:
    """Installed packages (the argos-translate package folder) and which ones translation uses."""
    from uebersetzer import models as argos_models

    packages = argos_models.installed()
    used = argos_models.in_use(packages)
    rows = [{"from": p.from_code, "to": p.to_code, "version": p.version, "size": p.size(), "path": str(p.path),
             "used": p.path in used} for p in packages]
    if as_json:
        _print_json(rows)
        return
    if not rows and not quiet:
        click.echo(f"no packages in {argos_models.packages_dir()}; install one with: uebersetzer models install FROM TO")
    for row in rows:
        note = "" if row["used"] else (f"\tnot used: a newer {row['from']} -> {row['to']} is installed; "
                                       f"'uebersetzer models install {row['from']} {row['to']}' keeps one")
        click.echo(f"{row['from']} -> {row['to']}\t{row['version']}\t{row['size'] / 1e6:.1f} MB\t{row['path']}{note}")


@models.command("available")
@click.option("--index", "index", default=None, help="Package index URL (default: ARGOS_PACKAGE_INDEX or Argos').")
@_common
def models_available(index: str | None, quiet: bool, as_json: bool, debug: bool) -> None:
    """Packages offered by the package index."""
    from uebersetzer import models as argos_models

    entries = argos_models.available(index)
    if as_json:
        _print_json(entries)
        return
    for entry in entries:
        click.echo(f"{entry.get('from_code')} -> {entry.get('to_code')}\t{entry.get('package_version') or NO_VERSION}\t"
                   f"{_language_name(entry, 'from')} -> {_language_name(entry, 'to')}")


NO_VERSION = "(no version)"  # a package or index entry without package_version


def _language_name(entry: dict, side: str) -> str:
    """An index entry's language name (`from_name`), else ours for its code, else the code: an
    entry that names none printed an empty ` -> `."""
    from uebersetzer.languages import NAMES

    code = str(entry.get(f"{side}_code") or "")
    return str(entry.get(f"{side}_name") or NAMES.get(code, code) or "?")


@models.command("install")
@click.argument("pair", nargs=-1)
@click.option("--file", "package_file", default=None, type=click.Path(dir_okay=False), help="Install a local .argosmodel.")
@click.option("--index", "index", default=None, help="Package index URL (default: ARGOS_PACKAGE_INDEX or Argos').")
@_common
def models_install(pair: tuple[str, ...], package_file: str | None, index: str | None, quiet: bool, as_json: bool,
                   debug: bool) -> None:
    """Install FROM TO from the package index, or --file PKG.argosmodel."""
    from uebersetzer import models as argos_models

    if package_file and pair:
        raise UsageError("give either FROM TO or --file PKG.argosmodel, not both")
    reporter = _install_reporter(quiet)
    if package_file:
        installation = argos_models.install_archive(Path(package_file))
    elif len(pair) == 2:
        source, target = (_languages(code, "FROM/TO")[0] for code in pair)
        installation = argos_models.install_from_index(source, target, index, reporter=reporter)
    else:
        raise UsageError("name the pair to install, e.g. 'uebersetzer models install de en', or --file PKG.argosmodel")
    if as_json:
        _print_json({"status": "ok", "code": 0, "installed": _package_json(installation.package),
                     "replaced": [_package_json(old) for old in installation.replaced]})
    elif not quiet:
        click.echo(_installed_line(installation))
    _warn_unknown_codes(installation.package)


def _package_json(package: "models_module.Package") -> dict[str, str]:
    """A package as `models list --json` names its fields."""
    return {"from": package.from_code, "to": package.to_code, "version": package.version, "path": str(package.path)}


def _warn_unknown_codes(package: "models_module.Package") -> None:
    """A package whose metadata names a language code we do not know still installs (Argos may
    add a language before we do, and the user may fix the metadata), but translate routes
    articles by known codes only, so it would sit unused without a word."""
    from uebersetzer.languages import NAMES, to_argos

    for key, code in (("from_code", package.from_code), ("to_code", package.to_code)):
        if code in NAMES:  # Argos' own spellings, zt and pb included
            continue
        known = to_argos(code)
        spelled = f", which uebersetzer names '{known}'" if known else ""
        click.echo(f"warning: {package.path.name}: metadata.json names the unknown language code '{code}' "
                   f"({key}{spelled}); uebersetzer will not use this package (see 'Language codes' in the README)",
                   err=True)


def _installed_line(installation: "models_module.Installation") -> str:
    package = installation.package
    replaced = "".join(f"; replaced {old.pair} {old.version or NO_VERSION} ({old.path.name})"
                       for old in installation.replaced)
    return f"installed {package.pair} {package.version or NO_VERSION} in {package.path}{replaced}"


def _install_reporter(quiet: bool) -> "Reporter":
    """Notes (retries, the next link) on stderr, and a download bar with sizes on a terminal."""
    from uebersetzer.downloads import Reporter

    if quiet:
        return Reporter()
    bars: dict[str, object] = {}

    def transferred(url: str, received: int, total: int | None) -> None:
        if not sys.stderr.isatty():
            return
        bar = bars.get(url)
        if bar is None or bar.n > received:  # a new try starts from zero
            if bar is not None:
                bar.close()
            bar = bars[url] = _bar(total, url.rsplit("/", 1)[-1], unit="B", unit_scale=True, unit_divisor=1024)
        bar.update(received - bar.n)
        if total is not None and received >= total:
            bar.close()

    def note(message: str) -> None:  # progress, like the bar: a failure itself is one line at the end
        if sys.stderr.isatty():
            click.echo(message, err=True)

    return Reporter(note=note, transferred=transferred)


@models.command("remove")
@click.argument("source")
@click.argument("target")
@_common
def models_remove(source: str, target: str, quiet: bool, as_json: bool, debug: bool) -> None:
    """Remove the installed FROM TO packages (every version of the pair)."""
    from uebersetzer import models as argos_models

    source, target = (_languages(code, "FROM/TO")[0] for code in (source, target))  # as install reads them
    removed = argos_models.remove(source, target)
    if as_json:
        _print_json({"status": "ok", "code": 0, "removed": [_package_json(package) for package in removed]})
        return
    for package in removed:
        if not quiet:
            click.echo(f"removed {package.pair} {package.version} from {package.path}")


@cli.group()
def glossary() -> None:
    """Glossary tools: propose entries, check outputs."""


@glossary.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out_file", default=None,
              help="Write the candidates to FILE (YAML) instead of stdout; - is stdout.")
@click.option("--glossary", "glossary_path", default="glossary", show_default=True, help="Known entries to leave out.")
@click.option("--min-count", default=2, show_default=True, type=click.IntRange(1), help="Least occurrences.")
@click.option("--from", "source", default=None, help="Source language of a TBX glossary that names none.")
@_common
def glossary_extract(paths: tuple[str, ...], out_file: str | None, glossary_path: str, min_count: int,
                     source: str | None, quiet: bool, as_json: bool, debug: bool) -> None:
    """Propose glossary entries: recurring names, multi-word names, names in titles and bold."""
    from uebersetzer.extract import candidates, to_yaml
    from uebersetzer.fsio import atomic_write
    from uebersetzer.pipeline import Summary, load_articles
    from uebersetzer.read import find_articles

    out_file = _candidates_file(out_file, as_json)
    summary = Summary()
    articles = load_articles(find_articles(list(paths)), "", summary)
    found = candidates(articles, _load_glossary(glossary_path, _languages(source, "--from")[0] if source else ""),
                       min_count)
    text = to_yaml(found)
    if out_file and (not articles or summary.failed and not found):  # a curated file is not replaced by `[]`
        why = "no article could be read" if not articles else "no candidates, and some articles could not be read"
        click.echo(f"uebersetzer: {out_file} left as it was: {why}", err=True)
    elif out_file:
        atomic_write(Path(out_file), text)
        if not quiet and not as_json:
            click.echo(f"{counted(len(found), 'candidate')} written to {out_file}")
    elif not as_json:
        click.echo(text, nl=False)
    if as_json:  # the candidates themselves; the file, when named, holds them as YAML
        written = bool(out_file) and bool(articles) and not (summary.failed and not found)
        failed = bool(summary.failed) or bool(out_file) and not articles  # the exit code below
        _print_json({"status": "failed" if failed else "ok", "code": int(failed),
                     "candidates": [candidate.__dict__ for candidate in found], "file": out_file or "",
                     "written": written, "failed": summary.failed})
    _report_failures(summary)
    if out_file and not articles:  # the file asked for was not written
        raise SystemExit(1)


def _candidates_file(out_file: str | None, as_json: bool) -> str | None:
    """The file `glossary extract --out` names; None for stdout, which `-` means as it does for
    `translate -` (a file named `-` was written)."""
    if out_file != "-":
        return out_file
    if as_json:
        raise UsageError("--out - and --json both write to stdout; drop --json to get the candidates as YAML, "
                         "or drop --out - to get them in the JSON's 'candidates'")
    return None


@glossary.command("check")
@click.argument("paths", nargs=-1, required=True)
@click.option("--to", "targets", required=True, help="Target languages, comma-separated.")
@click.option("--out", default="locales", show_default=True, help="Where the outputs are.")
@click.option("--glossary", "glossary_path", default="glossary", show_default=True)
@click.option("--from", "source", default=None, help="Source language of a TBX glossary that names none.")
@_common
def glossary_check(paths: tuple[str, ...], targets: str, out: str, glossary_path: str, source: str | None,
                   quiet: bool, as_json: bool, debug: bool) -> None:
    """Check that every term occurrence of the sources is rendered in the outputs."""
    from uebersetzer.extract import check_outputs, closed_compounds, unmatched_forms
    from uebersetzer.pipeline import Outputs, Summary, load_articles
    from uebersetzer.read import find_articles

    summary = Summary()
    target_codes = _languages(targets, "--to")
    glossary = _load_glossary(glossary_path, _languages(source, "--from")[0] if source else "")
    if not glossary.path:  # a check with nothing to check against: not a pass
        raise UsageError(f"no glossary to check the outputs against: {glossary.not_found}; pass --glossary PATH")
    articles = load_articles(find_articles(list(paths), exclude=[Path(out)]), "", summary)
    _warn_held_back(glossary)
    report = check_outputs(articles, target_codes, Outputs(Path(out)), glossary)
    unmatched = unmatched_forms(articles, glossary)
    compounds = closed_compounds(articles, glossary)
    no_target = {target: glossary.missing_targets(target) for target in target_codes}
    if as_json:
        failed = bool(summary.failed) or any(not row.ok for row in report)  # the exit code below
        _print_json({"status": "failed" if failed else "ok", "code": int(failed), "terms": [r.__dict__ for r in report],
                     "missing_targets": {t: [e.source for e in missing] for t, missing in no_target.items()},
                     "unmatched_forms": [row.__dict__ for row in unmatched],
                     "closed_compounds": [row.__dict__ for row in compounds], "failed": summary.failed})
    else:
        for row in report:
            if row.absent:
                click.echo(f"NO OUTPUT\t{row.target}\t{row.path}: no such file; translate the article first "
                           f"('uebersetzer translate --to {row.target} --out {out}')")
            elif not quiet or not row.ok:
                click.echo(f"{'ok' if row.ok else 'MISSING'}\t{row.target}\t{row.path}\t{row.term}: "
                           f"{row.found}/{row.expected} x {row.form!r}")
        if not report and not quiet:  # every output there, and not one term in the articles
            click.echo(f"no term of {glossary.path} occurs in the {counted(len(articles), 'article')}: nothing was "
                       "checked")
        for target, missing in no_target.items():
            for entry in missing if not quiet else ():
                click.echo(f"NO TARGET\t{target}\t{entry.place}\t{entry.source}: translated by the model")
        for row in unmatched:  # not counted above, so not failed: the editor decides what they are
            click.echo(f"UNMATCHED\t{row.path}\t{row.term}: {', '.join(row.forms)} not matched, translated by the "
                       f"model; list the forms of the term in the variants of {row.place}")
        for row in compounds:  # nor these: a compound holding a term is the editor's to add, or not
            hold, them, they = ("holds", "it", "it") if len(row.words) == 1 else ("hold", "them", "they")
            click.echo(f"COMPOUND\t{row.path}\t{row.term}: {', '.join(row.words)} {hold} the term, translated by "
                       f"the model; add {them} to the glossary ({row.place}) if {they} must be fixed")
    _report_failures(summary)
    if any(not row.ok for row in report):
        raise SystemExit(1)


LISTED_AT_MOST = 50  # lines of one kind on the terminal: a batch whose files vanished printed 2,453
# what _listed's callers list, for "... and 1 more failed article"
_SINGULAR = {"warnings": "warning", "orphaned outputs": "orphaned output", "failed articles": "failed article",
             "skipped articles": "skipped article", "entries": "entry", "files left in place": "file left in place",
             "broken PO files": "broken PO file"}


def _listed(kind: str, lines: list[str], what: str, as_json: bool, in_json: bool = True) -> None:
    """Each line as `kind: line` on stderr, the first LISTED_AT_MOST of them, then how many
    more (and, where the command's `--json` holds them all, that it does). Every command lists
    failures and warnings through here."""
    prefix = f"{kind}: " if kind else ""  # no kind: lines that name their place first, as a compiler's do
    for line in lines[:LISTED_AT_MOST]:
        click.echo(f"{prefix}{line}", err=True)
    if len(lines) > LISTED_AT_MOST:
        where = ("; the summary above lists them all" if as_json else "; --json lists them all") if in_json else ""
        more = len(lines) - LISTED_AT_MOST
        click.echo(f"{prefix}... and {more} more {_SINGULAR.get(what, what) if more == 1 else what}{where}", err=True)


def _list_failed(summary: "pipeline.Summary", as_json: bool, in_json: bool = True) -> None:
    if _debugging():  # the bugs behind failures (a format's parse raised), as main shows an internal error's
        for failure in summary.failed:
            click.echo(summary.tracebacks.get(failure["reason"], ""), err=True, nl=False)
    _listed("error", [failure["reason"] for failure in summary.failed], "failed articles", as_json, in_json)


def _report_failures(summary: "pipeline.Summary") -> None:
    """The failed articles of a command whose output holds no summary (`--json` included), capped
    as translate's are; exit 1 when any."""
    _list_failed(summary, as_json=False, in_json=False)
    if summary.failed:
        raise SystemExit(1)


@cli.command()
@click.argument("out", default="locales", required=False)
@click.option("--to", "targets", multiple=True, help="Only these languages (repeat or comma-separate; default: all).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; others can then reach it.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535), help="Port; 0 picks a free one.")
@click.option("--no-browser", is_flag=True, help="Do not open the workspace in a browser.")
@click.option("--tm", "tm_path", default=None, help="Translation memory that approved edits go to (default OUT/.tm.sqlite).")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def review(out: str, targets: tuple[str, ...], host: str, port: int, no_browser: bool, tm_path: str | None,
           debug: bool) -> None:
    """Review translations in the browser: source and translation side by side, saved to the PO files."""
    import secrets

    from uebersetzer.review import find_catalogs, save_blockers
    from uebersetzer.review_app import address, addresses_for_others, create_app, start_server

    folder = Path(out)
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "no such output folder"
        raise UsageError(f"{what}; name the folder 'uebersetzer translate --out' wrote", path=out)
    from uebersetzer.languages import locale_name

    # the spellings translate takes (pt-BR, pt_BR, pb), as the folders translate writes (pt_BR)
    languages = [locale_name(code) for value in targets for code in _languages(value, "--to")]
    catalogs = find_catalogs(folder, languages)
    if not catalogs:
        wanted = f" in {', '.join(languages)}" if languages else ""
        raise UsageError(f"no PO files{wanted} to review below this folder; run 'uebersetzer translate' first",
                         path=out)
    token = secrets.token_urlsafe(24)
    checked = _memory(tm_path, folder)  # its folder checked now; each request opens it
    checked.connection.execute("SELECT 1")  # and the file: not SQLite, or damaged, is one line now, as for translate
    memory = checked.path
    try:
        server = start_server(create_app(folder, languages, token, memory), host, port)
    except OSError as error:
        import errno
        import socket

        if isinstance(error, socket.gaierror) or error.errno == errno.EADDRNOTAVAIL:  # the address, not the port
            raise UsageError(f"cannot listen on {host} ({error.strerror or error}); pass an address of this "
                             "machine as --host (default 127.0.0.1)") from error
        raise UsageError(f"cannot listen on {host}:{port} ({error.strerror or error}); pick another --port, "
                         f"or 0 for a free one") from error
    for blocker in save_blockers(folder, catalogs):
        click.echo(f"warning: {blocker}", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: --host {host}: the workspace can be reached from other machines; anyone with "
                   f"its address can change the PO files", err=True)
    _serve_until_stopped(server, address(server, token), open_browser=not no_browser,
                         others=addresses_for_others(server, token))
    click.echo("review stopped", err=True)


def _serve_until_stopped(server, url: str, open_browser: bool, others: Sequence[str] = ()) -> None:
    """Serve until Ctrl-C, or SIGTERM (`kill PID`), which stops it the same clean way. The
    handlers are in place before the address is printed, so a stop sent as soon as it is
    read is a clean one."""
    import signal
    import webbrowser

    previous_handler = signal.signal(signal.SIGTERM, signal.default_int_handler)
    # A shell starts background jobs with SIGINT ignored, and Python then leaves it ignored:
    # Ctrl-C (or `kill -INT`) must stop the workspace however it was started.
    previous_interrupt = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        click.echo(f"Review: {url}")  # the first line on stdout, for scripts and tests to read
        for other in others:  # --host 0.0.0.0: 0.0.0.0 is no address a colleague can open
            click.echo(f"Review from other machines: {other}")
        sys.stdout.flush()
        click.echo("Press Ctrl-C to stop.", err=True)
        if open_browser:
            webbrowser.open(url)
        server.serve_forever()  # werkzeug's returns on Ctrl-C
    except KeyboardInterrupt:  # a Ctrl-C before it started serving
        pass
    finally:
        server.server_close()
        signal.signal(signal.SIGTERM, previous_handler)
        signal.signal(signal.SIGINT, previous_interrupt)


@cli.group()
def tm() -> None:
    """Translation memory: export and import TMX."""


@tm.command("export")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "file_format", type=click.Choice(["tmx"]), default="tmx", show_default=True)
@click.option("--tm", "tm_path", default=None, help="Translation memory (default OUT/.tm.sqlite).")
@click.option("--out", default="locales", show_default=True, help="Output folder holding the default memory.")
@click.option("--human-only", is_flag=True, help="Leave machine translations out.")
@_common
def tm_export(file: str, file_format: str, tm_path: str | None, out: str, human_only: bool, quiet: bool,
              as_json: bool, debug: bool) -> None:
    """Write the translation memory as TMX 1.4."""
    from uebersetzer.fsio import atomic_write
    from uebersetzer.catalog.tmx import dumps

    folder = Path(file).parent
    if not folder.is_dir():  # an export makes no folders: a mistyped path is not silently created
        raise UsageError("no such folder; create it first, or name a TMX file in a folder that exists",
                         path=str(folder))
    memory = _existing_memory(tm_path, Path(out))
    units = [u for u in memory.units() if u.origin == "human" or not human_only]
    atomic_write(Path(file), dumps(units))
    if as_json:
        _print_json({"status": "ok", "code": 0, "file": file, "units": len(units)})
    elif not quiet:
        click.echo(f"{counted(len(units), 'unit')} written to {file}")


@tm.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--tm", "tm_path", default=None, help="Translation memory (default OUT/.tm.sqlite).")
@click.option("--out", default="locales", show_default=True, help="Output folder holding the default memory.")
@_common
def tm_import(file: str, tm_path: str | None, out: str, quiet: bool, as_json: bool, debug: bool) -> None:
    """Read a TMX file into the translation memory."""
    from uebersetzer.catalog.tmx import loads

    if not Path(file).is_file():
        raise UsageError("no such TMX file", path=file)
    memory = _memory(tm_path, Path(out))
    skipped: list[str] = []
    units = loads(Path(file).read_bytes(), file, skipped)
    memory.store(units)
    if memory.read_only:
        raise UebersetzerError(f"{memory.path}: the translation memory is read-only; nothing was imported")
    if not units:  # an empty body is valid TMX, and what po2tmx makes of a file of fuzzy entries
        click.echo(f"warning: {file} holds no translation unit in two languages; nothing to import (po2tmx, "
                   "for one, leaves fuzzy entries out)", err=True)
    elif skipped:  # never silently fewer than the file holds
        click.echo(f"warning: {file}: {counted(len(skipped), 'translation unit')} left out, holding no translation: "
                   f"{_some(skipped, 3)}", err=True)
    if as_json:
        _print_json({"status": "ok", "code": 0, "file": file, "units": len(units)})
    elif not quiet:
        click.echo(f"{counted(len(units), 'unit')} imported from {file}")


def main() -> None:
    """Entry point: user mistakes become one line and an exit code; tracebacks only with --debug.
    With --json, every exit prints one JSON object on stdout: the command's own, or for an
    exit without one `{"status", "error", "code"}` (see _exit).

    --debug and --json are read from argv before click parses it, so errors in the options honour them too."""
    global _json_printed
    debug = _debugging()
    as_json = "--json" in sys.argv[1:] and not {"--help", "-h", "--version"} & set(sys.argv[1:])
    _json_printed = False
    _stopped_by.clear()
    plugins.taken_warnings()  # what an earlier command in this process noted (tests) is not this one's
    # a failure to print is named as one; a closed stdout fails instead of dropping what is printed; when
    # stdout is the result (the JSON, the article), nothing but the result can reach it
    _guard_stdout(as_json or "--stdout" in sys.argv[1:])
    try:
        cli.main(prog_name="uebersetzer", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt, _Stopped):  # a Ctrl-C outside a run's own handling
        # a SIGTERM too (interrupts: from the process's start), 143
        code = 128 + _stopped_by[0] if _stopped_by else 130
        if sys.stderr.isatty():  # the line starts after the `^C` a terminal echoed, as click starts it
            click.echo("", err=True)
        _exit(code, "uebersetzer: interrupted", as_json, "interrupted", status="interrupted")
    except click.exceptions.Exit as exit_:  # --help, --version
        _list_plugin_warnings()
        sys.exit(exit_.exit_code)
    except click.ClickException as error:  # a usage mistake: one line even with --debug, never a traceback
        command = error.ctx.command_path if getattr(error, "ctx", None) else "uebersetzer"
        _exit(2, f"{command}: error: {error.format_message()} (see '{command} --help')", as_json,
              error.format_message())
    except Interrupted as error:  # what the engine finished is stored; its threads are not waited for
        code = 128 + _stopped_by[0] if _stopped_by else error.exit_code  # SIGTERM: 143, as a plain kill says
        _exit(code, f"uebersetzer: {error}", as_json, str(error), status="interrupted")
    except UebersetzerError as error:
        if debug:  # where it was raised, and then the same line and exit code as without --debug
            traceback.print_exc()
        _exit(error.exit_code, f"uebersetzer: error: {error}", as_json, str(error))
    except SystemExit as exit_:  # a command's own exit code, after its output
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        _exit(code, "", as_json, "" if code == 0 else "the command failed; see the lines on stderr")
    except OSError as error:  # a folder not writable, a disk full: the user's to fix
        if debug:
            traceback.print_exc()
        if isinstance(error, _StdoutFailed):
            _stdout_failed(error, 1)
        place = f"{error.filename}: " if error.filename else ""
        _exit(1, f"uebersetzer: error: {place}{error.strerror or error}", as_json,
              f"{place}{error.strerror or error}")
    except Exception as error:  # a bug (ours, or a plug-in's): say so in one line, the traceback with --debug
        if debug:
            traceback.print_exc()
            _exit(1, "", as_json, _internal_error(error), status="internal error")
        message = _internal_error(error)
        _exit(1, f"uebersetzer: {message} (run with --debug for details)", as_json, message,
              status="internal error")
    _exit(0, "", as_json, "")


class _ClosedStdout(io.TextIOBase):
    """stdout when the process was started with it closed (`>&-`): Python makes it None, and
    click.echo then drops every line without a word, so `--json` exited 0 with no JSON
    delivered. Writing to this fails as writing to a closed descriptor does."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "it is closed")


class _StdoutFailed(OSError):
    """Writing to standard output failed (a full disk, /dev/full, a closed descriptor, a reader
    gone): told apart from the other OSErrors, which name a file of the user's."""


class _GuardedStdout(io.TextIOBase):
    """sys.stdout for the run: the same stream, whose failures raise _StdoutFailed, so that
    main() names standard output, whichever command's line or JSON was being printed. It
    reports the stream's encoding and errors, so click writes to it as it is."""

    def __init__(self, stream: io.TextIOBase) -> None:
        super().__init__()
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except OSError as error:
            raise _StdoutFailed(error.errno, error.strerror or str(error)) from error

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as error:
            raise _StdoutFailed(error.errno, error.strerror or str(error)) from error

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "errors", None) or "strict"

    @property
    def buffer(self) -> BinaryIO:
        return self.stream.buffer  # --stdout's article, which handles its own failures


_result: list[_GuardedStdout] = []  # where the command's result goes when it is not sys.stdout (see _guard_stdout)


def _guard_stdout(result_only: bool = False) -> None:
    """sys.stdout guarded (see _GuardedStdout). With `result_only` (--json, --stdout: stdout
    carries the command's result and nothing else) the result goes to a private duplicate of
    file descriptor 1, and descriptor 1 and sys.stdout go to stderr for the rest of the
    process: what a library prints then lands on stderr, never in the JSON or the article.
    Ray's driver prints a dead worker's `(raylet) ...` lines to sys.stdout from a thread of
    its own (`log_to_driver=False` does not stop them), and native code (CTranslate2, Ray's
    core, the processes Ray starts) writes to descriptor 1 itself."""
    _result.clear()
    if not isinstance(sys.stdout, _GuardedStdout):
        sys.stdout = _GuardedStdout(sys.stdout if sys.stdout is not None else _ClosedStdout())
    if result_only and (private := _private_stdout(sys.stdout.stream)) is not None:
        _result.append(_GuardedStdout(private))
        sys.stdout = sys.stderr


def _private_stdout(stream: io.TextIOBase) -> io.TextIOBase | None:
    """A stream of its own on a duplicate of `stream`'s descriptor (not inherited by the processes
    a library starts), which then points at stderr; None for a stream without a descriptor
    (a test's capture, a closed stdout), which stays as it is."""
    import os

    try:
        descriptor = stream.fileno()
        sys.stderr.fileno()
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return None
    stream.flush()
    private = os.fdopen(os.dup(descriptor), "w", encoding=getattr(stream, "encoding", None) or "utf-8",
                        errors=getattr(stream, "errors", None) or "strict",
                        newline="\n", buffering=1 if getattr(stream, "line_buffering", False) else -1)
    sys.stderr.flush()
    os.dup2(sys.stderr.fileno(), descriptor)
    return private


def _result_stdout() -> _GuardedStdout:
    """Where the command's own output on stdout goes: the private stdout when there is one."""
    if _result:
        return _result[0]
    if not isinstance(sys.stdout, _GuardedStdout):  # a command called without main() (a test)
        return _GuardedStdout(sys.stdout if sys.stdout is not None else _ClosedStdout())
    return sys.stdout


def _stdout_failed(failure: OSError, code: int) -> None:
    """End with one line naming standard output, and a non-zero exit: what the command printed
    there did not arrive. Never a traceback, nor a second JSON object that cannot arrive either.
    A reader that went away (`| head -1`) ends the run without a line, as click ends commands;
    its exit is still 1."""
    _discard_stdout()
    if failure.errno != errno.EPIPE:
        click.echo(f"uebersetzer: error: cannot write to standard output ({failure.strerror or failure}); what the "
                   "command printed there was lost", err=True)
    sys.exit(code or 1)


def _discard_stdout() -> None:
    """Send what is still buffered for stdout nowhere, so the interpreter's exit cannot fail on it."""
    import os

    stream = _result_stdout().stream
    if _result:
        _result[0] = _GuardedStdout(open(os.devnull, "w"))
    else:
        sys.stdout = open(os.devnull, "w")
    try:
        stream.fileno()
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):  # no descriptor: _ClosedStdout, a capture
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, stream.fileno())
    os.close(devnull)


def _internal_error(error: Exception) -> str:
    """A bug's line: where the traceback ends in a plug-in's code, that plug-in's (its authors
    are the ones to tell), else ours."""
    from uebersetzer.engines.plugin import blamed

    plugin = blamed(error.__traceback__)
    where = f" in {plugin[0]} ({plugin[1]}; report it to its authors)" if plugin else ""
    return f"internal error{where}: {type(error).__name__}: {error}"


def _debugging() -> bool:
    """--debug, read from argv (main does) so that it holds before click parses the options."""
    return "--debug" in sys.argv[1:]


def _print_bug(error: BaseException) -> None:
    """With --debug, the traceback of an article's failure that has a bug behind it (a format's
    parse raised); the article's line is listed as without --debug."""
    from uebersetzer.errors import bug_behind

    if _debugging() and bug_behind(error) is not None:
        traceback.print_exception(error)


def _list_plugin_warnings() -> None:
    """What the registries said of the installed plug-ins and no summary listed (a command without
    one, help listing the engines or formats, an error): one warning line each on stderr."""
    for warning in plugins.taken_warnings():
        click.echo(f"warning: {warning}", err=True)


def _exit(code: int, line: str, as_json: bool, error: str = "", status: str = "error") -> None:
    """End the process: `line` on stderr, and with --json, when the command printed no JSON
    object, `{"status", "error", "code"}` on stdout (status "ok" for a command that exits 0
    without one). An interrupted run ends without waiting for the engine's threads, which
    still finish a batch that nothing will read (os._exit; at the interpreter's normal exit
    they were joined, or CTranslate2 aborted with `terminate called without an active
    exception`); Python's atexit hooks (Ray's shutdown) still run first."""
    _list_plugin_warnings()
    if line:
        click.echo(line, err=True)
    try:
        if as_json and not _json_printed:
            _print_json({"status": "ok" if code == 0 else status, "error": error, "code": code})
        _result_stdout().flush()  # what was printed must have arrived, or the exit says it did not
    except _StdoutFailed as failure:
        _stdout_failed(failure, code)
    if status == "interrupted":
        import atexit
        import os
        import threading

        if any(thread.is_alive() and not thread.daemon for thread in threading.enumerate()
               if thread is not threading.main_thread()):
            atexit._run_exitfuncs()  # documented in CPython's atexit module; os._exit would skip them
            _result_stdout().flush()
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    sys.exit(code)

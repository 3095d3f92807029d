"""The `ray` executor: a language pair's unique sentences sharded across model workers on Ray.

Ray, not a home-made cluster: its actors are the usual shape of batch inference with
stateful model workers (each loads its model once and keeps it), it restarts a killed
worker and retries its call (`max_restarts`, `max_task_retries`), and it moves a package
to a node once through its object store. Everything but `translate` stays on the driver:
reading, detection, segmentation, protect/check/fallback, PO files, articles and the memory,
so there is one writer with the usual lock and atomic writes, and the output is the local
run's byte for byte.

Ray is an optional extra (`pip install 'uebersetzer[ray]'`) imported only here.
"""

from __future__ import annotations

import atexit
import fcntl
import io
import logging
import os
import re
import signal
import socket
import sys
import tempfile
import threading
import time
import zipfile
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from uebersetzer import interrupts, models
from uebersetzer.engines import create_engine
from uebersetzer.errors import EngineError, UebersetzerError, UsageError
from uebersetzer.fsio import user_cache_folder

# Estimated source tokens per shard: a few of the engine's own token batches, so a worker
# sorts and batches well inside its shard while shards still spread across workers.
SHARD_TOKENS = 4096
RESTARTS = 3  # a killed worker comes back this often; its call is retried as often
# A cluster whose head node (its GCS, at the address the driver joined) has refused or not
# answered every check for this long is gone: the run ends in one line. Ray's own ending is
# no answer: it ends a driver whose GCS stays gone for gcs_rpc_server_reconnect_timeout_s
# (60 s) with exit 1 and not a word, and its retries of the workers' calls, which end in an
# exception we can word, took 17 s on an idle machine and lost that race on a loaded one.
HEAD_GONE_SECONDS = 3.0
_HEAD_CHECK_SECONDS = 0.5  # how often the head is checked while a batch is out
# For fault tests: when this variable names a file that exists on the worker's machine, the
# first worker to claim it (an atomic rename) dies in the middle of its batch; while the file
# says "every", every worker dies in every batch, as on a cluster that is going down; while it
# says "hang", every worker stops in the middle of its batch (leaving MARKER.hanging.PID), so
# a test can take the cluster away from a run that is surely under way.
CHAOS_VARIABLE = "UEBERSETZER_RAY_KILL_ONE_WORKER"


@dataclass(frozen=True)
class ShippedPackage:
    """What a worker needs to use the driver's model: the pair, the version it must have, and
    the package as a zip in Ray's object store in case its own package folder lacks it."""

    from_code: str
    to_code: str
    version: str
    archive: Any  # ray.ObjectRef to the zipped package folder

    @property
    def pair(self) -> str:
        return f"{self.from_code} -> {self.to_code}"


# Settings Ray reads once, when it is imported, that the driver needs and the processes Ray starts
# must not inherit (a local instance's processes get the environment ray.init sees):
# - Ray's core installs Abseil's failure signal handler in every process it connects, the driver
#   too: a SIGTERM that stops a run (which the CLI handles, ending in one line and exit 143) first
#   printed `*** SIGTERM received at time=... ***` and a stack of bare addresses on stderr. The
#   processes Ray starts keep their handler (their crash dumps are what Ray's logs are for).
# - Ray's API calls start or join a cluster themselves when Ray is not initialized. An interrupted
#   run shuts Ray down while the engine thread may still await its workers (the pipeline does not
#   wait for it); its next call joined the cluster again, at Ray's default log level, and printed
#   four lines of Ray's after the run's one (a red CI run). Without it, that call raises, and the
#   engine thread's error is dropped with the run.
NO_SIGNAL_DUMP = "RAY_DISABLE_FAILURE_SIGNAL_HANDLER"
NO_AUTO_CONNECT = "RAY_ENABLE_AUTO_CONNECT"
DRIVER_ONLY = {NO_SIGNAL_DUMP: "1", NO_AUTO_CONNECT: "0"}


def _import_ray():
    ours = [name for name in DRIVER_ONLY if name not in os.environ]  # the user's own settings win
    os.environ.update({name: DRIVER_ONLY[name] for name in ours})
    try:
        import ray
    except ImportError as error:
        raise UsageError("--executor ray needs Ray; install it with: pip install 'uebersetzer[ray]'") from error
    finally:
        for name in ours:  # this driver only: not inherited by the local instance's processes
            del os.environ[name]
    return ray


def shard(sentences: Sequence[str], workers: int = 1, most: int = SHARD_TOKENS) -> list[list[int]]:
    """Indices of `sentences` in shards of at most `most` tokens, and small enough that every
    worker gets one (words are the estimate: the driver loads no tokenizer); similar lengths
    together, as the engine sorts them."""
    tokens = [len(sentence.split()) + 1 for sentence in sentences]
    budget = max(1, min(most, -(-sum(tokens) // max(1, workers))))
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    shards: list[list[int]] = [[]]
    size = 0
    for index in order:
        if shards[-1] and size + tokens[index] > budget:
            shards.append([])
            size = 0
        shards[-1].append(index)
        size += tokens[index]
    return shards if shards[0] else []


def zip_package(package: models.Package) -> bytes:
    """The installed package folder as an .argosmodel zip (stored, not compressed: models
    barely compress, and the worker unpacks it with the same checks as `models install`)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for path in sorted(package.path.rglob("*")):
            if path.is_file():
                archive.write(path, f"{package.path.name}/{path.relative_to(package.path)}")
    return buffer.getvalue()


class ModelWorker:
    """One Ray actor: an engine whose models load once and stay for the whole run."""

    def __init__(self, engine_name: str, options: dict[str, object]) -> None:
        self.engine = create_engine(engine_name, **options)
        self._routes: dict[tuple[str, ...], list[models.Package]] = {}

    def node(self) -> str:
        import ray

        return f"{socket.gethostname()} ({ray.util.get_node_ip_address()})"

    def pid(self) -> int:
        return os.getpid()

    def translate(self, sentences: list[str], source: str, target: str,
                  shipment: list[ShippedPackage] | None) -> list[str]:
        if shipment is None:  # an engine without packages (pseudo)
            translations = self.engine.translate(sentences, source, target)
        else:
            translations = self.engine.translate_route(self._packages(shipment), sentences)  # type: ignore[attr-defined]
        _die_if_asked()
        return translations

    def translate_candidates(self, sentences: list[str], source: str, target: str,
                             shipment: list[ShippedPackage] | None, count: int) -> list[list[str]]:
        """The engine's `count` best translations of each sentence (see translate.py's alternatives)."""
        if shipment is None:
            candidates = [[text] for text in self.engine.translate(sentences, source, target)]
        else:
            candidates = self.engine.route_candidates(self._packages(shipment), sentences, count)  # type: ignore[attr-defined]
        _die_if_asked()
        return candidates

    def _packages(self, shipment: list[ShippedPackage]) -> list[models.Package]:
        key = tuple(f"{p.from_code}-{p.to_code}@{p.version}" for p in shipment)
        if key not in self._routes:
            self._routes[key] = [self._package(p) for p in shipment]
        return self._routes[key]

    def _package(self, wanted: ShippedPackage) -> models.Package:
        """The worker's own package when it is the driver's version, else the shipped one,
        unpacked once per node into its cache (a lock keeps the node's workers in turn)."""
        own = models.find(wanted.from_code, wanted.to_code)
        if own and own.version == wanted.version:
            return own
        cache = user_cache_folder() / "ray-packages"
        try:
            cache.mkdir(parents=True, exist_ok=True)
            with open(cache / ".lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                cached = models.find(wanted.from_code, wanted.to_code, cache)
                if not (cached and cached.version == wanted.version):
                    cached = self._unpack(wanted, cache)
        except (OSError, UebersetzerError) as error:
            raise EngineError(f"worker on {self.node()} cannot get the model for {wanted.pair} "
                              f"{wanted.version}: {error}") from None
        if cached.version != wanted.version:
            raise EngineError(f"worker on {self.node()} got {wanted.pair} {cached.version}, "
                              f"but the driver uses {wanted.version}")
        return cached

    def _unpack(self, wanted: ShippedPackage, cache: Path) -> models.Package:
        import ray

        with tempfile.NamedTemporaryFile(suffix=".argosmodel", dir=cache) as archive:
            archive.write(ray.get(wanted.archive))
            archive.flush()
            return models.install_file(Path(archive.name), cache, display=f"package {wanted.pair} from the driver")


def _check_reachable(address: str | None, seconds: float = 10) -> str | None:
    """Fail fast on a `host:port` nobody answers on: Ray itself retries for minutes. `auto`
    is the address of the cluster last started on this machine, which may be gone. The
    `host:port` checked, None for an address that is no cluster's (none: a local instance)."""
    if address == "auto":
        address = _latest_cluster()
    if not address or "://" in address or address == "local" or ":" not in address:
        return None
    host, _, port = address.rpartition(":")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=seconds).close()
    except ValueError:
        raise ValueError(f"not a host:port address: {address!r}") from None
    except OSError as error:
        raise ConnectionError(f"nothing answers at {address}: {error.strerror or error}") from None
    return address


def _reachable(address: str | None) -> str | None:
    """_check_reachable, its failure said as the run's one line."""
    try:
        return _check_reachable(address)
    except (ConnectionError, ValueError, OSError) as error:
        raise _unreachable(address, error) from error


def _check_authenticated(gcs_address: str, seconds: float = 5) -> None:
    """Fail fast when the cluster refuses this driver's authentication: ray.init says so only
    after some 20 s of retries, and then inside another error's text. One connection to the
    head node's GCS; any other failure is left to ray.init (with its retries). Ray's own
    client, imported where this Ray has it."""
    ray = _import_ray()
    try:
        from ray._raylet import InnerGcsClient
    except ImportError:
        return
    try:
        with _native_stderr_closed():  # Ray's core logs the refusal there as well
            InnerGcsClient.standalone(gcs_address, None, int(seconds * 1000))
    except ray.exceptions.AuthenticationError:
        raise
    except Exception:  # noqa: BLE001 - a connection Ray itself will retry, or a client of another shape
        return


# Ray's own words for a refused token (ray.exceptions.AuthenticationError), also when they come
# as the text of another error (ray.init's "Failed to connect to GCS. Last connection error: ...").
_REFUSED = re.compile(r"(?:AuthenticationError: )?(?:RPC error: \w+: )?(Authentication token is missing or incorrect)")


def _unreachable(address: str | None, error: BaseException) -> EngineError:
    """The run's one line for a cluster it cannot start or join: the cause Ray gave, and for a
    refused token what to set (the variables of Ray's token authentication)."""
    return EngineError(f"cannot start or reach the Ray cluster (RAY_ADDRESS={address or ''!r}): {_ray_cause(error)}")


def _ray_cause(error: BaseException) -> str:
    """What Ray said went wrong: the deepest error's last line (ray.init wraps the error of its
    last attempt, traceback and all, into the text of its own), and for a refused token the fix."""
    chain = [error]
    while (inner := chain[-1].__cause__ or chain[-1].__context__) is not None and inner not in chain:
        chain.append(inner)
    for link in chain:
        refused = _REFUSED.search(str(link))
        if refused:
            return f"it refused this driver ({refused.group(1)}); {_token_advice()}"
    said = [str(link).strip() for link in reversed(chain) if str(link).strip()]
    if not said:
        return type(error).__name__
    deepest = said[0].splitlines()[-1].strip()
    outer = str(error).strip().splitlines()[0]
    return outer if deepest in outer else f"{outer} ({deepest})"


def _token_advice() -> str:
    """What to set for Ray's token authentication (Ray 2.60 reads RAY_AUTH_MODE, then the token
    from RAY_AUTH_TOKEN, else the file RAY_AUTH_TOKEN_PATH names, else ~/.ray/auth_token)."""
    where = "RAY_AUTH_TOKEN (or in a file named by RAY_AUTH_TOKEN_PATH; default ~/.ray/auth_token)"
    if os.environ.get("RAY_AUTH_MODE", "").lower() != "token":
        mode = os.environ.get("RAY_AUTH_MODE")
        now = f"RAY_AUTH_MODE is {mode!r}" if mode is not None else "RAY_AUTH_MODE is not set"
        return (f"the cluster uses token authentication and {now}: set RAY_AUTH_MODE=token and the cluster's "
                f"token in {where}; `ray get-auth-token` on its head node prints it")
    return (f"this driver's token is not the cluster's: put the cluster's token in {where}; "
            "`ray get-auth-token` on its head node prints it")


def _latest_cluster() -> str | None:
    """What Ray's `auto` stands for (Ray's own lookup; None where this Ray lacks it)."""
    try:
        from ray._private.services import canonicalize_bootstrap_address
    except ImportError:
        return None
    try:
        return canonicalize_bootstrap_address("auto")
    except ConnectionError:
        raise ConnectionError("RAY_ADDRESS=auto, but no Ray cluster was started on this machine") from None


def _die_if_asked() -> None:
    marker = os.environ.get(CHAOS_VARIABLE)
    if not marker:
        return
    try:
        mode = Path(marker).read_text()
        if mode == "hang":
            Path(f"{marker}.hanging.{os.getpid()}").touch()
            time.sleep(3600)
        if mode != "every":
            os.rename(marker, f"{marker}.claimed.{os.getpid()}")  # atomic: one worker wins
    except OSError:
        return
    os._exit(1)  # as a SIGKILL would: no clean-up, the batch's results never leave


class RayEngine:
    """An `Engine` whose `translate` runs on Ray model workers; the rest asks a local engine
    (pair checks and model versions read package metadata only, loading no model)."""

    def __init__(self, engine_name: str, options: dict[str, object], workers: int | None = None) -> None:
        # imported now, before any article is read (the run needs it soon anyway): missing,
        # found at the first sentence, it failed every sentence of the run one by one
        ray = _import_ray()
        self.local = create_engine(engine_name, **options)
        self.name = self.local.name
        self._engine_name = engine_name
        self._options = options
        self._workers_cap = workers
        self._pool: Any = None
        self._actors: list[Any] = []
        self._keeper = _InstanceKeeper()  # Ray's connection, and the local instance if the run starts one
        self._shipments: dict[tuple[str, str], list[ShippedPackage] | None] = {}
        if not ray.is_initialized() and os.environ.get("RAY_ADDRESS"):
            # a cluster to join is joined now: one that cannot be joined (nobody answers, the
            # token is refused) fails the run before its output folder is made. A local
            # instance starts when the first sentence needs the model (never, when the memory
            # has them all): starting one costs seconds, and it seldom fails.
            self._connect()

    def check_pair(self, source: str, target: str) -> None:
        self.local.check_pair(source, target)

    def model_version(self, source: str, target: str) -> str:
        return self.local.model_version(source, target)

    def pivots(self, source: str, target: str) -> tuple[str, ...]:
        return getattr(self.local, "pivots", lambda *pair: ())(source, target)

    @property
    def term_strategy(self) -> str:
        """The local engine's way with glossary terms, so a Ray run writes what a local run writes."""
        return getattr(self.local, "term_strategy", "placeholder")

    @property
    def alternatives(self) -> int:
        return getattr(self.local, "alternatives", 1)

    @property
    def standin_retries(self) -> int:
        return getattr(self.local, "standin_retries", 0)

    def standins(self, source: str, target: str) -> tuple[str, ...]:
        """The local engine's stand-ins: the driver holds the same packages the workers get."""
        from uebersetzer.translate import engine_standins

        return engine_standins(self.local, source, target)

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        return self._on_workers("translate", sentences, source, target)

    def translate_candidates(self, sentences: Sequence[str], source: str, target: str, count: int) -> list[list[str]]:
        return self._on_workers("translate_candidates", sentences, source, target, count)

    def _on_workers(self, method: str, sentences: Sequence[str], source: str, target: str, *extra: object) -> list:
        """`method` of the model workers over shards of `sentences`, results in their order."""
        if not sentences:
            return []
        ray = self._start()
        shipment = self._shipment(source, target)
        shards = shard(sentences, len(self._actors))
        translated: list = [""] * len(sentences)
        try:
            for indices in shards:
                self._pool.submit(lambda actor, part: getattr(actor, method).remote(
                    [sentences[i] for i in part], source, target, shipment, *extra), indices)
            head = _HeadWatch(ray.get_runtime_context().gcs_address)
            outputs = [self._next_output(head) for _ in shards]
            for indices, output in zip(shards, outputs):
                if not isinstance(output, list) or len(output) != len(indices):  # zipped, it would move translations
                    from uebersetzer.translate import wrong_count

                    raise wrong_count(self.name, output, len(indices))
                for index, text in zip(indices, output):
                    translated[index] = text
        except ray.exceptions.RayTaskError as error:
            cause = getattr(error, "cause", None)
            if isinstance(cause, UebersetzerError):
                raise EngineError(str(cause)) from None
            raise
        except ray.exceptions.RayError as error:
            raise EngineError(f"the Ray cluster lost the model workers ({type(error).__name__}; a worker is "
                              f"restarted at most {RESTARTS} times); nothing was written") from None
        return translated

    def _next_output(self, head: "_HeadWatch") -> list:
        """The pool's next output in order, the head node checked while it is awaited (see
        HEAD_GONE_SECONDS): Ray's pool would wait for it until Ray ends the process."""
        ray = _import_ray()
        while True:
            try:
                return self._pool.get_next(timeout=_HEAD_CHECK_SECONDS)
            except TimeoutError as error:
                if isinstance(error, ray.exceptions.RayError):  # a worker's own TimeoutError, raised here as
                    raise  # RayTaskError(TimeoutError): its output is taken, not awaited
                head.check()  # the pool's: not done yet

    def workers(self) -> int:
        """How many model workers: --workers, else the cluster's CPUs over threads per worker."""
        self._start()
        return len(self._actors)

    def _threads_per_worker(self) -> int:
        threads = int(self._options.get("threads") or 0)
        return threads if threads > 0 else 1  # small models scale better across workers than threads

    def _start(self):
        ray = _import_ray()
        if self._pool is not None:
            return ray
        if not ray.is_initialized():
            self._connect()
        threads = self._threads_per_worker()
        cpus = int(ray.cluster_resources().get("CPU", 1))
        count = max(1, cpus // threads)
        if self._workers_cap:
            count = min(count, self._workers_cap)
        options = {**self._options, "threads": threads, "inter_threads": 1}  # Ray's CPUs say how many at once
        worker_class = ray.remote(num_cpus=threads, max_restarts=RESTARTS, max_task_retries=RESTARTS)(ModelWorker)
        self._actors = [worker_class.options(scheduling_strategy="SPREAD").remote(self._engine_name, options)
                        for _ in range(count)]
        self._pool = ray.util.ActorPool(self._actors)
        return ray

    def _connect(self) -> None:
        """Join the cluster RAY_ADDRESS names (Ray's own convention), or without it start a local
        instance, which close() stops again."""
        ray = _import_ray()
        address = os.environ.get("RAY_ADDRESS") or None
        # Ray's C++ core logs every failed call to stderr (a lost head node gave 16 lines
        # before our one); the user's own setting wins.
        ours = "RAY_BACKEND_LOG_LEVEL" not in os.environ
        os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
        try:
            gcs_address = _reachable(address)
            if gcs_address:
                _check_authenticated(gcs_address)
            with _native_stderr_closed() if ours else nullcontext(), _signal_handlers_kept():
                self._keeper.start(ray, local=address is None, address=address, include_dashboard=False,
                                   logging_level=logging.ERROR, log_to_driver=False, configure_logging=True)
        except EngineError:
            raise
        except (ConnectionError, RuntimeError, ValueError, OSError, ray.exceptions.RayError) as error:
            raise _unreachable(address, error) from error  # the cause in the line, its traceback with --debug

    def _shipment(self, source: str, target: str) -> list[ShippedPackage] | None:
        """The driver's packages for the pair, put in the object store once per run."""
        if (source, target) not in self._shipments:
            route = getattr(self.local, "route", None)
            if route is None:
                self._shipments[(source, target)] = None
            else:
                import ray

                self._shipments[(source, target)] = [
                    ShippedPackage(p.from_code, p.to_code, p.version, ray.put(zip_package(p)))
                    for p in route(source, target)]
        return self._shipments[(source, target)]

    def close(self) -> None:
        self._keeper.close()
        self._pool = None


class _InstanceKeeper:
    """Runs ray.init on a thread of its own, which lives until close(), and stops what is left
    of a local instance then.

    - Ray binds a local instance's processes to the thread that started them (Linux's
      PR_SET_PDEATHSIG fires when that thread ends, not the process). Started from the
      pipeline's engine thread, they were killed the moment it ended with the run, the raylet
      with no chance to stop its agents (ray::DashboardAgent, ray::RuntimeEnvAgent), which
      outlived the run by about a minute: they notice the raylet is gone, then try to tell the
      GCS, which is gone too, until that times out.
    - A run interrupted while the instance starts ends before ray.init returns. The instance's
      processes are found by a variable of this run's own in their environment (every process
      of the instance inherits it, the driver's own environment does not hold it), and the
      processes below those (an agent's process title overwrites its environment), and
      stopped by their PIDs, never by name.
    """

    def __init__(self) -> None:
        self._stopped = threading.Event()
        self._marker: str | None = None
        self._connected = False

    def start(self, ray, local: bool, **options: object) -> None:
        """ray.init(**options) on the keeper thread; its error, if any, raised here."""
        started = threading.Event()
        failure: list[BaseException] = []
        if local:
            self._marker = f"{os.getpid()}-{time.time_ns()}"
            os.environ[INSTANCE_VARIABLE] = self._marker
        # at the process's exit, before Ray's own shutdown hook (atexit runs the last registered
        # first), also when a run is interrupted while the instance starts. The keeper, not the
        # engine: held by atexit, an engine's model workers would live as long as the process,
        # holding the cluster's CPUs (a second run on the cluster waited for ever).
        atexit.register(self.close)

        def keep() -> None:
            try:
                ray.init(**options)
            except BaseException as error:  # handed to the caller, which sorts it out
                failure.append(error)
                return
            finally:
                started.set()
            self._stopped.wait()

        self._stopped.clear()
        threading.Thread(target=keep, name="ray-instance", daemon=True).start()
        try:
            started.wait()
        finally:
            os.environ.pop(INSTANCE_VARIABLE, None)  # for the instance's processes only
        if failure:
            raise failure[0]
        self._connected = True

    def close(self) -> None:
        """Ray shut down, the local instance's processes still running stopped (see
        _stop_processes), and the keeper thread ended."""
        grace = LEFTOVER_GRACE_SECONDS
        # before the shutdown: once the raylet is gone its agents are no longer below it, and
        # they cannot be told by their environment, which their process title overwrites
        # (ray::DashboardAgent: /proc/PID/environ reads as zero bytes)
        instance = _still_running(self._marker, {}) if self._marker is not None else {}
        if self._connected:
            import ray

            try:
                ray.shutdown()
            except KeyboardInterrupt:  # Ctrl-C or SIGTERM while it waits for the processes: stop them now
                grace = 0.0
            self._connected = False
        if self._marker is not None:
            _stop_processes(self._marker, instance, grace)
            self._marker = None
        self._stopped.set()


# Every process of a local instance this run started holds it in its environment.
INSTANCE_VARIABLE = "UEBERSETZER_RAY_INSTANCE"
# How long the local instance's leftovers get to end on SIGTERM before they are killed.
LEFTOVER_GRACE_SECONDS = 3.0


def _process_table() -> dict[int, tuple[int, str, str]]:
    """Every process: PID -> (parent's PID, start time, state), from /proc/PID/stat. The start
    time tells a PID reused meanwhile apart; state Z is a zombie, which has ended and waits to be
    reaped. Ray's psutil is no dependency of ours; with no /proc (macOS) the answer is empty and
    Ray's own clean-up is left as it is."""
    table: dict[int, tuple[int, str, str]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            table[int(stat.parent.name)] = (int(fields[1]), fields[19], fields[0])
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
    return table


def _descendants(roots: Iterable[int], table: dict[int, tuple[int, str, str]]) -> dict[int, str]:
    """The processes below any of `roots` in `table` (see _process_table), each with its start time."""
    children: dict[int, list[int]] = {}
    for child, (parent, _, _) in table.items():
        children.setdefault(parent, []).append(child)
    found: dict[int, str] = {}
    waiting = list(roots)
    while waiting:
        for child in children.get(waiting.pop(), []):
            if child not in found:
                found[child] = table[child][1]
                waiting.append(child)
    return found


def _holding(marker: str) -> set[int]:
    """The processes whose environment holds INSTANCE_VARIABLE=`marker`."""
    wanted = f"{INSTANCE_VARIABLE}={marker}".encode()
    found: set[int] = set()
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if wanted in environ.read_bytes().split(b"\0"):
                found.add(int(environ.parent.name))
        except OSError:
            continue  # gone meanwhile, or not ours to read
    return found


def _still_running(marker: str, known: dict[int, str]) -> dict[int, str]:
    """The instance's processes still running: those `known` (by PID and start time), those
    holding the marker, and any process below them (one started meanwhile)."""
    table = _process_table()
    running = {pid: start for pid, start in known.items()
               if pid in table and table[pid][1] == start and table[pid][2] != "Z"}
    running.update({pid: table[pid][1] for pid in _holding(marker) if pid in table and table[pid][2] != "Z"})
    running.update({child: start for child, start in _descendants(list(running), table).items()
                    if table[child][2] != "Z"})
    return running


def _stop_processes(marker: str, known: dict[int, str], grace: float) -> None:
    """SIGTERM to each process of the instance (see _still_running), then SIGKILL to those still
    running after `grace` seconds. Each by its PID, never by name."""
    signalled: dict[int, str] = {}
    deadline = time.monotonic() + grace
    while (running := _still_running(marker, known)) and time.monotonic() < deadline:
        for pid, start in running.items():
            if signalled.get(pid) != start:
                _signal(pid, signal.SIGTERM)
                signalled[pid] = start
        known.update(running)
        time.sleep(0.05)
    for pid in running:
        _signal(pid, signal.SIGKILL)


def _signal(pid: int, number: int) -> None:
    try:
        os.kill(pid, number)
    except (ProcessLookupError, PermissionError):
        pass


class _HeadWatch:
    """Whether the cluster's head node still answers at `address` (host:port of its GCS)."""

    def __init__(self, address: str) -> None:
        self.address = address
        self._silent_since: float | None = None

    def check(self) -> None:
        """Raise EngineError once the head has not answered for HEAD_GONE_SECONDS."""
        host, _, port = self.address.rpartition(":")
        try:
            socket.create_connection((host.strip("[]"), int(port)), timeout=_HEAD_CHECK_SECONDS).close()
        except OSError:
            now = time.monotonic()
            if self._silent_since is None:
                self._silent_since = now
            if now - self._silent_since >= HEAD_GONE_SECONDS:
                raise EngineError(f"the Ray cluster at {self.address} is gone (its head node has not answered for "
                                  f"{HEAD_GONE_SECONDS:g} s); nothing was written") from None
        else:
            self._silent_since = None


@contextmanager
def _signal_handlers_kept() -> Iterator[None]:
    """SIGTERM and SIGINT as they were before: ray.init on the main thread takes SIGTERM for
    itself (a plain sys.exit), and the CLI stops a run on it in its own way (exit 143, one line)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    handlers = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for number, handler in handlers.items():
            if handler is not None:
                signal.signal(number, handler)


@contextmanager
def _native_stderr_closed() -> Iterator[None]:
    """The process's stderr (file descriptor 2) goes nowhere for a moment: Ray's C++ core
    announces on it, below Python's reach, the very log level we set to keep it quiet ("Set
    ray log level from environment variable RAY_BACKEND_LOG_LEVEL"), even under --quiet. Its
    failures still arrive as the exceptions ray.init raises."""
    sys.stderr.flush()
    saved = os.dup(2)

    def put_back() -> None:  # a stop while Ray starts on another thread: its one line must arrive
        try:
            os.dup2(saved, 2)
        except OSError:
            pass  # put back and closed by the with block meanwhile

    interrupts.before_the_line.append(put_back)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        interrupts.before_the_line.remove(put_back)
        os.dup2(saved, 2)
        os.close(saved)

"""`--executor ray` against a real Ray cluster of two nodes on 127.0.0.1.

The head node has the fixture packages in its package folder; the second node has none, so
its model worker must be sent the driver's package. Both nodes are started with `ray start
--block`, whose PID stops every process it started; nothing is killed by name.
"""

from __future__ import annotations

import json
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib
import pytest

# Set before Ray is imported, which reads them once. Ray turns 127.0.0.1 into the machine's
# outward address unless it believes it is a single-machine setup: this driver stays on the
# loopback address (the nodes do so through ray_node.py). The cluster uses token
# authentication, as Ray sets it up by default, with a token of this test's own.
RAY_AUTH = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32)}
os.environ.update({"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0", **RAY_AUTH})

from tests.conftest import FIXTURES, ROOT  # noqa: E402
from uebersetzer import models  # noqa: E402
from uebersetzer.executors.ray_cluster import CHAOS_VARIABLE  # noqa: E402

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install -e '.[ray]'")
NODE = [sys.executable, str(Path(__file__).with_name("ray_node.py"))]  # `ray` itself, kept on loopback
PLUGINS = FIXTURES / "plugins"  # an installed package's metadata declaring the test engines

LOST = (r"uebersetzer: error: the Ray cluster lost the model workers \(\w+; a worker is restarted at most 3 "
        r"times\); nothing was written")
GONE = (r"uebersetzer: error: the Ray cluster at 127\.0\.0\.1:\d+ is gone \(its head node has not answered for "
        r"3 s\); nothing was written")
NAMES = ["Merkel", "Scholz", "Macron", "Brüssel", "die Nato", "Wien", "Selenskyj", "Peking"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_node(arguments: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("wb") as output:
        return subprocess.Popen([*NODE, "start", "--block", "--disable-usage-stats", "--num-cpus", "1",
                                 "--node-ip-address", "127.0.0.1", *arguments],
                                env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    """Stop a `ray start --block` by the PID we started: it stops the node's processes."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)  # its own session, started by this test
            process.wait(10)


def _alive_nodes(address: str, env: dict[str, str]) -> int:
    probe = ("import ray; ray.init(address=%r, logging_level='ERROR', log_to_driver=False); "
             "print(sum(n['Alive'] for n in ray.nodes()))" % address)
    driver = {**env, "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}  # a driver on loopback, as this test process is
    try:
        result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, env=driver)
    except subprocess.TimeoutExpired:  # a node still starting on a loaded machine: asked again until the deadline
        return 0
    return int(result.stdout.strip() or 0) if result.returncode == 0 else 0


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    base = tmp_path_factory.mktemp("ray")
    head_packages, worker_packages = base / "head-packages", base / "worker-packages"
    for name in ("de_en", "en_fr"):
        models.install_file(FIXTURES / "models" / f"{name}.argosmodel", head_packages)
    worker_packages.mkdir()
    # a short temp dir: Ray's socket paths must stay under the 107-byte limit
    temp_dir = Path(tempfile.mkdtemp(prefix="ueb-ray-", dir="/tmp"))
    port = _free_port()
    address = f"127.0.0.1:{port}"
    common = {**os.environ, CHAOS_VARIABLE: str(base / "kill-one-worker"), "RAY_USAGE_STATS_ENABLED": "0",
              # the workers find the test engine plug-ins (tests/fixtures/plugins) and their code (tests/)
              "PYTHONPATH": os.pathsep.join(filter(None, [str(PLUGINS), str(ROOT), os.environ.get("PYTHONPATH")]))}
    common.pop("RAY_ADDRESS", None)
    common["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "1"  # nodes may form a cluster; ray_node.py keeps it on loopback
    head = _start_node(["--head", "--port", str(port), "--include-dashboard", "false", "--temp-dir", str(temp_dir)],
                       {**common, "ARGOS_PACKAGES_DIR": str(head_packages), "XDG_CACHE_HOME": str(base / "head-cache")},
                       base / "head.log")
    nodes = [head]
    try:
        deadline = time.monotonic() + 300  # minutes on a machine other builds load as well
        while _alive_nodes(address, common) < 1:
            assert head.poll() is None and time.monotonic() < deadline, (base / "head.log").read_text()
            time.sleep(1)
        nodes.append(_start_node(["--address", address],
                                 {**common, "ARGOS_PACKAGES_DIR": str(worker_packages),
                                  "XDG_CACHE_HOME": str(base / "worker-cache")}, base / "worker.log"))
        while _alive_nodes(address, common) < 2:
            assert nodes[1].poll() is None and time.monotonic() < deadline, (base / "worker.log").read_text()
            time.sleep(1)
        yield {"address": address, "nodes": nodes, "base": base, "head_packages": head_packages,
               "worker_cache": base / "worker-cache" / "uebersetzer" / "ray-packages"}
    finally:
        if ray.is_initialized():
            ray.shutdown()
        for node in reversed(nodes):
            _stop(node)
        shutil.rmtree(temp_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    """30 German articles from the fixture model's domain (names put in for its placeholders)."""
    rng = random.Random(30)
    pairs = json.loads((FIXTURES / "models" / "de_en.heldout.json").read_text(encoding="utf-8"))
    sentences = [re.sub(r"\{\d+\}", lambda _: rng.choice(NAMES), german) for german, _ in pairs]
    folder = tmp_path_factory.mktemp("articles")
    for number in range(30):
        title = rng.choice(sentences).rstrip(".")
        paragraphs = [" ".join(rng.sample(sentences, 3)) for _ in range(2)]
        (folder / f"meldung-{number:02}.txt").write_text("\n\n".join([title, *paragraphs]) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def local_output(articles, cluster, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local") / "out"
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(cluster["head_packages"])}
    env.pop("RAY_ADDRESS", None)
    result = subprocess.run([sys.executable, "-m", "uebersetzer", "translate", str(articles), "--to", "en,fr",
                             "--out", str(out), "--quiet"], env=env, capture_output=True, text=True,
                            cwd=out.parent)  # as the ray runs: no glossary/ folder where it runs
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def on_cluster(cluster, monkeypatch):
    monkeypatch.setenv("RAY_ADDRESS", cluster["address"])
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(cluster["head_packages"]))
    return cluster


def outputs(folder: Path) -> dict[str, list[bytes]]:
    """Articles and PO files, less the PO header's dates."""
    return {str(p.relative_to(folder)): [line for line in p.read_bytes().splitlines() if b"-Date: " not in line]
            for p in sorted(folder.rglob("*")) if p.suffix in (".po", ".txt")}


def test_a_ray_run_writes_what_a_local_run_writes(run, on_cluster, articles, local_output, tmp_path):
    result = run("translate", articles, "--to", "en,fr", "--out", tmp_path / "out", "--executor", "ray", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["articles"] == 30
    ours, local = outputs(tmp_path / "out"), outputs(local_output)
    assert len(ours) == 30 * 2 * 2 and ours == local
    # the second node had no package: the driver's was sent to it, the same version
    shipped = models.installed(on_cluster["worker_cache"])
    assert [(p.from_code, p.to_code, p.version) for p in shipped] == [("de", "en", "0.1-test"), ("en", "fr", "0.1-test")]
    # the head node's worker used the head's own package folder: nothing was sent to it
    assert not models.installed(on_cluster["base"] / "head-cache" / "uebersetzer" / "ray-packages")


def test_quiet_means_nothing_on_stderr_on_a_cluster_too(on_cluster, articles, tmp_path):
    """A process of its own: Ray's C++ core writes to file descriptor 2 itself, where the
    in-process runner does not look. It announced the log level we set to keep it quiet."""
    env = {**os.environ, "RAY_ADDRESS": on_cluster["address"], "ARGOS_PACKAGES_DIR": str(on_cluster["head_packages"])}
    env.pop("RAY_BACKEND_LOG_LEVEL", None)
    result = subprocess.run([sys.executable, "-m", "uebersetzer", "translate", str(articles), "--to", "en",
                             "--out", str(tmp_path / "out"), "--executor", "ray", "--quiet"], env=env,
                            capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 0 and result.stderr == "" and result.stdout == "", result.stderr
    assert len(list((tmp_path / "out" / "en").glob("*.po"))) == 30


def test_workers_default_to_the_cluster_cpus_and_obey_the_cap(on_cluster):
    from uebersetzer.executors.ray_cluster import RayEngine

    assert RayEngine("pseudo", {}).workers() == 2  # two nodes of one CPU, one thread a worker
    assert RayEngine("pseudo", {}, workers=1).workers() == 1


def test_a_plugin_engine_on_the_workers_that_returns_too_many_results_moves_no_translation(run, on_cluster, articles,
                                                                                           tmp_path, monkeypatch):
    """Each worker's shard is checked: zipped, one result too many moved every translation of a
    shard onto the next sentence, and the shards together still had the right count."""
    monkeypatch.syspath_prepend(str(PLUGINS))
    one = tmp_path / "in" / "a.txt"
    one.parent.mkdir()
    one.write_bytes(next(articles.iterdir()).read_bytes())
    result = run("translate", one, "--to", "en", "--from", "de", "--out", tmp_path / "out", "--executor", "ray",
                 "--engine", "upper-shift", "--quiet")
    assert result.code == 1
    assert "engine 'upper' returned 2 results for 1 sentence" in result.err  # the name the engine gives itself
    assert "internal error" not in result.err
    entries = polib.pofile(str(tmp_path / "out" / "en" / "a.po"))
    assert entries and all(entry.msgstr in ("", entry.msgid.upper()) for entry in entries)


def test_a_worker_killed_mid_batch_is_restarted_and_nothing_is_lost(run, on_cluster, articles, local_output,
                                                                    tmp_path):
    marker = on_cluster["base"] / "kill-one-worker"
    marker.touch()  # arms it: the first worker to claim the file dies in the middle of its batch
    result = run("translate", articles, "--to", "en,fr", "--out", tmp_path / "out", "--executor", "ray", "--quiet")
    assert result.code == 0, result.err
    assert not marker.exists() and list(marker.parent.glob("kill-one-worker.claimed.*"))
    assert outputs(tmp_path / "out") == outputs(local_output)


def test_a_worker_that_cannot_get_the_model_fails_the_run_in_one_line(run, on_cluster, articles, tmp_path):
    cache = on_cluster["worker_cache"]
    shutil.rmtree(cache, ignore_errors=True)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("not a folder")  # the second node can neither find nor unpack the package
    try:
        result = run("translate", articles, "--to", "en", "--out", tmp_path / "out", "--executor", "ray")
    finally:
        cache.unlink()
    lines = result.err.strip().splitlines()
    assert result.code == 1 and len(lines) == 1
    assert re.fullmatch(r"uebersetzer: error: worker on .+ \(127\.0\.0\.1\) cannot get the model for de -> en "
                        r"0\.1-test: .+", lines[0]), lines
    assert not (tmp_path / "out" / "en").exists()  # nothing half-written


def test_workers_lost_for_good_end_the_run_in_one_line_and_write_nothing(run, on_cluster, articles, tmp_path):
    marker = on_cluster["base"] / "kill-one-worker"
    marker.write_text("every")  # every worker dies in every batch, restarts included
    try:
        result = run("translate", articles, "--to", "en", "--out", tmp_path / "out", "--executor", "ray")
    finally:
        marker.unlink()
    assert result.code == 1
    assert re.fullmatch(LOST, result.err.strip()), result.err
    assert not (tmp_path / "out" / "en").exists()


def _driver(arguments: list, cluster: dict, tmp_path: Path, **env: str | None) -> subprocess.Popen:
    """`uebersetzer ARGUMENTS` as a process of its own on the cluster (what reaches its file
    descriptors 1 and 2 is what a user sees), with `env` changed (None: unset)."""
    environment = {**os.environ, "RAY_ADDRESS": cluster["address"], "ARGOS_PACKAGES_DIR": str(cluster["head_packages"]),
                   "HOME": str(tmp_path)}  # no ~/.ray/auth_token of the user's
    environment.pop("RAY_BACKEND_LOG_LEVEL", None)  # set by this process's own runs: as a user's, it would be kept
    for name, value in env.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.Popen([sys.executable, "-m", "uebersetzer", *map(str, arguments)], env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)


def test_a_dead_worker_is_said_on_stderr_and_the_json_on_stdout_stays_one_value(on_cluster, articles, tmp_path):
    """Ray's driver prints a worker's death as `(raylet) A worker died ...` lines to stdout: they
    came before the JSON, and the run still exited 0."""
    marker = on_cluster["base"] / "kill-one-worker"
    marker.touch()  # the first worker to claim it dies in the middle of its batch (Ray restarts it)
    try:
        out, errors = _driver(["translate", articles, "--to", "en", "--out", tmp_path / "out", "--executor", "ray",
                               "--json", "--quiet"], on_cluster, tmp_path).communicate(timeout=300)
    finally:
        marker.unlink(missing_ok=True)
    assert list(marker.parent.glob("kill-one-worker.claimed.*"))  # a worker did die
    summary = json.loads(out)  # one JSON value, nothing before or after it
    assert summary["status"] == "ok" and summary["articles"] == 30, errors


@pytest.mark.parametrize(("auth", "advice"), [
    ({"RAY_AUTH_MODE": None, "RAY_AUTH_TOKEN": None}, "RAY_AUTH_MODE is not set: set RAY_AUTH_MODE=token and the "
                                                      "cluster's token in RAY_AUTH_TOKEN"),
    ({"RAY_AUTH_TOKEN": "not-the-cluster-token"}, "this driver's token is not the cluster's: put the cluster's token "
                                                  "in RAY_AUTH_TOKEN"),
], ids=["no-token", "wrong-token"])
def test_a_driver_the_cluster_refuses_is_told_what_to_set_and_writes_nothing(on_cluster, articles, tmp_path, auth,
                                                                             advice):
    """A cluster started with `ray start` uses token authentication: joining it without the token
    failed after 22 s with `Failed to connect to Ray cluster at ...`, the cause (Ray's
    AuthenticationError) dropped even under --debug, and the output folder made all the same."""
    out = tmp_path / "out"
    _, errors = _driver(["translate", articles, "--to", "en", "--out", out, "--executor", "ray"], on_cluster, tmp_path,
                        **auth).communicate(timeout=300)
    lines = errors.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"uebersetzer: error: cannot start or reach the Ray cluster (RAY_ADDRESS={on_cluster['address']!r}): it "
        "refused this driver (Authentication token is missing or incorrect); "), errors
    assert advice in lines[0]
    assert not out.exists()  # no lock, no memory: the folder is not marked as an output folder
    driver = _driver(["translate", articles, "--to", "en", "--out", out, "--executor", "ray", "--debug"], on_cluster,
                     tmp_path, **auth)
    _, errors = driver.communicate(timeout=300)
    assert driver.returncode == 1 and "Traceback" in errors and "AuthenticationError" in errors


def test_sigterm_stops_a_run_on_the_cluster_in_one_line_without_ray_s_signal_dump(on_cluster, articles, tmp_path):
    """Ray's core (Abseil's failure signal handler) printed `*** SIGTERM received at time=... ***`
    and a stack of bare addresses before the run's own line."""
    marker = on_cluster["base"] / "kill-one-worker"
    marker.write_text("hang")  # every worker stops in the middle of its batch: the run is surely under way
    try:
        driver = _driver(["translate", articles, "--to", "en", "--out", tmp_path / "out", "--executor", "ray",
                          "--json"], on_cluster, tmp_path)
        deadline = time.monotonic() + 120
        while not list(marker.parent.glob("kill-one-worker.hanging.*")):
            assert driver.poll() is None and time.monotonic() < deadline
            time.sleep(0.5)
        driver.terminate()
        out, errors = driver.communicate(timeout=120)
    finally:
        marker.unlink(missing_ok=True)
        for hanging in marker.parent.glob("kill-one-worker.hanging.*"):
            hanging.unlink()
    assert driver.returncode == 143
    lines = errors.splitlines()
    assert len(lines) == 1 and lines[0].startswith("uebersetzer: interrupted; "), errors  # no "*** SIGTERM received"
    assert json.loads(out)["status"] == "interrupted"


def _processes_holding(variable: str) -> list[str]:
    """The command lines of the processes whose environment holds `variable` (from /proc)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if any(entry.startswith(variable.encode() + b"=") for entry in environ.read_bytes().split(b"\0")):
                stat = environ.with_name("stat").read_text()
                if stat.rsplit(")", 1)[1].split()[0] != "Z":  # a zombie has ended
                    found.append(environ.with_name("cmdline").read_bytes().replace(b"\0", b" ").decode()[:120])
        except (OSError, IndexError):
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads the processes' environments in /proc")
def test_a_local_instance_leaves_no_process_behind(articles, tmp_path):
    """Without RAY_ADDRESS a run starts a local instance. Started from the engine thread, its
    processes were killed when that thread ended (Linux's PR_SET_PDEATHSIG), the raylet with no
    chance to stop its agents: ray::DashboardAgent and ray::RuntimeEnvAgent outlived the run by
    about a minute. Every process the instance starts inherits the run's environment, so a
    variable of this test's own finds them all, whoever their parent is now."""
    mark = f"UEBERSETZER_TEST_{secrets.token_hex(8)}"
    env = {**os.environ, mark: "1", "RAY_USAGE_STATS_ENABLED": "0",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    env.pop("RAY_ADDRESS", None)
    subset = tmp_path / "articles"
    subset.mkdir()
    for article in sorted(articles.glob("*.txt"))[:3]:
        shutil.copy(article, subset)
    result = subprocess.run([sys.executable, "-m", "uebersetzer", "translate", str(subset), "--to", "en",
                             "--engine", "pseudo", "--executor", "ray", "--workers", "1", "--out",
                             str(tmp_path / "out"), "--quiet"], env=env, capture_output=True, text=True,
                            timeout=600, cwd=tmp_path)
    left = _processes_holding(mark)  # they end by themselves within a minute, should this fail
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "en").is_dir()
    assert left == [], left


def test_ray_is_imported_without_its_failure_signal_handler_in_the_driver_only():
    """The setting Ray reads once, at import, is in effect in the driver and not handed on to the
    processes it starts (a local instance's workers keep their crash dumps)."""
    probe = ("import os; from uebersetzer.executors.ray_cluster import _import_ray, NO_SIGNAL_DUMP; _import_ray(); "
             "from ray._private import ray_constants; "
             "print(ray_constants.RAY_DISABLE_FAILURE_SIGNAL_HANDLER, NO_SIGNAL_DUMP in os.environ)")
    env = {key: value for key, value in os.environ.items() if key != "RAY_DISABLE_FAILURE_SIGNAL_HANDLER"}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert result.stdout.split() == ["True", "False"], result.stderr
    ours = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                          env={**env, "RAY_DISABLE_FAILURE_SIGNAL_HANDLER": "0"})  # the user's own setting wins
    assert ours.stdout.split() == ["False", "True"], ours.stderr


def test_a_ray_call_after_the_run_shut_ray_down_raises_and_starts_no_cluster_in_the_driver_only():
    """An interrupted run shuts Ray down while its engine thread may still await the workers; that
    thread's next call joined the cluster again by itself (Ray's auto-connect) and printed Ray's
    `Connecting to existing Ray cluster` lines after the run's one line (a red CI run of
    test_sigterm_stops_a_run_on_the_cluster_in_one_line_without_ray_s_signal_dump)."""
    probe = ("import os; from uebersetzer.executors.ray_cluster import _import_ray, NO_AUTO_CONNECT; ray = _import_ray()\n"
             "try:\n    ray.put(1)\nexcept ray.exceptions.RaySystemError:\n    print('raised', end=' ')\n"
             "print(ray.is_initialized(), NO_AUTO_CONNECT in os.environ)")
    env = {key: value for key, value in os.environ.items() if key not in ("RAY_ENABLE_AUTO_CONNECT", "RAY_ADDRESS")}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert result.stdout.split() == ["raised", "False", "False"], result.stderr
    ours = subprocess.run([sys.executable, "-c", "import os; from uebersetzer.executors.ray_cluster import "
                           "_import_ray; _import_ray(); from ray._private import auto_init_hook; "
                           "print(auto_init_hook.enable_auto_connect, os.environ['RAY_ENABLE_AUTO_CONNECT'])"],
                          capture_output=True, text=True, timeout=120, env={**env, "RAY_ENABLE_AUTO_CONNECT": "1"})
    assert ours.stdout.split() == ["True", "1"], ours.stderr  # the user's own setting wins


def test_a_cluster_lost_in_the_middle_of_a_run_is_one_line_and_nothing_is_written(on_cluster, articles, tmp_path):
    """The last test on the cluster: it takes the cluster away. The run is a process of its
    own, as a user's would be. The run must notice itself that the head node is gone: Ray ends
    a driver whose head stays gone for a minute with exit 1 and not a word, and Ray's retries
    of the workers' calls (which end in a line we can word) took 17 s on an idle machine and
    lost that race now and then under load: the test was flaky, and so was the user's line."""
    if ray.is_initialized():
        ray.shutdown()  # this process's own connection must not outlive the cluster
    marker = on_cluster["base"] / "kill-one-worker"
    marker.write_text("hang")  # every worker stops in the middle of its batch
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parents[1] / "src"),
                                                                     os.environ.get("PYTHONPATH")]))}
    run = subprocess.Popen([sys.executable, "-m", "uebersetzer", "translate", str(articles), "--to", "en",
                            "--out", str(tmp_path / "out"), "--executor", "ray"],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not list(marker.parent.glob("kill-one-worker.hanging.*")):
            assert run.poll() is None and time.monotonic() < deadline, run.stderr.read() if run.stderr else ""
            time.sleep(0.5)
        for node in on_cluster["nodes"]:  # the whole cluster goes, workers and all
            os.killpg(node.pid, 9)
        _, errors = run.communicate(timeout=240)
    finally:
        if run.poll() is None:
            run.kill()
        marker.unlink(missing_ok=True)
    ours = [line for line in errors.splitlines() if not re.search(r"logging\.cc:\d+: Set ray log level", line)]
    assert run.returncode == 1
    assert len(ours) == 1 and re.fullmatch(GONE, ours[0]), errors
    assert not (tmp_path / "out" / "en").exists()


def test_an_unreachable_cluster_is_one_line_and_writes_nothing(run, articles, tmp_path, monkeypatch):
    if ray.is_initialized():
        ray.shutdown()  # a fresh driver, as a new run would be
    monkeypatch.setenv("RAY_ADDRESS", f"127.0.0.1:{_free_port()}")
    result = run("translate", articles, "--to", "en", "--out", tmp_path / "out", "--executor", "ray",
                 "--engine", "pseudo")
    assert result.code == 1
    assert re.fullmatch(r"uebersetzer: error: cannot start or reach the Ray cluster \(RAY_ADDRESS='127\.0\.0\.1:\d+'\)"
                        r": .+", result.err.strip()), result.err
    assert not (tmp_path / "out").exists()  # no lock, no memory: the folder is not marked as an output folder

"""The executor registry and the Ray executor's sharding (no cluster needed)."""

from __future__ import annotations

import json
import socket

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uebersetzer.engines.pseudo import PseudoEngine
from uebersetzer.errors import EngineError, UsageError
from uebersetzer.executors import create_executor, ray_cluster
from uebersetzer.executors.ray_cluster import HEAD_GONE_SECONDS, shard

sentences = st.lists(st.text(st.sampled_from("ab "), max_size=40), max_size=60)


@given(sentences, st.integers(1, 8), st.integers(1, 50))
def test_shards_hold_every_sentence_once_within_the_budget(texts, workers, most):
    shards = shard(texts, workers, most)
    assert sorted(i for part in shards for i in part) == list(range(len(texts)))
    for part in shards:  # a shard over the budget holds one long sentence alone
        assert sum(len(texts[i].split()) + 1 for i in part) <= most or len(part) == 1


@given(st.lists(st.just("ein Satz mit fünf Wörtern"), min_size=8, max_size=40), st.integers(1, 8))
def test_every_worker_gets_a_shard_when_there_is_enough_work(texts, workers):
    assert len(shard(texts, workers)) >= workers


def test_local_is_the_engine_itself_and_unknown_executors_are_refused():
    assert isinstance(create_executor("local", "pseudo", {}), PseudoEngine)
    with pytest.raises(UsageError, match="unknown executor 'dask'; choose one of local, ray"):
        create_executor("dask", "pseudo", {})


def test_workers_without_the_ray_executor_is_a_usage_error(run, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Der Minister kommt.\n", encoding="utf-8")
    result = run("translate", article, "--to", "en", "--engine", "pseudo", "--workers", "4")
    assert result.code == 2
    assert result.err.strip() == ("uebersetzer: error: --workers caps the model workers of --executor ray; "
                                  "add --executor ray or drop --workers")
    assert not (tmp_path / "locales").exists()


def test_one_target_spelled_three_ways_is_one_target(run, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Der Minister kommt heute nach Berlin.\n", encoding="utf-8")
    result = run("translate", article, "--to", "pt-BR,pt_BR,pb", "--from", "de", "--engine", "pseudo", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["outputs"] == ["locales/pt_BR/a.txt", "locales/pt_BR/a.po"]


def test_a_head_node_silent_for_the_grace_period_ends_the_run_and_one_that_answers_again_does_not(monkeypatch):
    """The check a Ray run makes while a batch is out (test_ray.py takes a real cluster away):
    a clock of its own, so no test waits the seconds."""
    clock = [100.0]
    monkeypatch.setattr(ray_cluster.time, "monotonic", lambda: clock[0])
    head = socket.socket()
    head.bind(("127.0.0.1", 0))
    head.listen()
    address = "127.0.0.1:%d" % head.getsockname()[1]
    watch = ray_cluster._HeadWatch(address)
    watch.check()  # it answers
    head.close()
    watch.check()  # silent from now on
    clock[0] += HEAD_GONE_SECONDS / 2
    watch.check()
    clock[0] += HEAD_GONE_SECONDS / 2
    with pytest.raises(EngineError) as gone:
        watch.check()
    assert str(gone.value) == (f"the Ray cluster at {address} is gone (its head node has not answered for "
                               f"{HEAD_GONE_SECONDS:g} s); nothing was written")
    again = socket.socket()  # a head that answers again (restarted on its port) starts the count anew
    again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    again.bind(("127.0.0.1", int(address.rsplit(":", 1)[1])))
    again.listen()
    try:
        watch.check()
        clock[0] += HEAD_GONE_SECONDS * 10
        watch.check()
    finally:
        again.close()

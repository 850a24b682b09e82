"""The `newsfacts` command as a user calls it: exit codes and the printed summary."""

from __future__ import annotations

from flows.cli import EXIT_GATE_FAILED, EXIT_NOTHING_READ, main


def test_run_prints_a_summary_and_exits_zero(sample_dir, tmp_path, capsys):
    code = main(["run", str(sample_dir), "--warehouse", str(tmp_path / "wh")])
    out = capsys.readouterr().out
    assert code == 0
    assert ": published" in out
    assert "articles" in out and "(+5)" in out
    assert "validation: all blocking expectations held" in out
    assert "rejected inputs: 0" in out


def test_nothing_to_read_exits_nonzero_with_a_clear_message(tmp_path, capsys):
    assert main(["run", str(tmp_path / "does-not-exist"), "--warehouse", str(tmp_path / "wh")]) == EXIT_NOTHING_READ
    assert "nothing could be read" in capsys.readouterr().err

    only_bad = tmp_path / "bad"
    only_bad.mkdir()
    (only_bad / "empty.txt").write_bytes(b"")
    assert main(["run", str(only_bad), "--warehouse", str(tmp_path / "wh2")]) == EXIT_NOTHING_READ
    assert "empty.txt" in "".join(p.name for p in (tmp_path / "wh2" / "_quarantine").rglob("*"))


def test_blocking_gate_failure_exits_one(sample_dir, tmp_path, monkeypatch, capsys):
    import flows.pipeline as pipeline

    real = pipeline.aggregate_corpus

    def drop_entities(*args, **kwargs):
        corpus = real(*args, **kwargs)
        return type(corpus)(**{**corpus.__dict__, "entities": corpus.entities.iloc[1:]})  # dangling entity ids

    monkeypatch.setattr(pipeline, "aggregate_corpus", drop_entities)
    assert main(["run", str(sample_dir), "--warehouse", str(tmp_path / "wh")]) == EXIT_GATE_FAILED
    assert "expect_column_values_to_be_in_set(check__fk__entity_id)" in capsys.readouterr().err
    assert not (tmp_path / "wh" / "articles").exists()


def test_rerun_with_nothing_new_is_logged_without_starting_a_flow(sample_dir, tmp_path, capsys, monkeypatch):
    import flows.pipeline as pipeline

    # the same text with other bytes (trailing blank lines): an exact duplicate once normalised, rejected once
    (sample_dir / "001_copy.txt").write_bytes((sample_dir / "001_78de7689fee4969a.txt").read_bytes() + b"\n\n")
    assert main(["run", str(sample_dir), "--warehouse", str(tmp_path / "wh")]) == 0
    assert "001_copy.txt: duplicate" in capsys.readouterr().out

    def no_flow(**_):
        raise AssertionError("a rerun with nothing new must not start the flow")

    monkeypatch.setattr(pipeline, "newsfacts_pipeline", no_flow)
    assert main(["run", str(sample_dir), "--warehouse", str(tmp_path / "wh"), "--json-summary"]) == 0
    import json

    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["status"] == "no_change" and summary["articles_parsed"] == 0 and summary["table_rows"] == {"runs": 2}

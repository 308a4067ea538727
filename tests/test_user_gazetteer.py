"""A user's gazetteer folder (--gazetteer DIR, <data dir>/gazetteer) adds entities and aliases
in the packaged format, checked by the same typed loader; extract lists names it could not type."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from milgraph.cli import main
from milgraph.loaders import gazetteer
from milgraph.loaders.extract import extract_text

TEXT = "Quillon Freight moved the trucks to Gao for Orchestra fighters.\n"


@pytest.fixture
def user_dir(tmp_path):
    folder = tmp_path / "gaz"
    folder.mkdir()
    (folder / "actors.yaml").write_text(
        "- {name: Quillon Freight, kind: company, aliases: [Quillon]}\n"
        "- {name: Wagner Group, aliases: [Orchestra]}\n", encoding="utf-8")
    yield folder
    gazetteer.set_user_dirs([])


def names(extraction) -> set[str]:
    return {f"{e.labels[0]}:{e.name}" for e in extraction.entities}


def test_user_entries_and_aliases_are_found(user_dir):
    gazetteer.set_user_dirs([user_dir])
    got = names(extract_text(TEXT))
    assert {"Actor:Quillon Freight", "Actor:Wagner Group"} <= got


def test_without_the_folder_they_are_not(user_dir):
    gazetteer.set_user_dirs([])
    assert "Actor:Quillon Freight" not in names(extract_text(TEXT))


def test_unknown_key_names_file_and_entry(user_dir):
    (user_dir / "places.yaml").write_text("- {name: Kharbel, kind: city}\n- {name: Oued Zem, colour: red}\n",
                                          encoding="utf-8")
    with pytest.raises(gazetteer.GazetteerError, match=r"places\.yaml: entry 2 \(Oued Zem\): unknown key\(s\) colour"):
        gazetteer.set_user_dirs([user_dir])
        gazetteer.load_gazetteer()


def test_a_kind_the_graph_model_does_not_know_names_file_and_entry(user_dir):
    (user_dir / "places.yaml").write_text("- {name: Kharbel, kind: city}\n- {name: Isla Verde, kind: island}\n",
                                          encoding="utf-8")
    with pytest.raises(gazetteer.GazetteerError, match=r"places\.yaml: entry 2 \(Isla Verde\): kind 'island' is not a Place kind"):
        gazetteer.set_user_dirs([user_dir])
        gazetteer.load_gazetteer()


def test_unknown_file_name_is_an_error(user_dir):
    (user_dir / "things.yaml").write_text("- {name: X}\n", encoding="utf-8")
    with pytest.raises(gazetteer.GazetteerError, match="things.yaml: unknown gazetteer file name"):
        gazetteer.set_user_dirs([user_dir])
        gazetteer.load_gazetteer()


def test_cli_gazetteer_flag_and_data_dir_folder(user_dir, tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("Quillon ships\n\n" + TEXT, encoding="utf-8")
    runner = CliRunner()
    try:
        out = runner.invoke(main, ["--db", str(tmp_path / "db"), "extract", str(report), "--json",
                                   "--gazetteer", str(user_dir)])
        assert out.exit_code == 0, out.output
        assert "Quillon Freight" in out.output
        data_dir = tmp_path / "db2"
        (data_dir / "gazetteer").mkdir(parents=True)
        (data_dir / "gazetteer" / "actors.yaml").write_text((user_dir / "actors.yaml").read_text())
        out = runner.invoke(main, ["--db", str(data_dir), "extract", str(report), "--json"])
        assert out.exit_code == 0 and "Quillon Freight" in out.output
    finally:
        gazetteer.set_user_dirs([])


def test_cli_lists_names_it_could_not_type(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("Quillon ships\n\n" + TEXT, encoding="utf-8")
    out = CliRunner().invoke(main, ["--db", str(tmp_path / "db"), "extract", str(report), "--unplaced"])
    assert out.exit_code == 0, out.output
    assert "Quillon Freight" in out.output.splitlines() or "Quillon" in out.output


def test_cli_unknown_nlp_model_is_one_line_error(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("Title\n\n" + TEXT, encoding="utf-8")
    from milgraph.loaders.extract import nlp
    try:
        out = CliRunner().invoke(main, ["--db", str(tmp_path / "db"), "extract", str(report),
                                        "--nlp-model", "no_such_pipeline_xyz"])
        assert out.exit_code == 1
        assert "no_such_pipeline_xyz" in out.output and "not installed" in out.output
    finally:
        nlp.select_model(None)
        import os
        os.environ.pop("MILGRAPH_NLP_MODEL", None)


def test_name_rules_reject_unknown_keys():
    from milgraph.loaders.extract import names
    with pytest.raises(names.NameRulesError, match=r"names\.yaml: unknown key\(s\) colour"):
        names.parse_rules({"stopwords": ["The"], "colour": "red"}, "names.yaml")
    assert "The" in names.parse_rules({"stopwords": ["The"]}, "names.yaml").stopwords

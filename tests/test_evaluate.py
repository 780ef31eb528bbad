"""Tests of the evaluation stage on small hand-made documents."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from kg.evaluate import (
    EvaluationReport,
    Score,
    evaluate_dirs,
    evaluate_documents,
    load_annotations,
    normalize,
    render_table,
)
from kg.records import ENTITY_TYPES, MEASURES, RELATION_TYPES

SHARED_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"


def ent(text: str, etype: str = "ORG", *aliases: str) -> dict[str, Any]:
    return {"text": text, "type": etype, "aliases": list(aliases)}


def rel(head: str, relation: str, tail: str, post: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"head": head, "relation": relation, "tail": tail, "evidence": ""}
    if post is not None:
        out["post"] = post
    return out


def qty(subject: str, measure: str, value: float, unit: str = "个") -> dict[str, Any]:
    return {"subject": subject, "measure": measure, "value": value, "unit": unit}


def doc(
    entities: list[dict[str, Any]] | None = None,
    relations: list[dict[str, Any]] | None = None,
    quantities: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "doc": "x.txt",
        "entities": entities or [],
        "relations": relations or [],
        "quantities": quantities or [],
    }


def counts(score: Score) -> tuple[int, int, int]:
    return score.tp, score.fp, score.fn


# --------------------------------------------------------------------------- Score


def test_score_arithmetic_on_known_case() -> None:
    s = Score(tp=3, fp=1, fn=2)
    assert (s.gold, s.pred) == (5, 4)
    assert s.precision == pytest.approx(0.75)
    assert s.recall == pytest.approx(0.6)
    assert s.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)  # 2/3
    assert s.f1 == pytest.approx(2 / 3)


def test_score_undefined_is_zero() -> None:
    s = Score(0, 0, 0)
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
    assert Score(0, 2, 0).recall == 0.0 and Score(0, 2, 0).precision == 0.0


def test_normalize_removes_marks_and_whitespace() -> None:
    assert normalize("“头雁工程”") == "头雁工程"
    assert normalize("《实施方案》") == "实施方案"
    assert normalize("「红链 计划」\u3000") == "红链计划"
    assert normalize("『A』〈B〉‘C’'D'\"E\"") == "ABCDE"
    assert normalize("ＡＢ１") == "AB1"  # NFKC folds full-width forms


# --------------------------------------------------------------------------- entities


def test_exact_and_alias_entity_matches() -> None:
    gold = doc([ent("广东省纪委监委", "ORG", "省纪委监委"), ent("马景刚", "PERSON")])
    pred = doc([ent("省纪委监委", "ORG"), ent("马景刚", "PERSON")])
    report = evaluate_documents(gold, pred)
    assert counts(report.entities["ORG"]) == (1, 0, 0)
    assert counts(report.entities["PERSON"]) == (1, 0, 0)
    assert counts(report.entity_overall) == (2, 0, 0)


def test_predicted_alias_matches_gold_text() -> None:
    gold = doc([ent("南区联合党委")])
    pred = doc([ent("天河区南区联合党委", "ORG", "南区联合党委")])
    assert counts(evaluate_documents(gold, pred).entities["ORG"]) == (1, 0, 0)


def test_type_mismatch_does_not_count() -> None:
    gold = doc([ent("连樟村", "PLACE")])
    pred = doc([ent("连樟村", "ORG")])
    report = evaluate_documents(gold, pred)
    assert counts(report.entities["PLACE"]) == (0, 0, 1)
    assert counts(report.entities["ORG"]) == (0, 1, 0)


def test_one_to_one_matching() -> None:
    gold = doc([ent("天河区南区联合党委", "ORG", "南区联合党委")])
    pred = doc([ent("天河区南区联合党委"), ent("南区联合党委")])
    assert counts(evaluate_documents(gold, pred).entities["ORG"]) == (1, 1, 0)


def test_matching_is_maximal_not_first_come() -> None:
    # Greedy in order would give 甲 -> 甲党委 and leave 乙 unmatched; both can match.
    gold = doc([ent("甲党委", "ORG", "甲", "乙"), ent("丙党委", "ORG", "甲")])
    pred = doc([ent("甲"), ent("乙")])
    assert counts(evaluate_documents(gold, pred).entities["ORG"]) == (2, 0, 0)


def test_quote_marks_are_normalized() -> None:
    gold = doc([ent("头雁工程", "PROGRAM"), ent("实施方案", "PROGRAM")])
    pred = doc([ent("“头雁工程”", "PROGRAM"), ent("《实施 方案》", "PROGRAM")])
    assert counts(evaluate_documents(gold, pred).entities["PROGRAM"]) == (2, 0, 0)


def test_duplicates_removed() -> None:
    gold = doc(
        [ent("羊城晚报"), ent("羊城晚报")],
        [rel("羊城晚报", "located_in", "广州")] * 2,
        [qty("羊城晚报", "people", 10)] * 2,
    )
    pred = doc(
        [ent("羊城晚报"), ent("“羊城晚报”"), ent("羊城晚报")],
        [rel("羊城晚报", "located_in", "广州")] * 3,
        [qty("羊城晚报", "people", 10.0), qty("羊城晚报", "people", 10)],
    )
    report = evaluate_documents(gold, pred)
    assert counts(report.entities["ORG"]) == (1, 0, 0)
    assert counts(report.relations["located_in"]) == (1, 0, 0)
    assert counts(report.quantities["people"]) == (1, 0, 0)


def test_unknown_types_count_as_false_positives() -> None:
    report = evaluate_documents(doc(), doc([ent("某物", "MISC")]))
    assert counts(report.entities["MISC"]) == (0, 1, 0)
    assert report.entity_overall.fp == 1


# --------------------------------------------------------------------------- relations


def test_relation_matching_through_aliases_on_both_sides() -> None:
    gold = doc(
        [ent("天河区南区联合党委", "ORG", "南区联合党委"), ent("天河区", "PLACE", "广州市天河区")],
        [rel("南区联合党委", "located_in", "天河区")],
    )
    # Head via a gold alias; tail via the prediction's own alias of a gold alias.
    pred = doc(
        [ent("天河区南区联合党委"), ent("广州市天河区", "PLACE", "天河")],
        [rel("天河区南区联合党委", "located_in", "天河")],
    )
    assert counts(evaluate_documents(gold, pred).relations["located_in"]) == (1, 0, 0)


def test_relation_with_unresolved_names_compares_normalized_text() -> None:
    gold = doc([], [rel("甲村", "located_in", "乙镇")])
    hit = evaluate_documents(gold, doc([], [rel("“甲村”", "located_in", "乙镇")]))
    miss = evaluate_documents(gold, doc([], [rel("甲村", "located_in", "丙镇")]))
    assert counts(hit.relations["located_in"]) == (1, 0, 0)
    assert counts(miss.relations["located_in"]) == (0, 1, 1)


def test_paired_with_is_symmetric_but_manages_is_not() -> None:
    ents = [ent("甲党支部"), ent("乙党支部")]
    gold = doc(
        ents, [rel("甲党支部", "paired_with", "乙党支部"), rel("甲党支部", "manages", "乙党支部")]
    )
    pred = doc(
        ents, [rel("乙党支部", "paired_with", "甲党支部"), rel("乙党支部", "manages", "甲党支部")]
    )
    report = evaluate_documents(gold, pred)
    assert counts(report.relations["paired_with"]) == (1, 0, 0)
    assert counts(report.relations["manages"]) == (0, 1, 1)


def test_relation_type_must_agree() -> None:
    ents = [ent("天河区委组织部"), ent("天河区委")]
    gold = doc(ents, [rel("天河区委组织部", "sub_organization_of", "天河区委")])
    pred = doc(ents, [rel("天河区委组织部", "manages", "天河区委")])
    report = evaluate_documents(gold, pred)
    assert counts(report.relations["sub_organization_of"]) == (0, 0, 1)
    assert counts(report.relations["manages"]) == (0, 1, 0)


def test_awarded_tail_is_a_normalized_string() -> None:
    gold = doc([ent("连樟村党总支部")], [rel("连樟村党总支部", "awarded", "全国先进基层党组织")])
    pred = doc([ent("连樟村党总支部")], [rel("连樟村党总支部", "awarded", "“全国先进基层党组织”")])
    assert counts(evaluate_documents(gold, pred).relations["awarded"]) == (1, 0, 0)


def test_holds_post_ignores_post_for_match_but_scores_post_accuracy() -> None:
    ents = [
        ent("马景刚", "PERSON"),
        ent("刘苑霞", "PERSON"),
        ent("管向东", "PERSON"),
        ent("石马村党支部"),
    ]
    gold = doc(
        ents,
        [
            rel("马景刚", "holds_post", "石马村党支部", "书记"),
            rel("刘苑霞", "holds_post", "石马村党支部", "副书记"),
            rel("管向东", "holds_post", "石马村党支部", "书记"),
        ],
    )
    pred = doc(
        ents,
        [
            rel("马景刚", "holds_post", "石马村党支部", "书记"),  # equal
            rel("刘苑霞", "holds_post", "石马村党支部", "书记"),  # contained
            rel("管向东", "holds_post", "石马村党支部", "主任"),  # wrong
        ],
    )
    report = evaluate_documents(gold, pred)
    assert counts(report.relations["holds_post"]) == (3, 0, 0)
    assert (report.post_correct, report.post_total) == (2, 3)
    assert report.post_accuracy == pytest.approx(2 / 3)
    assert report.to_json()["post_accuracy"] == pytest.approx(0.6667)


# --------------------------------------------------------------------------- quantities


def test_quantities_numeric_equality_and_measure_mismatch() -> None:
    gold = doc(
        [ent("南区联合党委")],
        [],
        [qty("南区联合党委", "party_members", 18000, "名"), qty("南区联合党委", "branches", 13)],
    )
    pred = doc(
        [ent("南区联合党委")],
        [],
        [qty("“南区联合党委”", "party_members", 18000.0, ""), qty("南区联合党委", "people", 13)],
    )
    report = evaluate_documents(gold, pred)
    assert counts(report.quantities["party_members"]) == (1, 0, 0)
    assert counts(report.quantities["branches"]) == (0, 0, 1)
    assert counts(report.quantities["people"]) == (0, 1, 0)
    assert counts(report.quantity_overall) == (1, 1, 1)


def test_quantity_values_rounded_to_six_significant_digits() -> None:
    gold = doc([], [], [qty("甲", "money_cny", 946000000)])
    close = evaluate_documents(gold, doc([], [], [qty("甲", "money_cny", 9.46e8 + 1e-3)]))
    far = evaluate_documents(gold, doc([], [], [qty("甲", "money_cny", 9.47e8)]))
    assert close.quantity_overall.tp == 1
    assert counts(far.quantity_overall) == (0, 1, 1)


def test_quantity_subject_resolved_through_alias() -> None:
    gold = doc(
        [ent("广东省纪委监委", "ORG", "省纪委监委")], [], [qty("广东省纪委监委", "people", 5)]
    )
    pred = doc([ent("省纪委监委")], [], [qty("省纪委监委", "people", 5)])
    assert evaluate_documents(gold, pred).quantity_overall.tp == 1


# --------------------------------------------------------------------------- mixed P/R/F1


def test_precision_recall_f1_on_small_known_case() -> None:
    gold = doc([ent("甲"), ent("乙"), ent("丙"), ent("丁", "PLACE")])
    pred = doc([ent("甲"), ent("乙"), ent("戊"), ent("丁", "PLACE"), ent("己", "PLACE")])
    report = evaluate_documents(gold, pred)
    org, place, overall = report.entities["ORG"], report.entities["PLACE"], report.entity_overall
    assert counts(org) == (2, 1, 1)
    assert (org.precision, org.recall, org.f1) == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    assert counts(place) == (1, 1, 0)
    assert (place.precision, place.recall, place.f1) == pytest.approx((0.5, 1.0, 2 / 3))
    # micro: tp 3, fp 2, fn 1 -> P 3/5, R 3/4, F1 2*0.6*0.75/1.35 = 2/3
    assert counts(overall) == (3, 2, 1)
    assert (overall.precision, overall.recall) == pytest.approx((0.6, 0.75))
    assert overall.f1 == pytest.approx(2 / 3)


# --------------------------------------------------------------------------- files


def write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_evaluate_dirs_pairs_files_and_lists_missing(tmp_path: Path) -> None:
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_dir.mkdir()
    pred_dir.mkdir()
    write(gold_dir / "a.gold.json", doc([ent("甲")], [rel("甲", "located_in", "乙")]))
    write(
        gold_dir / "b.gold.json", doc([ent("丙"), ent("丁", "PLACE")], [], [qty("丙", "people", 3)])
    )
    write(gold_dir / "c.gold.json", doc([ent("戊", "PERSON")]))
    pred_a = doc([ent("甲")], [rel("甲", "located_in", "乙")])
    pred_a["entities"][0]["mentions"] = [{"start": 0, "end": 1, "text": "甲"}]  # extra keys
    pred_a["relations"][0].update(sentence={"index": 0}, rule="r1")
    write(pred_dir / "a.json", pred_a)
    write(pred_dir / "c.gold.json", doc([ent("戊", "PERSON")]))  # accepted as prediction
    write(pred_dir / "z.json", doc([ent("无关")]))  # no gold: ignored
    report = evaluate_dirs(gold_dir, pred_dir)
    assert report.documents == 3
    assert report.missing_predictions == ["b"]
    assert counts(report.entities["ORG"]) == (1, 0, 1)
    assert counts(report.entities["PLACE"]) == (0, 0, 1)
    assert counts(report.entities["PERSON"]) == (1, 0, 0)
    assert counts(report.relations["located_in"]) == (1, 0, 0)
    assert counts(report.quantities["people"]) == (0, 0, 1)


def test_missing_prediction_counts_everything_as_false_negative(tmp_path: Path) -> None:
    (tmp_path / "pred").mkdir()
    (tmp_path / "gold").mkdir()
    gold = doc(
        [ent("甲"), ent("乙", "PLACE")], [rel("甲", "located_in", "乙")], [qty("甲", "people", 1)]
    )
    write(tmp_path / "gold" / "only.gold.json", gold)
    report = evaluate_dirs(tmp_path / "gold", tmp_path / "pred")
    assert report.missing_predictions == ["only"]
    for overall in (report.entity_overall, report.relation_overall, report.quantity_overall):
        assert overall.tp == overall.fp == 0 and overall.fn > 0
    assert report.entity_overall.fn == 2


@pytest.mark.parametrize("side", ["gold", "pred"])
def test_malformed_json_raises_value_error_naming_file(tmp_path: Path, side: str) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "pred").mkdir()
    write(tmp_path / "gold" / "d.gold.json", doc())
    bad = tmp_path / side / ("d.gold.json" if side == "gold" else "d.json")
    bad.write_text('{"entities": [', encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(bad.name)):
        evaluate_dirs(tmp_path / "gold", tmp_path / "pred")


def test_load_annotations_keys_by_stem(tmp_path: Path) -> None:
    write(tmp_path / "001_ab.gold.json", doc())
    write(tmp_path / "other.json", doc())
    assert list(load_annotations(tmp_path, ".gold.json")) == ["001_ab"]
    (tmp_path / "broken.gold.json").write_text("[1, 2", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.gold\.json"):
        load_annotations(tmp_path, ".gold.json")


# --------------------------------------------------------------------------- output


def test_to_json_round_trip_keys() -> None:
    gold = doc([ent("甲")], [rel("甲", "manages", "乙")], [qty("甲", "people", 2)])
    report = evaluate_documents(gold, doc([ent("甲")]))
    data = json.loads(json.dumps(report.to_json(), ensure_ascii=False))
    assert set(data) == {
        "documents",
        "entities",
        "relations",
        "quantities",
        "post_accuracy",
        "missing_predictions",
    }
    assert set(data["entities"]) == {*ENTITY_TYPES, "overall"}
    assert set(data["relations"]) == {*RELATION_TYPES, "overall"}
    assert set(data["quantities"]) == {*MEASURES, "overall"}
    metric_keys = {"gold", "pred", "tp", "precision", "recall", "f1"}
    assert all(set(v) == metric_keys for v in data["relations"].values())
    assert data["entities"]["ORG"] == {
        "gold": 1,
        "pred": 1,
        "tp": 1,
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
    }
    assert data["relations"]["overall"]["gold"] == 1 and data["relations"]["overall"]["tp"] == 0
    assert data["documents"] == 1 and data["missing_predictions"] == []


def test_render_table_rows_and_caption() -> None:
    gold = doc(
        [ent("马景刚", "PERSON"), ent("石马村党支部")],
        [rel("马景刚", "holds_post", "石马村党支部", "书记")],
    )
    report = evaluate_documents(gold, gold)
    table = render_table(report)
    assert [c.header for c in table.columns] == [
        "group",
        "label",
        "gold",
        "pred",
        "tp",
        "P",
        "R",
        "F1",
    ]
    assert table.row_count == len(ENTITY_TYPES) + len(RELATION_TYPES) + len(MEASURES) + 3
    console = Console(width=120, record=True)
    console.print(table)
    text = console.export_text()
    assert "holds_post" in text and "overall" in text and "post accuracy: 1.000" in text


def test_merge_sums_reports() -> None:
    a = EvaluationReport(documents=1, post_correct=1, post_total=2)
    a.entities["ORG"] = Score(1, 2, 3)
    b = EvaluationReport(documents=2, missing_predictions=["x"], post_total=1)
    b.entities["ORG"] = Score(4, 0, 1)
    total = a.merge(b)
    assert counts(total.entities["ORG"]) == (5, 2, 4)
    assert (total.documents, total.missing_predictions) == (3, ["x"])
    assert total.post_accuracy == pytest.approx(1 / 3)


# --------------------------------------------------------------------------- properties

names = st.text(alphabet="甲乙丙丁戊“”《》 ab'", min_size=1, max_size=4)


@st.composite
def gold_documents(draw: st.DrawFn) -> dict[str, Any]:
    entities = draw(
        st.lists(
            st.builds(
                lambda t, ty, al: ent(t, ty, *al),
                names,
                st.sampled_from(ENTITY_TYPES),
                st.lists(names, max_size=2),
            ),
            max_size=6,
        )
    )
    pool = [e["text"] for e in entities] + [a for e in entities for a in e["aliases"]] or ["甲"]
    pick = st.sampled_from(pool)
    relations = draw(
        st.lists(
            st.builds(rel, pick, st.sampled_from(RELATION_TYPES), pick | names, st.none() | names),
            max_size=6,
        )
    )
    values = st.integers(0, 10**9) | st.floats(0, 1e9, allow_nan=False)
    quantities = draw(st.lists(st.builds(qty, pick, st.sampled_from(MEASURES), values), max_size=5))
    return doc(entities, relations, quantities)


@settings(max_examples=200, deadline=None)
@given(gold_documents())
def test_gold_against_itself_is_perfect(gold: dict[str, Any]) -> None:
    pred = json.loads(json.dumps(gold, ensure_ascii=False))
    report = evaluate_documents(gold, pred)
    for scores, overall in report.groups().values():
        for score in [*scores.values(), overall]:
            assert score.fp == score.fn == 0
            if score.gold:
                assert score.f1 == 1.0
    if report.post_total:
        assert report.post_accuracy == 1.0


@pytest.mark.skipif(not any(SHARED_GOLD.glob("*.gold.json")), reason="no shared gold files")
def test_shared_gold_against_itself_is_perfect() -> None:
    report = evaluate_dirs(SHARED_GOLD, SHARED_GOLD)
    assert report.documents > 0 and report.missing_predictions == []
    for overall in (report.entity_overall, report.relation_overall, report.quantity_overall):
        assert overall.gold > 0
        assert overall.f1 == 1.0

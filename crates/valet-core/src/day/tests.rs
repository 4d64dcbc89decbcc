//! Unit tests of days: sections, checklists, structured edits and the Markdown of a day.

use super::*;
use chrono::TimeZone;
use rstest::rstest;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap()
}

fn ids() -> impl FnMut() -> String {
    let mut n = 0;
    move || {
        n += 1;
        format!("e{n}")
    }
}

fn upd(section: &str, op: SectionOp, content: &str) -> SectionUpdate {
    SectionUpdate {
        section: section.into(),
        operation: op,
        content: content.into(),
    }
}

fn date() -> DayDate {
    DayDate::parse("date", "2026-11-28").unwrap()
}

#[rstest]
#[case("- [ ] a\n- [x] b", &[("a", false), ("b", true)], "")]
#[case("## Morning\n- [ ] a\nsome words", &[("a", false)], "## Morning\n- [ ] a\nsome words")]
#[case("* one\n1. two\n- [X] three", &[("one", false), ("two", false), ("three", true)], "")]
#[case("- [ ]   \nplain", &[], "- [ ]   \nplain")]
fn checklists_are_split_without_losing_text(
    #[case] input: &str,
    #[case] want: &[(&str, bool)],
    #[case] rest_has: &str,
) {
    let (items, rest) = split_checklist(input);
    let got: Vec<(&str, bool)> = items.iter().map(|(t, d)| (t.as_str(), *d)).collect();
    assert_eq!(got, want);
    for line in rest_has.lines().filter(|l| !l.starts_with("- [ ] a")) {
        assert!(rest.contains(line), "{rest:?} lacks {line:?}");
    }
}

/// Issue 13 item 14: appends cannot grow a section past its limit.
#[test]
fn repeated_appends_stop_at_the_section_limit() {
    let mut p = DayPlan::new(date(), now());
    let mut src = ids();
    let chunk = "x".repeat(90_000);
    p.apply(&upd("data_stash", SectionOp::Append, &chunk), &mut src)
        .unwrap();
    p.apply(&upd("data_stash", SectionOp::Append, &chunk), &mut src)
        .unwrap();
    let e = p
        .apply(&upd("data_stash", SectionOp::Append, &chunk), &mut src)
        .unwrap_err();
    assert!(e.to_string().contains("limit of 200000"), "{e}");
    assert!(p.data_stash.chars().count() <= MAX_SECTION);
}

#[test]
fn plan_tasks_append_prepend_replace() {
    let mut p = DayPlan::new(date(), now());
    let mut ids = ids();
    p.apply(&upd("tasks", SectionOp::Append, "- [ ] b"), &mut ids)
        .unwrap();
    p.apply(&upd("tasks", SectionOp::Prepend, "- [x] a"), &mut ids)
        .unwrap();
    assert_eq!(p.section_text("tasks").unwrap(), "- [x] a\n- [ ] b");
    p.apply(
        &upd("tasks", SectionOp::Replace, "- [ ] c\n## note"),
        &mut ids,
    )
    .unwrap();
    assert_eq!(p.section_text("tasks").unwrap(), "- [ ] c\n\n## note");
}

#[test]
fn text_sections_join_appends_with_a_blank_line() {
    let mut p = DayPlan::new(date(), now());
    let mut ids = ids();
    p.apply(&upd("data_stash", SectionOp::Append, "one"), &mut ids)
        .unwrap();
    p.apply(&upd("data_stash", SectionOp::Append, "two"), &mut ids)
        .unwrap();
    p.apply(&upd("custom section", SectionOp::Append, "kept"), &mut ids)
        .unwrap();
    assert_eq!(p.data_stash, "one\n\ntwo");
    assert_eq!(p.sections["custom section"], "kept");
    assert!(!p.is_empty());
}

#[rstest]
#[case(upd("", SectionOp::Append, "x"), "section")]
#[case(upd("../x", SectionOp::Append, "x"), "section")]
#[case(upd("tasks", SectionOp::Append, "  "), "content")]
fn bad_edits_name_the_field(#[case] u: SectionUpdate, #[case] field: &str) {
    let mut p = DayPlan::new(date(), now());
    let before = p.clone();
    assert_eq!(p.apply(&u, &mut ids()).unwrap_err().field, field);
    assert_eq!(p, before, "a failed edit changes nothing");
}

#[test]
fn journal_entries_lists_and_mood() {
    let mut j = JournalDay::new(date(), now());
    let mut ids = ids();
    let t = NaiveTime::from_hms_opt(21, 5, 0).unwrap();
    j.apply(&upd("entries", SectionOp::Append, "Long day"), t, &mut ids)
        .unwrap();
    j.apply(
        &upd("highlights", SectionOp::Append, "- shipped\n- ran 5k"),
        t,
        &mut ids,
    )
    .unwrap();
    j.apply(
        &upd("mood", SectionOp::Replace, "tired but happy"),
        t,
        &mut ids,
    )
    .unwrap();
    assert_eq!(j.entries[0].time, "21:05");
    assert_eq!(j.highlights, ["shipped", "ran 5k"]);
    assert_eq!(j.mood.as_deref(), Some("tired but happy"));
}

#[test]
fn one_journal_entry_is_rewritten_or_removed_by_id_and_the_others_stay() {
    let mut j = JournalDay::new(date(), now());
    let mut ids = ids();
    let t = NaiveTime::from_hms_opt(8, 30, 0).unwrap();
    for text in ["first", "second", "third"] {
        let add = DayEdit {
            journal_entry: Some(text.into()),
            ..DayEdit::default()
        };
        add.apply_journal(&mut j, t, &mut ids).unwrap();
    }
    let later = NaiveTime::from_hms_opt(22, 0, 0).unwrap();
    let edit = DayEdit {
        edit_entries: vec![("e2".into(), "second, better".into())],
        remove_entries: vec!["e1".into()],
        ..DayEdit::default()
    };
    assert!(edit.touches_journal() && !edit.touches_plan());
    edit.apply_journal(&mut j, later, &mut ids).unwrap();
    let kept: Vec<_> = j
        .entries
        .iter()
        .map(|e| (e.time.as_str(), e.text.as_str()))
        .collect();
    assert_eq!(kept, [("08:30", "second, better"), ("08:30", "third")]);

    let unknown = DayEdit {
        remove_entries: vec!["e1".into()],
        ..DayEdit::default()
    };
    let err = unknown.apply_journal(&mut j, later, &mut ids).unwrap_err();
    assert_eq!(err.field, "removeEntries[0]");
    let empty = DayEdit {
        edit_entries: vec![("e3".into(), "  ".into())],
        ..DayEdit::default()
    };
    let err = empty.apply_journal(&mut j, later, &mut ids).unwrap_err();
    assert_eq!(err.field, "editEntries[0].text");
}

#[test]
fn markdown_has_plan_and_journal() {
    let mut ids = ids();
    let mut p = DayPlan::new(date(), now());
    p.apply(&upd("tasks", SectionOp::Append, "- [ ] a"), &mut ids)
        .unwrap();
    let md = day_markdown(date(), Some(&p), None);
    assert_eq!(md, "# 2026-11-28\n\n## Plan\n\n### Tasks\n\n- [ ] a\n");
}

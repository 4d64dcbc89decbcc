//! What restoring an archived day copies, as pure functions over the records (the facade runs
//! them under the lock in `Valet::restore_archived_day`).

use valet_core::{DayPlan, JournalDay, PlanTask};

/// Copies an archived plan into `p`: onto its own day, missing tasks come back with their ids
/// and state and prose sections take the archived text; as today, open tasks not already there
/// come back as carried from that day, and prose fills only empty sections.
pub(crate) fn restore_plan(p: &mut DayPlan, from: &DayPlan, as_today: bool) {
    for t in &from.tasks {
        let present = p
            .tasks
            .iter()
            .any(|x| x.id == t.id || x.text.eq_ignore_ascii_case(&t.text));
        if present || (as_today && t.done) {
            continue;
        }
        if as_today {
            p.tasks.push(PlanTask {
                id: valet_core::planner::carried_task_id(&t.id, p.date),
                done: false,
                carried_from: Some(t.carried_from.unwrap_or(from.date)),
                carried: t.carried.saturating_add(1),
                ..t.clone()
            });
        } else {
            p.tasks.push(t.clone());
        }
    }
    let prose = |mine: &mut String, theirs: &str| {
        if !theirs.trim().is_empty() && (!as_today || mine.trim().is_empty()) {
            *mine = theirs.to_owned();
        }
    };
    prose(&mut p.personal_reminders, &from.personal_reminders);
    prose(&mut p.ongoing_summary, &from.ongoing_summary);
    prose(&mut p.data_stash, &from.data_stash);
    prose(&mut p.reflections, &from.reflections);
    for (name, text) in &from.sections {
        let mine = p.sections.entry(name.clone()).or_default();
        prose(mine, text);
    }
    p.sections.retain(|_, v| !v.trim().is_empty());
}

/// Copies an archived journal back onto its own day: prose sections and the mood take the
/// archived text, missing entries and list items are added back.
pub(crate) fn restore_journal(j: &mut JournalDay, from: &JournalDay) {
    for e in &from.entries {
        if !j.entries.iter().any(|x| x.id == e.id || x.text == e.text) {
            j.entries.push(e.clone());
        }
    }
    j.entries.sort_by(|a, b| a.time.cmp(&b.time));
    if from.mood.is_some() {
        j.mood.clone_from(&from.mood);
    }
    if from.mood_score.is_some() {
        j.mood_score = from.mood_score;
    }
    for (mine, theirs) in [
        (&mut j.highlights, &from.highlights),
        (&mut j.challenges, &from.challenges),
        (&mut j.lessons, &from.lessons),
    ] {
        for item in theirs {
            if !mine.contains(item) {
                mine.push(item.clone());
            }
        }
    }
    let prose = |mine: &mut String, theirs: &str| {
        if !theirs.trim().is_empty() {
            *mine = theirs.to_owned();
        }
    };
    prose(&mut j.reflections, &from.reflections);
    prose(&mut j.personal_reminders, &from.personal_reminders);
    for (name, text) in &from.sections {
        prose(j.sections.entry(name.clone()).or_default(), text);
    }
    j.sections.retain(|_, v| !v.trim().is_empty());
}

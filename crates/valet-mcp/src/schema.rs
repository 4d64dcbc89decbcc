//! Tool schemas as every client dialect reads them, and as few tokens as they can be: the
//! model sees every input schema on every turn.

use std::sync::Arc;

use rmcp::handler::server::common::{schema_for_input, schema_for_output};
use rmcp::model::JsonObject;
use schemars::JsonSchema;
use serde_json::Value;

pub(crate) fn input<T: JsonSchema + 'static>() -> Arc<JsonObject> {
    // The types are ours and are plain structs: their schemas cannot fail to build.
    portable(&schema_for_input::<T>().unwrap_or_else(|_| Arc::new(JsonObject::new())))
}

pub(crate) fn output<T: JsonSchema + 'static>() -> Arc<JsonObject> {
    portable(&schema_for_output::<T>())
}

/// Rewrites a generated schema into the subset every client dialect understands: optional
/// fields are simply optional (no `["string", "null"]` type arrays, no `anyOf` with a null
/// branch; null is still accepted on input), and Rust's integer formats (`uint`, `int64`, ...)
/// become plain integers with a minimum.
fn portable(schema: &JsonObject) -> Arc<JsonObject> {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(o) => {
                if let Some(serde_json::Value::Array(types)) = o.get("type") {
                    let non_null: Vec<serde_json::Value> =
                        types.iter().filter(|t| *t != "null").cloned().collect();
                    if non_null.len() == 1 {
                        o.insert("type".into(), non_null[0].clone());
                    }
                }
                if let Some(serde_json::Value::Array(branches)) = o.get("anyOf") {
                    let non_null: Vec<serde_json::Value> = branches
                        .iter()
                        .filter(|b| b.get("type") != Some(&serde_json::json!("null")))
                        .cloned()
                        .collect();
                    if non_null.len() == 1 && branches.len() == 2 {
                        o.remove("anyOf");
                        if let serde_json::Value::Object(inner) = &non_null[0] {
                            for (k, val) in inner {
                                o.entry(k.clone()).or_insert_with(|| val.clone());
                            }
                        }
                    }
                }
                if let Some(serde_json::Value::String(f)) = o.get("format") {
                    if f.starts_with("uint") || f.starts_with("int") {
                        if f.starts_with("uint") {
                            o.entry("minimum").or_insert(serde_json::json!(0));
                        }
                        o.remove("format");
                    }
                }
                for (_, child) in o.iter_mut() {
                    walk(child);
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(walk),
            _ => {}
        }
    }
    let mut v = serde_json::Value::Object(schema.clone());
    walk(&mut v);
    lean(&mut v);
    match v {
        serde_json::Value::Object(o) => Arc::new(o),
        _ => Arc::new(schema.clone()),
    }
}

/// Drops what costs tokens and tells a model nothing: the `$schema` URL in every tool, line
/// breaks inside descriptions, and `$defs` indirection for plain enums (inlined where used).
fn lean(v: &mut Value) {
    let Value::Object(root) = v else { return };
    root.remove("$schema");
    let defs = root.remove("$defs").or_else(|| root.remove("definitions"));
    let mut kept = serde_json::Map::new();
    if let Some(Value::Object(mut defs)) = defs {
        defs.values_mut().for_each(consts_to_enum);
        let (plain, other): (Vec<_>, Vec<_>) =
            defs.into_iter().partition(|(_, d)| is_plain_enum(d));
        let plain: serde_json::Map<String, Value> = plain.into_iter().collect();
        inline(v, &plain);
        kept.extend(other);
        for d in kept.values_mut() {
            inline(d, &plain);
        }
    }
    // An object used once reads better in place, and some clients never follow a `$ref`.
    let once: serde_json::Map<String, Value> = kept
        .iter()
        .filter(|(name, _)| {
            let needle = format!("\"#/$defs/{name}\"");
            let uses = |x: &Value| x.to_string().matches(needle.as_str()).count();
            uses(v) + kept.values().map(uses).sum::<usize>() == 1
        })
        .map(|(k, d)| (k.clone(), d.clone()))
        .collect();
    kept.retain(|name, _| !once.contains_key(name));
    inline(v, &once);
    for d in kept.values_mut() {
        inline(d, &once);
    }
    unwrap_lines(v);
    drop_closed(v);
    for d in kept.values_mut() {
        unwrap_lines(d);
        drop_closed(d);
    }
    if let Value::Object(root) = v {
        if !kept.is_empty() {
            root.insert("$defs".into(), Value::Object(kept));
        }
    }
}

/// `oneOf` of `const` strings (what documented enum variants become) as one `enum`, the
/// variants' notes folded into the description.
fn consts_to_enum(d: &mut Value) {
    let Some(Value::Array(branches)) = d.get("oneOf") else {
        return;
    };
    let mut values = Vec::new();
    let mut notes = Vec::new();
    for b in branches {
        // Undocumented variants come grouped as an `enum`, documented ones as a `const`.
        let names: Vec<&str> = match (b.get("const"), b.get("enum")) {
            (Some(Value::String(c)), _) => vec![c.as_str()],
            (_, Some(Value::Array(e))) => e.iter().filter_map(Value::as_str).collect(),
            _ => return,
        };
        if names.is_empty() {
            return;
        }
        if let Some(n) = b.get("description").and_then(Value::as_str) {
            notes.push(format!("{}: {n}", names.join(", ")));
        }
        values.extend(names.into_iter().map(|c| Value::String(c.to_owned())));
    }
    let Value::Object(o) = d else { return };
    o.remove("oneOf");
    o.insert("type".into(), Value::String("string".into()));
    o.insert("enum".into(), Value::Array(values));
    if !notes.is_empty() {
        let base = o
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let joined = format!("{base} {}", notes.join("; ")).trim().to_owned();
        o.insert("description".into(), Value::String(joined));
    }
}

fn is_plain_enum(d: &Value) -> bool {
    d.get("enum").is_some() && d.get("properties").is_none()
}

/// Replaces `{"$ref": "#/$defs/X"}` by X's own keys (a description at the use wins).
fn inline(v: &mut Value, plain: &serde_json::Map<String, Value>) {
    match v {
        Value::Object(o) => {
            let target = o
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.rsplit('/').next())
                .and_then(|name| plain.get(name))
                .cloned();
            if let Some(Value::Object(def)) = target {
                o.remove("$ref");
                for (k, val) in def {
                    o.entry(k).or_insert(val);
                }
            }
            o.values_mut().for_each(|c| inline(c, plain));
        }
        Value::Array(a) => a.iter_mut().for_each(|c| inline(c, plain)),
        _ => {}
    }
}

/// `additionalProperties: false` on every object costs tokens on every turn and changes no
/// model's call; the server refuses unknown keys itself, naming them (`args::parse`).
fn drop_closed(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if o.get("additionalProperties") == Some(&Value::Bool(false)) {
                o.remove("additionalProperties");
            }
            o.values_mut().for_each(drop_closed);
        }
        Value::Array(a) => a.iter_mut().for_each(drop_closed),
        _ => {}
    }
}

/// Doc comments wrap at 100 columns; a description is one paragraph.
fn unwrap_lines(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if let Some(Value::String(d)) = o.get_mut("description") {
                if d.contains('\n') {
                    *d = d.split_whitespace().collect::<Vec<_>>().join(" ");
                }
            }
            o.iter_mut()
                .filter(|(k, _)| k.as_str() != "description")
                .for_each(|(_, c)| unwrap_lines(c));
        }
        Value::Array(a) => a.iter_mut().for_each(unwrap_lines),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(schemars::JsonSchema)]
    #[allow(dead_code)]
    enum Colour {
        Red,
        Blue,
    }

    #[derive(schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    #[allow(dead_code)]
    enum Noted {
        Add,
        /// Move it elsewhere.
        Move,
    }

    #[derive(schemars::JsonSchema)]
    #[allow(dead_code)]
    struct Args {
        noted: Noted,
        /// The colour,
        /// wrapped over two lines.
        colour: Option<Colour>,
        many: Vec<Colour>,
    }

    #[test]
    fn lean_schemas_inline_plain_enums_and_drop_the_schema_url() {
        let s = input::<Args>();
        let text = serde_json::to_string(&*s).unwrap();
        assert!(!text.contains("$schema"), "{text}");
        assert!(!text.contains("$defs") && !text.contains("$ref"), "{text}");
        assert_eq!(
            s["properties"]["colour"]["enum"],
            serde_json::json!(["Red", "Blue"])
        );
        assert_eq!(
            s["properties"]["many"]["items"]["enum"],
            serde_json::json!(["Red", "Blue"])
        );
        assert_eq!(
            s["properties"]["colour"]["description"],
            "The colour, wrapped over two lines."
        );
        assert_eq!(
            s["properties"]["noted"]["enum"],
            serde_json::json!(["add", "move"])
        );
        assert_eq!(
            s["properties"]["noted"]["description"],
            "move: Move it elsewhere."
        );
    }
}

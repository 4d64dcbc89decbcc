//! The MCP argument parser: any JSON object as the arguments of any tool never panics; a
//! refusal names the argument.
#![no_main]

use libfuzzer_sys::fuzz_target;
use valet_mcp::args::*;

fn check<T: serde::de::DeserializeOwned>(obj: &serde_json::Map<String, serde_json::Value>) {
    if let Err(e) = parse::<T>(obj.clone()) {
        assert!(!e.is_empty());
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(serde_json::Value::Object(obj)) = serde_json::from_slice::<serde_json::Value>(data)
    else {
        return;
    };
    check::<AddTodosArgs>(&obj);
    check::<UpdateTodosArgs>(&obj);
    check::<DeleteTodosArgs>(&obj);
    check::<FindTodosArgs>(&obj);
    check::<DayArgs>(&obj);
    check::<EditDayArgs>(&obj);
    check::<SearchArgs>(&obj);
    check::<ListDaysArgs>(&obj);
    check::<DailyContextArgs>(&obj);
    check::<UpdateDailyArgs>(&obj);
    check::<NewDayArgs>(&obj);
    check::<TodoOperationsArgs>(&obj);
    check::<TodoViewArgs>(&obj);
});

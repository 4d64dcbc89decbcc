//! The CLI guide (docs/cli/*.md) run as tests: each page's `$ valet ...` lines run in order on
//! a fresh store, at a frozen time (Monday 2026-11-30 09:00 UTC), and must print what the page
//! shows (`[..]` stands for a random id). `TRYCMD=overwrite` rewrites the pages from a run.

use std::path::PathBuf;

#[test]
fn the_cli_guide_runs_as_written() {
    let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/cli");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&docs)
        .unwrap_or_else(|e| panic!("{}: {e}", docs.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 4, "the guide has pages: {pages:?}");
    for page in pages {
        // One store per page: its commands build on each other, pages do not.
        let store = valet_tests::DataDir::new("UTC");
        let cases = trycmd::TestCases::new();
        cases
            .register_bin("valet", valet_tests::valet_bin())
            .env("VALET_DATA_DIR", store.path().display().to_string())
            .env("VALET_TEST_NOW", "2026-11-30T09:00:00Z")
            .env("VALET_LOG", "warn")
            .env("NO_COLOR", "1")
            .env("EDITOR", "false")
            .case(&page);
        cases.run();
    }
}

//! The storage server's time, read from the `Date` header every HTTP answer carries. A device
//! whose clock is wrong by an hour would otherwise stamp its edits an hour off, and the hybrid
//! clocks that order concurrent edits would let its stale edits beat truly later ones.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use opendal::{Buffer, HttpBody, HttpTransport, HttpTransporter};

/// The latest offset seen: this device's clock minus the server's, in ms.
#[derive(Debug, Clone, Default)]
pub struct ServerClock {
    offset: Arc<Mutex<Option<i64>>>,
}

impl ServerClock {
    /// Records one answer's `Date` (whole seconds) against the local time it arrived.
    pub fn observe(&self, server: DateTime<Utc>, local: DateTime<Utc>) {
        // The header is truncated to the second: the server's time was within [date, date+1s).
        let mid = server + chrono::Duration::milliseconds(500);
        let offset = (local - mid).num_milliseconds();
        if let Ok(mut o) = self.offset.lock() {
            *o = Some(offset);
        }
    }

    pub fn offset_ms(&self) -> Option<i64> {
        self.offset.lock().ok().and_then(|o| *o)
    }

    /// An HTTP transport that passes requests to OpenDAL's default one and reads the time off
    /// each answer.
    pub fn transport(&self) -> HttpTransporter {
        HttpTransporter::new(Clocked {
            inner: HttpTransporter::default(),
            clock: self.clone(),
        })
    }
}

/// Parses an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
pub fn parse_http_date(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc2822(s)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

struct Clocked {
    inner: HttpTransporter,
    clock: ServerClock,
}

impl HttpTransport for Clocked {
    async fn fetch(&self, req: http::Request<Buffer>) -> opendal::Result<http::Response<HttpBody>> {
        let resp = self.inner.fetch(req).await?;
        if let Some(date) = resp
            .headers()
            .get(http::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_http_date)
        {
            self.clock.observe(date, Utc::now());
        }
        Ok(resp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_hour_ahead_is_measured_within_a_second() {
        let c = ServerClock::default();
        let server = parse_http_date("Sun, 29 Nov 2026 10:00:00 GMT").unwrap();
        c.observe(server, server + chrono::Duration::hours(1));
        let off = c.offset_ms().unwrap();
        assert!((off - 3_600_000).abs() <= 1_000, "{off}");
        assert!(parse_http_date("yesterday").is_none());
    }
}

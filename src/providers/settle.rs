//! Shared bookkeeping of changes: request IDs in reports, and settling a change whose answer was
//! unclear.
//!
//! A POST is never sent twice (it is not idempotent). When its answer is lost (timeout, reset, a cut
//! or garbled body), or a PUT or DELETE is still unclear after the HTTP layer's retries, a fresh read
//! of the members decides, and [`settle_change`] turns what it showed into the result: done, not
//! done, or unknown, always keeping the original failure's words. The change engine settles every
//! change this way; an emulated change settles its own intermediate steps with it too (AskUI's
//! re-create).

use crate::error::{Error, ErrorKind, Result};
use crate::http::Answer;
use crate::model::ChangeReport;

/// Adds an answer's request ID to the report, for support tickets.
pub(crate) fn note_request(report: &mut ChangeReport, answer: &Answer) {
    if let Some(id) = &answer.request_id {
        report.request_ids.push(id.clone());
    }
}

/// Adds a failed step's request ID to the report (support tickets need the failed ones most).
pub(crate) fn note_error_request(report: &mut ChangeReport, err: &Error) {
    if let Some(id) = &err.request_id {
        report.request_ids.push(id.clone());
    }
}

/// Settles a change whose answer was ambiguous ([`crate::http::is_ambiguous`]) by what a fresh read of the
/// server showed: `Ok(true)` the change is there, `Ok(false)` it is not, `Err` the read failed.
///
/// `change` names the change for a sentence, e.g. `adding bob@example.com as reader`. Returns the
/// report line when the change took effect; otherwise `err` with a sentence saying what the re-read
/// showed (nothing changed, or that it is unknown).
pub(crate) fn settle_change(err: Error, change: &str, reread: Result<bool>) -> Result<String> {
    match reread {
        Ok(true) => Ok(format!(
            "the answer was lost ({}); re-reading the members shows {change} took effect",
            brief(&err)
        )),
        Ok(false) => Err(not_applied(err, change)),
        Err(reread) => Err(Error {
            message: format!(
                "{}; whether {change} took effect is unknown (re-reading the members failed: {}); \
                 list the members before retrying",
                err.message, reread.message
            ),
            ..err
        }),
    }
}

/// `err` with a sentence saying that a re-read showed `change` did not take effect.
pub(crate) fn not_applied(err: Error, change: &str) -> Error {
    // A real server may still be working on a request we stopped waiting for.
    let later = if err.kind == ErrorKind::Timeout {
        "; a server still working on it could apply it later, so list the members again before \
         retrying"
    } else {
        ""
    };
    Error {
        message: format!(
            "{}; re-reading the members shows {change} did not take effect, so nothing \
             changed{later}",
            err.message
        ),
        ..err
    }
}

/// `HTTP 500: words` (or just the words when no answer came), for nesting in a message.
pub(crate) fn brief(e: &Error) -> String {
    match e.status {
        Some(status) => format!("HTTP {status}: {}", e.message),
        None => e.message.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(kind: ErrorKind, status: Option<u16>) -> Error {
        let e = Error::new(kind, "p", "op", "m");
        match status {
            Some(s) => e.with_status(s),
            None => e,
        }
    }

    #[test]
    fn settling_says_what_the_re_read_showed() {
        let lost = || err(ErrorKind::Timeout, None);
        let applied = settle_change(lost(), "adding ada as reader", Ok(true)).unwrap();
        assert!(
            applied.contains("adding ada as reader took effect"),
            "{applied}"
        );
        let not = settle_change(lost(), "adding ada as reader", Ok(false)).unwrap_err();
        assert!(
            not.message
                .contains("did not take effect, so nothing changed")
        );
        assert!(
            not.message.contains("could apply it later"),
            "timeouts warn"
        );
        let unknown = settle_change(
            err(ErrorKind::Server, Some(500)),
            "adding ada",
            Err(err(ErrorKind::Network, None)),
        )
        .unwrap_err();
        assert!(
            unknown
                .message
                .contains("whether adding ada took effect is unknown")
        );
        assert_eq!(unknown.status, Some(500));
    }

    #[test]
    fn each_answers_request_id_goes_into_the_report() {
        let answer = |id: Option<&str>| Answer {
            status: 204,
            body: Vec::new(),
            request_id: id.map(str::to_string),
        };
        let mut report = ChangeReport::default();
        note_request(&mut report, &answer(None));
        note_request(&mut report, &answer(Some("req-1")));
        note_request(&mut report, &answer(Some("req-2")));
        assert_eq!(report.request_ids, ["req-1", "req-2"]);
    }

    #[test]
    fn a_failed_steps_request_id_goes_into_the_report() {
        let mut report = ChangeReport::default();
        note_error_request(&mut report, &err(ErrorKind::Server, Some(500)));
        assert!(report.request_ids.is_empty(), "no ID, nothing noted");
        let failed = err(ErrorKind::Server, Some(500)).with_request_id(Some("req-7f3a".into()));
        note_error_request(&mut report, &failed);
        assert_eq!(report.request_ids, ["req-7f3a"]);
    }

    #[test]
    fn a_lost_answer_is_quoted_with_its_status_when_there_was_one() {
        let with_status = settle_change(err(ErrorKind::Server, Some(502)), "adding ada", Ok(true));
        assert!(
            with_status
                .as_ref()
                .unwrap()
                .contains("lost (HTTP 502: m);"),
            "{with_status:?}"
        );
        let without = settle_change(err(ErrorKind::Timeout, None), "adding ada", Ok(true));
        assert!(
            without.as_ref().unwrap().contains("lost (m);"),
            "{without:?}"
        );
    }
}

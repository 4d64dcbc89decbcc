//! Asking before destroying: a call that deletes several todos or overwrites text first asks
//! the user through MCP elicitation where the client supports it; otherwise it needs an
//! explicit `confirm: true`, which the tool descriptions explain.

use std::time::Duration;

use rmcp::service::{ElicitationError, RequestContext};
use rmcp::RoleServer;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::server::invalid;

/// What the user answers.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Confirmation {
    /// Go ahead.
    pub confirm: bool,
}
rmcp::elicit_safe!(Confirmation);

/// A person reads the question: give them time, but not forever.
const ASK_FOR: Duration = Duration::from_secs(300);

/// Ok when `confirm` is true or the user said yes to `what` ("Delete 3 todos").
pub(crate) async fn confirmed(
    ctx: &RequestContext<RoleServer>,
    confirm: Option<bool>,
    what: &str,
    field: &str,
) -> Result<(), String> {
    if confirm == Some(true) {
        return Ok(());
    }
    let question = format!("{what}?");
    match ctx
        .peer
        .elicit_with_timeout::<Confirmation>(question, Some(ASK_FOR))
        .await
    {
        Ok(Some(Confirmation { confirm: true })) => Ok(()),
        Ok(_) | Err(ElicitationError::UserDeclined) | Err(ElicitationError::UserCancelled) => {
            Err(format!("{what}: the user said no; nothing was changed"))
        }
        // The client cannot ask (no elicitation, or a protocol that forbids asking).
        Err(_) => Err(invalid(
            field,
            format!(
                "must be true to {}: ask the user first (this client cannot ask for us); nothing was changed",
                what.to_lowercase()
            ),
        )),
    }
}

/// Ok unless a client that can ask the user got a no. Clients that cannot ask go ahead: the
/// legacy server's callers replace sections without a confirm argument, and the change stays
/// in the undo journal.
pub(crate) async fn confirmed_if_asked(
    ctx: &RequestContext<RoleServer>,
    what: &str,
) -> Result<(), String> {
    match ctx
        .peer
        .elicit_with_timeout::<Confirmation>(format!("{what}?"), Some(ASK_FOR))
        .await
    {
        Ok(Some(Confirmation { confirm: true })) => Ok(()),
        Ok(_) | Err(ElicitationError::UserDeclined) | Err(ElicitationError::UserCancelled) => {
            Err(format!("{what}: the user said no; nothing was changed"))
        }
        Err(ElicitationError::CapabilityNotSupported) => Ok(()),
        Err(e) => Err(invalid(
            "confirm",
            format!(
                "must be true to {}: asking the user failed ({e}); nothing was changed",
                what.to_lowercase()
            ),
        )),
    }
}

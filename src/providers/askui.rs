//! AskUi client (stub: replaced by the real client).

use super::{Provider, ProviderConfig};
use crate::error::{Error, ErrorKind, Result};
use crate::model::*;
use async_trait::async_trait;

/// AskUi client.
pub struct AskUi {
    caps: Capabilities,
}

impl AskUi {
    /// Builds the client.
    pub fn new(config: ProviderConfig) -> Result<Self> {
        let _ = config;
        let no = Support::Unsupported("not built yet");
        Ok(AskUi {
            caps: Capabilities {
                list_workspaces: no.clone(),
                inherited_members: no.clone(),
                add_by_id: no.clone(),
                add_by_email: no.clone(),
                set_role: no.clone(),
                remove: no.clone(),
                create_workspace: no,
                has_groups: false,
                roles_per_workspace: false,
            },
        })
    }
}

fn todo() -> Error {
    Error::new(ErrorKind::Unsupported, "askui", "", "not built yet")
}

#[async_trait]
impl Provider for AskUi {
    fn kind(&self) -> ProviderKind {
        ProviderKind::parse("askui").unwrap_or(ProviderKind::Askui)
    }
    fn capabilities(&self) -> &Capabilities {
        &self.caps
    }
    async fn list_workspaces(&self) -> Result<Vec<Workspace>> {
        Err(todo())
    }
    async fn list_members(&self, _: &Workspace, _: bool) -> Result<Vec<Member>> {
        Err(todo())
    }
    async fn list_roles(&self, _: &Workspace) -> Result<Vec<Role>> {
        Err(todo())
    }
    async fn add_member(&self, _: &Workspace, _: &UserRef, _: &Role) -> Result<ChangeReport> {
        Err(todo())
    }
    async fn set_role(&self, _: &Workspace, _: &Member, _: &Role) -> Result<ChangeReport> {
        Err(todo())
    }
    async fn remove_member(&self, _: &Workspace, _: &Member) -> Result<ChangeReport> {
        Err(todo())
    }
    async fn create_workspace(&self, _: &NewWorkspace) -> Result<Workspace> {
        Err(todo())
    }
}

//! Profiles: TOML in the platform config dir, token sources.

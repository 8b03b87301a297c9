//! The online lookup a screener consults: cached answers only, never a fetch.

use std::sync::Arc;

use super::{Screener, write};
use crate::lookup::LookupClient;

impl Screener {
    /// Consults `lookup`'s cached answers for unknown callers that no installed feed lists
    /// (reason `lookup_listed`, in the feed tier below the installed feeds); `None` stops it.
    /// Screening never fetches: the app fetches buckets through the client.
    pub fn set_lookup(&self, lookup: Option<Arc<LookupClient>>) {
        write(&self.lookup, lookup);
    }
}

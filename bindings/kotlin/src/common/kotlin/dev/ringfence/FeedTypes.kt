package dev.ringfence

// A published feed's manifest.json: core's records (dev.ringfence.core, see CoreTypes.kt), kept
// in dev.ringfence. Read it with parseFeedManifest, decide with planFeedUpdate, check downloads
// with checkFeedDownload (docs/feed-manifest.md).

/** A feed's `manifest.json`. */
typealias FeedManifest = dev.ringfence.core.FeedManifest

/** A file a manifest names: bare name, size, SHA-256 (hex). */
typealias FeedFile = dev.ringfence.core.FeedFile

/** The signed delta from `fromVersion`. */
typealias FeedDelta = dev.ringfence.core.FeedDelta

/** What to fetch for the installed version: nothing, the delta (with the full file as fallback) or the full file. */
typealias FeedUpdate = dev.ringfence.core.FeedUpdate

// Kotlin cannot reach a class nested in a type alias (`FeedUpdate.Delta`): the variants' own aliases.

/** [FeedUpdate]: the installed version is the manifest's or newer, fetch nothing. */
typealias FeedUpToDate = dev.ringfence.core.FeedUpdate.UpToDate

/** [FeedUpdate]: fetch the delta from the installed version; if it is refused, fall back to `full`. */
typealias FeedDeltaUpdate = dev.ringfence.core.FeedUpdate.Delta

/** [FeedUpdate]: fetch the full database. */
typealias FeedFullUpdate = dev.ringfence.core.FeedUpdate.Full

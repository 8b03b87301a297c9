package dev.ringfence

import java.nio.ByteBuffer

/**
 * A bounded cache of values decoded from byte spans, looked up by the span's content in place:
 * a hit hashes the bytes and compares them with the key, and allocates nothing.
 *
 * [slots] entries (a power of two); a span may sit in any of the [WAYS] slots after the one its
 * hash picks, so a few spans sharing a hash do not evict each other; a new span takes a free
 * slot there, else replaces one of them in turn. One thread only ([LeanCodec] keeps one per
 * thread). Only for values that repeat across callers (verdict texts, reason lists): a span is
 * kept until another replaces it, so never cache anything per caller, such as a number.
 */
internal class SpanCache<T : Any>(slots: Int) {
    init {
        require(slots >= WAYS && slots and (slots - 1) == 0) { "slots must be a power of two, at least $WAYS" }
    }

    @PublishedApi internal val keys = arrayOfNulls<ByteArray>(slots)

    @PublishedApi internal val values = arrayOfNulls<Any>(slots)

    private var nextVictim = 0

    /**
     * The value cached for `buf[at, at + length)`, else [decode] of a copy of those bytes (which
     * becomes the cache key, so [decode] must not change it), then cached.
     */
    inline fun getOrPut(buf: ByteBuffer, at: Int, length: Int, decode: (ByteArray) -> T): T {
        val found = find(buf, at, length)
        @Suppress("UNCHECKED_CAST")
        if (found >= 0) return values[found] as T
        val bytes = ByteArray(length)
        for (i in 0 until length) bytes[i] = buf.get(at + i)
        val value = decode(bytes)
        keys[-1 - found] = bytes
        values[-1 - found] = value
        return value
    }

    /** The slot holding the span, else `-1 - slot` for the slot a new entry for it takes. */
    @PublishedApi
    internal fun find(buf: ByteBuffer, at: Int, length: Int): Int {
        var hash = length
        for (i in at until at + length) hash = 31 * hash + buf.get(i)
        hash *= -0x61c88647 // the golden-ratio constant: every byte reaches the high bits
        val first = hash ushr 16 xor hash
        var free = -1
        for (way in 0 until WAYS) {
            val slot = (first + way) and (keys.size - 1)
            val key = keys[slot]
            if (key == null) {
                if (free < 0) free = slot
            } else if (sameBytes(key, buf, at, length)) {
                return slot
            }
        }
        if (free < 0) {
            free = (first + nextVictim) and (keys.size - 1)
            nextVictim = (nextVictim + 1) % WAYS
        }
        return -1 - free
    }

    private fun sameBytes(key: ByteArray, buf: ByteBuffer, at: Int, length: Int): Boolean {
        if (key.size != length) return false
        for (i in key.indices) if (key[i] != buf.get(at + i)) return false
        return true
    }

    private companion object {
        /** How many slots from its hash's a span may sit in. */
        const val WAYS = 4
    }
}

package dev.ringfence

import java.nio.ByteBuffer

/**
 * A bounded cache of values decoded from byte spans, looked up by the span's content in place:
 * a hit reads the bytes once to hash them and once to compare them, and allocates nothing.
 * Direct-mapped: [slots] entries (a power of two), a new span replaces whatever shares its slot.
 * One thread only ([LeanCodec] keeps one per thread).
 *
 * Only for values that repeat across callers (verdict texts, reason lists): a span is kept
 * until another replaces it, so never cache anything per caller, such as a number.
 */
internal class SpanCache<T : Any>(slots: Int) {
    init {
        require(slots > 0 && slots and (slots - 1) == 0) { "slots must be a power of two" }
    }

    @PublishedApi internal val keys = arrayOfNulls<ByteArray>(slots)

    @PublishedApi internal val values = arrayOfNulls<Any>(slots)

    /**
     * The value cached for `buf[at, at + length)`, else [decode] of a copy of those bytes (which
     * becomes the cache key, so [decode] must not change it), stored in the span's slot.
     */
    inline fun getOrPut(buf: ByteBuffer, at: Int, length: Int, decode: (ByteArray) -> T): T {
        val slot = slotOf(buf, at, length)
        val key = keys[slot]
        @Suppress("UNCHECKED_CAST")
        if (key != null && sameBytes(key, buf, at, length)) return values[slot] as T
        val bytes = ByteArray(length)
        for (i in 0 until length) bytes[i] = buf.get(at + i)
        val value = decode(bytes)
        keys[slot] = bytes
        values[slot] = value
        return value
    }

    /** The slot of a span: a multiplicative hash of its bytes, spread over the slot bits. */
    @PublishedApi
    internal fun slotOf(buf: ByteBuffer, at: Int, length: Int): Int {
        var hash = length
        for (i in at until at + length) hash = 31 * hash + buf.get(i)
        hash *= -0x61c88647 // the golden-ratio constant, so that the top bits depend on every byte
        return (hash ushr 16 xor hash) and (keys.size - 1)
    }

    @PublishedApi
    internal fun sameBytes(key: ByteArray, buf: ByteBuffer, at: Int, length: Int): Boolean {
        if (key.size != length) return false
        for (i in key.indices) if (key[i] != buf.get(at + i)) return false
        return true
    }
}

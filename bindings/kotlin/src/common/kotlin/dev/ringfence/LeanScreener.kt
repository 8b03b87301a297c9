package dev.ringfence

import com.sun.jna.Native
import java.nio.ByteBuffer
import java.util.concurrent.locks.ReentrantReadWriteLock
import kotlin.concurrent.read
import kotlin.concurrent.write

/**
 * [Screener.screen] for hot loops on the JVM, with no native allocation per call.
 *
 * Every UniFFI call from Kotlin allocates about ten small JNA `Memory` blocks (call statuses,
 * buffers each way, a handle clone) that are freed only after the garbage collector and JNA's
 * cleaner thread reach them; with the JVM's default heap, a long loop of single `screen` calls
 * outruns them and the process grows to gigabytes. This class sends the same UniFFI-encoded
 * records through two direct buffers per thread, reused for every call, to the library's
 * `ringfence_lean_screen` (bindings/ffi/src/lean.rs), and writes and reads those records
 * itself ([LeanCodec]) instead of through the generated converters, which leave about 1.3 KB of
 * heap garbage per call: what is left is the [Verdict] and its `e164` (about 100 bytes), so a
 * million calls stay within a fraction of the default young generation (166–178 MB resident
 * at peak, `JvmMemoryTest`). The verdict's texts and reason lists come from a small per-thread
 * cache (read-only lists, shared by equal verdicts); the caller's number is never cached and
 * the buffers are zeroed after each call. Verdicts are exactly `screen`'s: a call the lean path
 * cannot take (an oversized call or verdict, a string with a lone surrogate) goes through
 * [Screener.screen].
 *
 * Thread-safe. Keep one next to its [Screener] and [close] it first (it holds a reference that
 * keeps the screener's Rust object alive until then):
 * ```
 * LeanScreener(screener).use { lean -> calls.forEach { handle(lean.screen(it)) } }
 * ```
 */
class LeanScreener(private val screener: Screener) : AutoCloseable {
    /** Calls hold the read lock; [close] takes the write lock, so it waits for them. */
    private val lock = ReentrantReadWriteLock()
    private var handle: Long = screener.uniffiCloneHandle()

    /** Screens one call, as [Screener.screen] does. Never throws for a well-formed call. */
    fun screen(call: IncomingCall): Verdict = lock.read {
        check(handle != 0L) { "LeanScreener is closed" }
        leanScreen(handle, call) ?: screener.screen(call)
    }

    /** Releases the library reference; waits for calls in flight. Idempotent. */
    override fun close() = lock.write {
        if (handle != 0L) LeanLib.ringfence_lean_release(handle)
        handle = 0L
    }

    private fun leanScreen(handle: Long, call: IncomingCall): Verdict? {
        val codec = LeanCodec.current()
        var length = 0
        try {
            if (!codec.encode(call)) return null
            val input = codec.input
            val output = codec.output
            output.clear()
            length = LeanLib.ringfence_lean_screen(handle, input, input.limit(), output, output.capacity())
            if (length <= 0) return null
            return codec.decodeVerdict(length) ?: output.run {
                clear()
                limit(length)
                FfiConverterTypeVerdict.read(this)
            }
        } finally {
            codec.wipe(length)
        }
    }
}

/** JNA direct mapping of the lean entry points, in the library UniFFI loads. */
private object LeanLib {
    init {
        Native.register(
            LeanLib::class.java,
            System.getProperty("uniffi.component.ringfence.libraryOverride") ?: "ringfence",
        )
    }

    external fun ringfence_lean_screen(handle: Long, input: ByteBuffer, inputLen: Int, out: ByteBuffer, outCapacity: Int): Int

    external fun ringfence_lean_release(handle: Long)
}

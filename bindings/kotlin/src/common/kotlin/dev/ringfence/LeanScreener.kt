package dev.ringfence

import com.sun.jna.Native
import java.nio.ByteBuffer
import java.util.concurrent.locks.ReentrantReadWriteLock
import kotlin.concurrent.read
import kotlin.concurrent.write

/**
 * [Screener.screen] and [Screener.screenBatch] for hot loops on the JVM, with no native
 * allocation per call.
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
 * cannot take (an oversized call, a string with a lone surrogate) goes through [Screener.screen]
 * instead, unscreened by the lean path. [screenBatch] sends a whole list through
 * `ringfence_lean_screen_batch` in one crossing, in buffers that grow to fit it; a list it cannot
 * take goes through [Screener.screenBatch]. Each call is screened once, as screening has side
 * effects (the call history behind repeated calls and bursts): verdicts larger than the output
 * buffer are kept by the library for this thread and taken into a larger buffer
 * (`ringfence_lean_take`), never screened again. Either costs little beyond the screening
 * itself (about 4 µs of CPU per call against 7 µs for the generated `screenBatch` and 47 µs for
 * `screen`: README "Performance").
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
        lean(1, { it.encode(call) }, LeanLib::ringfence_lean_screen) { codec, length ->
            codec.decodeVerdict(length) ?: FfiConverterTypeVerdict.read(codec.answer(length))
        } ?: screener.screen(call)
    }

    /**
     * Screens [calls] in one crossing, as [Screener.screenBatch] does: their verdicts, in the
     * same order. Never throws for well-formed calls. Verdicts that outgrow the room offered for
     * them (1 KB a call at first, more after such a batch) are taken into a larger buffer; each
     * call is screened once.
     */
    fun screenBatch(calls: List<IncomingCall>): List<Verdict> = lock.read {
        check(handle != 0L) { "LeanScreener is closed" }
        lean(calls.size, { it.encodeBatch(calls) }, LeanLib::ringfence_lean_screen_batch) { codec, length ->
            codec.decodeVerdicts(length, calls.size)
                ?: FfiConverterSequenceTypeVerdict.read(codec.answer(length))
        } ?: screener.screenBatch(calls)
    }

    /** Releases the library reference; waits for calls in flight. Idempotent. */
    override fun close() = lock.write {
        if (handle != 0L) LeanLib.ringfence_lean_release(handle)
        handle = 0L
    }

    /**
     * One crossing of [count] calls: [encode] into this thread's codec, [entry] (one of the lean
     * entry points), then [decode] of the answer's length; null when the lean path declined
     * (nothing was screened). An answer too large for the output buffer was screened and kept
     * by the library for this OS thread: it is taken into a grown buffer by
     * `ringfence_lean_take` right after the entry point (JNA calls run on the calling thread,
     * and nothing in between parks it). The one exception: a virtual thread that parks while
     * the grown direct buffer is allocated (direct memory short) may resume on another carrier,
     * where nothing is kept for its input; take answers `0` and the calls take the generated
     * path, screened again (never another caller's answer). The codec's buffers are wiped in
     * any case.
     */
    private inline fun <T : Any> lean(
        count: Int,
        encode: (LeanCodec) -> Boolean,
        entry: (Long, ByteBuffer, Int, ByteBuffer, Int) -> Int,
        decode: (LeanCodec, Int) -> T,
    ): T? {
        val codec = LeanCodec.current()
        var length = 0
        try {
            if (!encode(codec)) return null
            val input = codec.input
            val output = codec.output
            output.clear()
            length = entry(handle, input, input.limit(), output, output.capacity())
            if (length < 0) {
                codec.outgrown(-length, count)
                val grown = codec.output
                grown.clear()
                length = LeanLib.ringfence_lean_take(input, input.limit(), grown, grown.capacity())
            }
            return if (length > 0) decode(codec, length) else null
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

    external fun ringfence_lean_screen_batch(handle: Long, input: ByteBuffer, inputLen: Int, out: ByteBuffer, outCapacity: Int): Int

    external fun ringfence_lean_take(input: ByteBuffer, inputLen: Int, out: ByteBuffer, outCapacity: Int): Int

    external fun ringfence_lean_release(handle: Long)
}

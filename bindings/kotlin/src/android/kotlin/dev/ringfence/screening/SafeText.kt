package dev.ringfence.screening

/**
 * Replaces every unpaired UTF-16 surrogate with U+FFFD.
 *
 * The generated bindings encode strings to UTF-8 with a strict encoder and throw
 * `java.nio.charset.MalformedInputException` on an unpaired surrogate before Rust is reached.
 * Caller IDs, CNAP names and list files come from outside the app, so everything this layer
 * hands to the bindings goes through here first. Well-formed strings are returned as they are.
 */
fun String.toWellFormed(): String {
    var i = 0
    while (i < length) {
        val c = this[i]
        val paired = when {
            Character.isHighSurrogate(c) -> i + 1 < length && Character.isLowSurrogate(this[i + 1])
            Character.isLowSurrogate(c) -> false
            else -> { i++; continue }
        }
        if (!paired) return repairFrom(i)
        i += 2
    }
    return this
}

private fun String.repairFrom(start: Int): String {
    val out = StringBuilder(length).append(this, 0, start)
    var i = start
    while (i < length) {
        val c = this[i]
        if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(this[i + 1])) {
            out.append(c).append(this[i + 1])
            i += 2
            continue
        }
        out.append(if (Character.isSurrogate(c)) '\uFFFD' else c)
        i++
    }
    return out.toString()
}

/** [toWellFormed], trimmed; `null` when absent or blank. */
fun String?.cleanOrNull(): String? = this?.toWellFormed()?.trim()?.takeIf { it.isNotEmpty() }

package dev.ringfence.screening

import dev.ringfence.Language
import dev.ringfence.Screener
import dev.ringfence.ScreenerConfig
import dev.ringfence.ScreenerInterface
import java.lang.reflect.InvocationHandler
import java.lang.reflect.Proxy

/**
 * A [ScreenerInterface] whose every method runs [handler]: a Proxy, so the fake keeps compiling
 * when the bindings grow new methods.
 */
fun fakeScreener(handler: (method: String) -> Any?): ScreenerInterface =
    Proxy.newProxyInstance(
        ScreenerInterface::class.java.classLoader,
        arrayOf(ScreenerInterface::class.java),
        InvocationHandler { _, method, _ -> handler(method.name) },
    ) as ScreenerInterface

/** A real screener (the host library through JNA) for Switzerland, in English. */
fun realScreener(): Screener = Screener(ScreenerConfig(language = Language.EN, defaultRegion = "CH"))

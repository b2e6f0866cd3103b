package io.salience.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the C allocator (glibc's malloc, which PyTorch's CPU tensors come from) to keep freed memory
 * for reuse instead of handing it back to the operating system.
 *
 * <p>By default glibc serves every block above 32 MB (and, until its threshold adapts, above
 * 128 KB) with a fresh {@code mmap} and unmaps it on free, and trims the heap's free top at 128 KB.
 * A training step allocates and frees hundreds of such tensors, so each step page-faults its
 * working set in again: measured here, 124,000 minor faults per step at batch 64 and 700,000 at
 * batch 128 (2.8 GB zeroed by the kernel per step), a third of the step's time at batch 128.
 * With mmap off and trimming off, the freed blocks stay in the heap and the next step reuses them.
 * One more setting covers the engine's worker threads: each has an arena of its own, made of 64 MB
 * heaps, and glibc unmaps a heap that has become wholly free whatever the trim threshold unless
 * the top pad asks to keep that much; without a 64 MB pad a step still faulted 37,000 to 74,000
 * pages in again (measured at batch 64, steps 3 to 10), with it a few hundred. The price is that
 * the process keeps its peak native memory, which a training or serving process needs again within
 * a second anyway.
 */
public final class NativeMemory {

    private static final Logger log = LoggerFactory.getLogger(NativeMemory.class);

    // glibc's malloc.h parameter numbers.
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_MAX = -4;
    /** glibc's largest heap of a thread's arena (2 x the 32 MB mmap threshold maximum on 64 bits). */
    private static final int ARENA_HEAP_BYTES = 64 << 20;
    /** Never trim: larger than any heap this process will have. */
    private static final int NEVER_TRIM = Integer.MAX_VALUE;

    private static volatile boolean applied;

    private NativeMemory() {}

    /**
     * Applies the settings once per process. Returns whether the allocator took them; on a C
     * library without {@code mallopt} (macOS, or musl, where it does nothing) it logs why not and
     * the engine runs with the allocator's defaults.
     */
    public static synchronized boolean keepFreedMemory() {
        if (applied) {
            return true;
        }
        if (!Platform.isLinux()) {
            log.info("Native memory: allocator defaults kept (mallopt is glibc's, this is {})", System.getProperty("os.name"));
            return false;
        }
        try {
            Function mallopt = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("mallopt");
            boolean ok = mallopt.invokeInt(new Object[] {M_MMAP_MAX, 0}) == 1
                    && mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, NEVER_TRIM}) == 1
                    && mallopt.invokeInt(new Object[] {M_TOP_PAD, ARENA_HEAP_BYTES}) == 1;
            if (!ok) {
                log.info("Native memory: the C library refused mallopt; allocator defaults kept");
                return false;
            }
            applied = true;
            log.info("Native memory: freed tensor memory is kept for reuse (malloc without mmap, no trimming, arena heaps kept)");
            return true;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.info("Native memory: allocator defaults kept ({})", e.toString());
            return false;
        }
    }
}

#include "lexsim/simulation/threads.hpp"

#include <array>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <oneapi/tbb/task_arena.h>
#include <thread>

namespace lexsim::sim {

namespace {

/**
 * A worker's one-time set-up, in a task start_threads enqueues: by the time it runs, the scheduler has made
 * the thread and its per-thread state, and the allocations here make the thread's own allocation arena (glibc
 * gives one to each thread at its first allocation) and fault in its first pages. A worker that picks up a
 * second such task has nothing left to do.
 */
void set_up_worker() {
    thread_local bool done = false;
    if (done)
        return;
    done = true;
    // A run's worker allocates its buffers of under 128 KiB (the rest are mapped apart) from its own arena,
    // whose fresh pages fault at first touch, while the calling thread reuses what loading freed. So the
    // worker touches that much here, during the load, and frees it below a block it keeps: glibc returns
    // only free memory at the top of an arena to the kernel, so this stays for the run's buffers.
    // 768 KiB: a TrialWorker's small buffers, or a schedule worker's block scratch and counts (about 0.5 MB
    // on the corpus; with 256 KiB its counts still took ~1 ms of faults and it joined the loop late).
    constexpr size_t block = size_t{16} << 10, blocks = 48;
    std::array<void*, blocks> warm{};
    for (void*& p : warm) {
        p = std::malloc(block); // NOLINT(cppcoreguidelines-no-malloc): memory for the thread's arena
        if (p != nullptr)
            std::memset(p, 0, block);
        asm volatile("" : : "r"(p) : "memory"); // the stores are the point: not to be optimised away
    }
    // Above the warm blocks, for the thread's life. 64 KiB, left untouched: a small block came from the
    // thread's cache of freed chunks, below the warm blocks, which glibc then trimmed away at the top (the
    // run faulted them in again); no free chunk of the fresh arena is this large, so it comes from the top.
    thread_local std::unique_ptr<char[]> keep;
    keep.reset(new char[size_t{64} << 10]); // NOLINT(cppcoreguidelines-owning-memory): default-initialised
    for (void* p : warm)
        std::free(p); // NOLINT(cppcoreguidelines-no-malloc)
}

/**
 * Kept for the process's life. The pool's workers outlive the arenas that used them (oneTBB 2021: an idle
 * worker sleeps in the pool), and a run's own arena takes them without starting new threads; this arena
 * staying alive keeps them so whatever a version does when its last arena goes. The starter thread
 * initialises it; it is joined before the arena goes.
 */
struct StartedPool {
    tbb::task_arena arena;
    std::thread starter;
    explicit StartedPool(int threads) : arena(threads > 0 ? threads : tbb::task_arena::automatic) {}
    StartedPool(const StartedPool&) = delete;
    StartedPool& operator=(const StartedPool&) = delete;
    ~StartedPool() {
        if (starter.joinable())
            starter.join();
    }
};

} // namespace

void start_threads(int threads) {
    if (threads == 1)
        return;
    static std::once_flag once;
    std::call_once(once, [threads] {
        static StartedPool pool(threads);
        // TBB's first initialisation costs its calling thread milliseconds: a thread of its own pays it.
        pool.starter = std::thread([] {
            pool.arena.initialize();
            // Enqueued tasks are run by workers, never by this thread; a run's caller is its other thread.
            for (int i = 1; i < pool.arena.max_concurrency(); ++i)
                pool.arena.enqueue(set_up_worker);
        });
    });
}

} // namespace lexsim::sim

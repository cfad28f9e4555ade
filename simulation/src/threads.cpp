#include "lexsim/simulation/threads.hpp"

#include <cstdlib>
#include <mutex>
#include <oneapi/tbb/task_arena.h>

namespace lexsim::sim {

namespace {

/**
 * A worker's one-time set-up, in a task start_threads enqueues: by the time it runs, the scheduler has made
 * the thread and its per-thread state; the malloc here makes the thread's own allocation arena (glibc gives
 * one to each thread at its first allocation), so the first trial's allocations do not. A worker that picks
 * up a second such task has nothing left to do.
 */
void set_up_worker() {
    thread_local bool done = false;
    if (done)
        return;
    done = true;
    void* p = std::malloc(64); // NOLINT(cppcoreguidelines-no-malloc): the thread's allocation arena, once
    std::free(p);              // NOLINT(cppcoreguidelines-no-malloc)
}

} // namespace

void start_threads(int threads) {
    if (threads == 1)
        return;
    static std::once_flag once;
    std::call_once(once, [threads] {
        // Kept for the process's life. The pool's workers outlive the arenas that used them (oneTBB 2021:
        // an idle worker sleeps in the pool), and a later arena of a run takes them without starting new
        // threads; this arena staying alive keeps them so whatever a version does when its last arena goes.
        static tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
        arena.initialize();
        // Enqueued tasks are run by workers, never by this thread; a run's caller is its other thread.
        for (int i = 1; i < arena.max_concurrency(); ++i)
            arena.enqueue(set_up_worker);
    });
}

} // namespace lexsim::sim

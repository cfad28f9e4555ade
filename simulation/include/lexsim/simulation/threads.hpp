#pragma once
/**
 * @brief Starting the worker threads of a parallel run early, while the caller still loads its input.
 *
 * A thread pool's workers are created when the first parallel loop asks for them, and on some machines
 * that takes milliseconds (creating the threads, their first-touched stacks, per-thread allocator and
 * scheduler state: on a virtual machine every fresh page costs about 10 µs). `lexsim simulate` and
 * `lexsim schedule` call start_threads first, so the workers start and set themselves up while the rules
 * and the scenario are read, the way a server starts its pool before its first request. Results never
 * depend on it: which thread runs which trial never changes a number.
 *
 *     sim::start_threads(options.threads); // returns at once
 *     ... load rules and scenario, then simulate / run_schedule with the same thread count ...
 */

namespace lexsim::sim {

/**
 * Asks the thread pool for the workers a run with `threads` threads will use (0: one per core) and has each
 * do its one-time set-up in a task of its own; returns without waiting. Nothing to do for one thread. The
 * workers stay in the pool for the rest of the process, idle between runs. Calling it again, with any
 * count, does nothing.
 */
void start_threads(int threads);

} // namespace lexsim::sim

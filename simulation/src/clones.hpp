#pragma once
// LEXSIM_CLONES: one version of a hot loop per instruction set (AVX-512F, AVX2, the default), picked at load
// time by an ifunc resolver. The resolver runs before ThreadSanitizer's runtime is up and crashes a TSan
// build at start-up, so that build keeps the default version only. Every version must give the same bits:
// the files that use it are compiled without floating-point contraction (simulation/CMakeLists.txt).
#if defined(__SANITIZE_THREAD__)
#define LEXSIM_CLONES
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define LEXSIM_CLONES
#endif
#endif
#ifndef LEXSIM_CLONES
#define LEXSIM_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif

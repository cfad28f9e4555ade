#pragma once
// 128-bit intermediates for exact fixed-point products (a GCC/Clang extension).
namespace lexsim::rules::detail {
__extension__ using i128 = __int128;
}

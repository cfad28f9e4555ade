#pragma once
// 128-bit intermediates for exact fixed-point products (a GCC/Clang extension).
namespace lexsim::rules::detail {
__extension__ typedef __int128 i128;
}

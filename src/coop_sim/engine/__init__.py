"""numba kernels: plain arrays in, arrays out; nothing compiles at import."""

//! Examples and end-to-end tests of the generated `whop` crate live in `examples/` and `tests/`.

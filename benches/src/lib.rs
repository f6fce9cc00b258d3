//! Criterion benchmarks for the workspace; see `benches/`. This library is empty.

//! The batch route under load: concurrent large batches are bounded in number, time and memory.

//! Connections: slow and idle clients are closed, the connection cap holds, shutdown is bounded.

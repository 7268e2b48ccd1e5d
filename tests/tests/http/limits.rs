//! Per-client rate limits, load shedding, request ids, the access log and errors raised before routing.
